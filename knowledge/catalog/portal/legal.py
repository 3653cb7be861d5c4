"""The "Căn cứ pháp lý" table (title + number) and the "Kết quả xử lý" list (name + code).

Legal basis rows are a title cell and a number cell run together:
"Luật Quản lý thuế38/2019/QH14Nghị định 126/2020/NĐ-CP126/2020/NĐ-CP". A row
ends at a document number that a letter follows at once (the next title) or that
ends the text; a number followed by a space, a bracket or punctuation belongs to
a title ("... số 171/2016/NĐ-CP).").  The number cell may carry its own words
("Luật số 32/2024/QH15"); they are not repeated in the title.

Results read "Giấy phép ...Mã: KQ.G10.000272Quyết định ...Mã: KQ.G10.000874" and
end where the page's footer starts ("Từ khóa", "Mô tả", the agency picker).
"""

from __future__ import annotations

import re

from knowledge.catalog.facts import LegalBasis, ResultDocument
from knowledge.catalog.portal.cells import is_empty, one_line

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_SUFFIX = r"(?:UBTVQH\d{1,2}|QH\d{1,2}|L-CTN|[A-ZĐ]{1,8}(?:-(?:TTg|[A-ZĐ]+))+)"
# Issuers that end a document number; a capital after one of them starts the next title
# ("NĐ-CPNghị định"), while "TT-BTCsửa đổi" ends at BTC.
ISSUERS = frozenset(
    "CP TTg BTC BCA BTP BXD NHNN BNNMT BNNPTNT BGTVT BYT BTNMT BCT BLĐTBXH BKHĐT BNV BQP "  # noqa: SIM905
    "BGDĐT BVHTTDL BTTTT BKHCN UBND HĐND TANDTC VKSNDTC BNG TTCP KTNN VPCP HĐTP BKH BHXH "
    "VPQH CTN".split()
)
_NUMBER = rf"\d{{1,5}}/(?:\d{{4}}/)?{_SUFFIX}"
_KINDS = r"(?:Luật|Luất|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh)"
_CELL = re.compile(rf"(?:{_KINDS}\s+)?(?:[Ss]ố\s+)?({_NUMBER})")
_RESULT_CODE = re.compile(r"(?:[A-Z0-9]+[.\-])*[A-Z]*\d+")
_FOOTER = ("Từ khóa", "Chọn cơ quan thực hiện")


def parse_legal_basis(text: str) -> list[LegalBasis]:
    body = text.strip()
    body = body[len(LEGAL_HEADER) :] if body.startswith(LEGAL_HEADER) else body
    if is_empty(body):
        return []
    laws: list[LegalBasis] = []
    start = position = 0
    while match := _CELL.search(body, position):
        end = _trimmed_end(body, match)
        position = end
        after = body[end : end + 1]
        if match.start() <= start or (after and not after.isalpha()):
            continue  # a number inside a title, or a row without a title yet
        number = body[match.start(1) : end]
        title = one_line(body[start : match.start()]).rstrip(" ;,.")
        laws.append(_law(title, body[match.start() : end], number))
        start = end
    rest = one_line(body[start:]).rstrip(" ;,.")
    if rest:
        laws.append(_law(rest, "", _number_in(rest)))
    return laws


def _trimmed_end(body: str, match: re.Match[str]) -> int:
    """The number's end, giving back the capitals an unknown issuer took from the next
    title: "NĐ-CPNghị" -> "NĐ-CP", "NĐ-CPLUẬT" -> "NĐ-CP" (but "TT-BTCsửa" keeps BTC)."""
    end = match.end()
    issuer = re.split(r"[-/]", match.group(1))[-1]
    if issuer in ISSUERS or issuer.startswith(("QH", "UBTVQH")):
        return end
    known = [len(i) for i in ISSUERS if issuer.startswith(i)]
    return end - (len(issuer) - max(known)) if known else end


def _law(title: str, cell: str, number: str | None) -> LegalBasis:
    """A row; a title too short to stand alone (or absent) is the number cell itself."""
    title = title if len(title) >= 5 else one_line(f"{title} {cell}") or cell
    if len(title) < 5:
        title = f"Văn bản {title}".strip()
    return LegalBasis(title=title, number=number)


def _number_in(text: str) -> str | None:
    match = re.search(_NUMBER, text)
    return match.group(0) if match else None


def parse_results(text: str) -> list[ResultDocument]:
    body = text
    for footer in _FOOTER:
        at = body.find(footer)
        body = body[:at] if at >= 0 else body
    results: list[ResultDocument] = []
    start = 0
    for marker in re.finditer(r"Mã:\s*", body):
        if marker.start() < start:
            continue
        code = _RESULT_CODE.match(body, marker.end())
        end = code.end() if code else marker.end()
        name = one_line(body[start : marker.start()])
        if name:
            results.append(ResultDocument(name=name, code=code.group(0) if code else None))
        start = end
    rest = one_line(body[start:])
    if rest and not is_empty(rest):
        results.append(ResultDocument(name=rest))
    return results
