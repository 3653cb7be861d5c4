"""What citizens' shorthand, abbreviations and regional words mean.

Every key is a *spelling* in lower case, written with its marks ("hông", "đc",
"mần"). A typed word matches a spelling when it is typed exactly so, or typed
with no mark at all and folds to it: "hông" matches "hông" and "hong", never
"hỏng" (damaged) or "hồng" (pink); "đc" matches "đc" and "dc". Readings are
folded words (see vntext.marks.fold).

A plain spelling that means different things (folded "hong" is "hông" = không,
"hỏng" or "hồng") is read by its neighbours (SENSES); when no sense fits,
SHORTHAND decides, and a word found in neither is only folded.
"""

from __future__ import annotations

from dataclasses import dataclass

# The word before or after is a number ("50 k", "2 tr").
NUMBER = "#"

SHORTHAND: dict[str, str] = {
    # không
    "ko": "khong", "k": "khong", "kh": "khong", "khg": "khong", "kg": "khong",
    "hông": "khong", "hok": "khong", "hk": "khong", "hem": "khong", "khum": "khong",
    # chat shorthand
    "đc": "duoc", "đk": "dang ky", "đky": "dang ky", "dkien": "dieu kien",
    "j": "gi", "ji": "gi", "bn": "bao nhieu", "bnhieu": "bao nhieu", "ntn": "nhu the nao",
    "vs": "voi", "ms": "moi", "mk": "minh", "mik": "minh", "r": "roi", "v": "vay",
    "z": "vay", "ng": "nguoi", "ngta": "nguoi ta", "mn": "moi nguoi", "e": "em",
    "bít": "biet", "bik": "biet", "wa": "qua", "trc": "truoc", "hnay": "hom nay", "hqua": "hom qua",
    "bh": "bao gio", "tk": "tai khoan", "stk": "so tai khoan", "tp": "thanh pho",
    "vk": "vo", "ck": "chong", "bme": "bo me", "bm": "bo me", "xn": "xac nhan",
    "tt": "thong tin", "hs": "ho so", "stt": "so thu tu", "sđt": "so dien thoai",
    "đt": "dien thoai", "ks": "khai sinh", "gks": "giay khai sinh",
    "pass": "ho chieu", "passport": "ho chieu", "visa": "thi thuc",
    # abbreviations of papers, agencies and procedures
    "cccd": "can cuoc cong dan", "cmnd": "chung minh nhan dan", "cmt": "chung minh thu",
    "cc": "can cuoc", "gplx": "giay phep lai xe", "tnhh": "trach nhiem huu han",
    "mtv": "mot thanh vien", "ctcp": "cong ty co phan", "cty": "cong ty", "mst": "ma so thue",
    "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi", "bhtn": "bao hiem that nghiep",
    "gcn": "giay chung nhan", "qsdđ": "quyen su dung dat", "ubnd": "uy ban nhan dan",
    "hkd": "ho kinh doanh", "đkkd": "dang ky kinh doanh", "gpxd": "giay phep xay dung",
    "lltp": "ly lich tu phap", "tthc": "thu tuc hanh chinh", "attp": "an toan thuc pham",
    "hđmb": "hop dong mua ban", "vneid": "dinh danh dien tu",
    # southern and central words, written as spoken
    "sanh": "sinh", "tui": "toi", "mần": "lam", "lãnh": "linh", "giùm": "giup",
    "nhiu": "nhieu", "rứa": "vay", "ni": "nay", "qui": "quy",
    "sv": "sinh vien", "đh": "dai hoc", "dvc": "dich vu cong", "vp": "van phong",
}  # fmt: skip

# Abbreviations that plans and forms use too: also spelled out on the document side.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "tthc", "ubnd", "cccd", "cmnd", "gplx", "tnhh", "bhyt", "bhxh", "bhtn", "gcn", "qsdd",
        "hkd", "dkkd", "gpxd", "lltp", "attp", "mst", "sdt",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Sense:
    """A reading chosen when the word before is in `before` or the word after in `after`
    (neighbours folded; NUMBER stands for any number)."""

    reading: str
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()


def sense(reading: str, before: str = "", after: str = "") -> Sense:
    return Sense(reading, frozenset(before.split()), frozenset(after.split()))


SENSES: dict[str, tuple[Sense, ...]] = {
    # Folded "hong": "bị hong", "hư hong", "mất hoặc hong", "hong rồi" are hỏng
    # (damaged), "sổ hong" is sổ hồng; elsewhere the southern "hông" (không).
    "hong": (sense("hong", before="bi hu hoac so", after="roi het"),),
    "hem": (sense("hem", before="trong vao con"),),  # "trong hem" is trong hẻm
    "k": (sense("nghin", before=NUMBER),),  # "50 k" is 50 nghìn
    "tr": (sense("trieu", before=NUMBER),),  # "2 tr" is 2 triệu
    "đk": (sense("dieu kien", before="du"),),  # "đủ đk" is đủ điều kiện
    "cc": (sense("chung chi", after="hanh"),),  # "cc hành nghề" is chứng chỉ
    "tt": (sense("tam tru", before="ky dk"), sense("thu tuc", after="hanh hc")),
    "đt": (sense("dien tich", after="dat"),),  # "đt đất" is diện tích
    "ck": (sense("chuyen khoan", before="toan", after="tien qua"),),
    "bn": (sense("ban", after="oi"),),  # "bn ơi" is bạn ơi
    "bh": (sense("bao hiem", before="dong mua", after="y xa that xe"),),  # "đóng bh"
    "lãnh": (sense("lanh", after="dao su tho"),),  # lãnh đạo, lãnh sự, lãnh thổ
    "mần": (sense("man", after="han hinh"),),  # plain "man hinh" is màn hình
    "kí": (sense("ky", before="dang dk chu"),),  # đăng kí, chữ kí
    "lí": (sense("ly", after="lich do"),),  # lí lịch, lí do
    # Central question words: "ở mô" is ở đâu, "làm răng" làm sao, "cần chi" cần gì.
    "mô": (sense("dau", before="o di"), sense("nao", before="cho")),
    "răng": (sense("sao", before="lam"), sense("the", after="rua")),
    "rứa": (sense("nao", before="rang"),),
    "chi": (sense("gi", before="can la cai mang lam", after="rua"),),
    "ri": (sense("vay", before="nhieu nhiu"),),
    "bi": (sense("bao", after="nhieu nhiu"),),  # central "bi nhiêu" is bao nhiêu
}
