"""Read plan documents (.txt, .md, .pdf, .docx) as numbered lines.

Line numbers are what citations point at, so a text file is split on line
breaks only (as editors and `sed -n` count them), never on form feeds or other
Unicode separators. A PDF gives its pages' lines in order; a .docx gives its
paragraphs and table rows in body order, one table row per line with the cells
joined by " | ".
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from pypdf import PdfReader
from pypdf.errors import PyPdfError

TEXT_SUFFIXES = frozenset({".txt", ".md"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}
# Vietnamese text from old tools is often Windows-1258; latin-1 never fails.
FALLBACK_ENCODINGS = ("cp1258", "latin-1")
CELL_SEPARATOR = " | "


class DocumentError(ValueError):
    """A document cannot be read (missing, damaged or of an unsupported type)."""


def read_lines(path: Path) -> list[str]:
    """The document's lines in reading order, NFC-normalised, without line breaks."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"Không hỗ trợ định dạng '{suffix or path.name}' ({path.name}); "
            "chỉ đọc được .txt, .md, .pdf, .docx"
        )
    if not path.is_file():
        raise DocumentError(f"Không tìm thấy tệp văn bản: {path}")
    if suffix in TEXT_SUFFIXES:
        lines = _text_lines(path)
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        lines = _docx_lines(path)
    return [unicodedata.normalize("NFC", line) for line in lines]


def iter_documents(folders: Sequence[Path]) -> Iterator[Path]:
    """Supported documents under the folders, recursively, sorted within each folder."""
    seen: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            raise DocumentError(f"Không có thư mục văn bản: {folder}")
        for path in sorted(folder.rglob("*")):
            if _is_document(path) and path.resolve() not in seen:
                seen.add(path.resolve())
                yield path


def _is_document(path: Path) -> bool:
    # "~$x.docx" is Word's lock file and dot files are hidden: neither is a document.
    hidden = path.name.startswith((".", "~$"))
    return path.is_file() and not hidden and path.suffix.lower() in SUPPORTED_SUFFIXES


def _split(text: str) -> list[str]:
    """Split on line breaks only; a final line break does not start a new line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _text_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Không đọc được tệp {path.name}: {exc}") from exc
    try:
        return _split(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            return _split(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte string")  # pragma: no cover


def _pdf_lines(path: Path) -> list[str]:
    try:
        reader = PdfReader(path)
        encrypted = reader.is_encrypted
        pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"Tệp PDF {path.name} bị hỏng hoặc không đọc được: {exc}") from exc
    if encrypted:
        raise DocumentError(f"Tệp PDF {path.name} được đặt mật khẩu, không đọc được")
    lines = [line for page in pages for line in _split(page)]
    if not any(line.strip() for line in lines):
        raise DocumentError(
            f"Tệp PDF {path.name} không có lớp chữ (có thể là bản quét); "
            "cần nhận dạng chữ (OCR) trước"
        )
    return lines


def _docx_lines(path: Path) -> list[str]:
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"Tệp .docx {path.name} bị hỏng hoặc không đọc được: {exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.extend(_split(block.text) or [""])
    return lines


def _table_rows(table: Table) -> list[str]:
    """One line per row; a merged cell is repeated by python-docx, so keep it once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(CELL_SEPARATOR.join(cells))
    return rows
