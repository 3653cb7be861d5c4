"""Reading .txt/.md/.pdf/.docx documents into numbered lines."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from knowledge.documents import DocumentError, iter_documents, read_lines

# Each plan ends with a line holding one space, after the last line break.
PLAN_LINES = {
    "000_70a21745fc2051a6.txt": 567,
    "001_8dddb4168cf57781.txt": 477,
    "002_5a9df9d2529f8b91.txt": 1681,
    "003_02ff733e959bda6d.txt": 242,
    "004_481bc68ca49afa68.txt": 911,
}


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, one page per list."""
    page_ids = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = [
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines
        ]
        ops = ["BT /F1 12 Tf 14 TL 72 720 Td", *(f"({line}) Tj T*" for line in shown), "ET"]
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def make_docx(path: Path) -> Path:
    """A plan with a paragraph, a soft line break, a task table with a merged cell, and a
    closing paragraph."""
    document = Document()
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Dòng một\nDòng hai")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"], strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "Số hóa hồ sơ", "Văn phòng Sở", "Năm 2025"], strict=True
    ):
        cell.text = text
    row = table.rows[2].cells
    row[0].text, row[1].text = "2", "Niêm yết\ncông khai TTHC"
    row[2].merge(row[3]).text = "Các phòng"
    document.add_paragraph("Nơi nhận:")
    document.save(str(path))
    return path


def test_text_lines_match_editor_numbering(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("dòng 1\r\ndòng 2\n\ndòng\f4\n".encode())
    assert read_lines(path) == ["dòng 1", "dòng 2", "", "dòng\f4"]


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.md"
    path.write_text("# Kế hoạch\n- Văn phòng Sở chủ trì", encoding="utf-8")
    assert read_lines(path) == ["# Kế hoạch", "- Văn phòng Sở chủ trì"]


def test_cp1258_falls_back_and_is_composed(tmp_path: Path) -> None:
    # Windows-1258 writes tone marks as combining characters after the letter.
    decomposed = unicodedata.normalize("NFD", "Thủ tục hành chính")
    path = tmp_path / "cu.txt"
    path.write_bytes(decomposed.encode("cp1258"))
    assert read_lines(path) == ["Thủ tục hành chính"]


def test_undecodable_bytes_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "hong.txt"
    path.write_bytes(b"ke hoach \x81\x8d\n")  # neither UTF-8 nor Windows-1258
    assert read_lines(path) == ["ke hoach \x81\x8d"]


def test_pdf_pages_give_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(make_pdf([["I. MUC DICH", "1. Muc dich (chung)"], ["II. NHIEM VU"]]))
    assert read_lines(path) == ["I. MUC DICH", "1. Muc dich (chung)", "II. NHIEM VU"]


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(make_pdf([[]]))
    with pytest.raises(DocumentError, match="không có lớp chữ"):
        read_lines(path)


def test_docx_paragraphs_and_table_rows_in_body_order(tmp_path: Path) -> None:
    lines = read_lines(make_docx(tmp_path / "ke-hoach.docx"))
    assert lines == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Dòng một",
        "Dòng hai",
        "TT | Nội dung | Đơn vị chủ trì | Thời gian",
        "1 | Số hóa hồ sơ | Văn phòng Sở | Năm 2025",
        "2 | Niêm yết công khai TTHC | Các phòng",
        "Nơi nhận:",
    ]


@pytest.mark.parametrize("name", ["hong.docx", "hong.pdf"])
def test_damaged_files_raise_document_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"khong phai tep that")
    with pytest.raises(DocumentError, match="bị hỏng"):
        read_lines(path)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    old = tmp_path / "ke-hoach.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DocumentError, match="Không hỗ trợ định dạng '.doc'"):
        read_lines(old)
    with pytest.raises(DocumentError, match="Không tìm thấy"):
        read_lines(tmp_path / "khong-co.txt")
    assert issubclass(DocumentError, ValueError)


def test_iter_documents_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    for name in ["b.txt", "a.PDF", "sub/c.docx", "sub/d.md", "anh.png", "~$b.docx", ".an.txt"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    other = tmp_path.parent / f"{tmp_path.name}-khac"
    other.mkdir()
    (other / "e.txt").write_bytes(b"x")
    found = [p.relative_to(tmp_path.parent).as_posix() for p in iter_documents([tmp_path, other])]
    base = tmp_path.name
    assert found == [
        f"{base}/a.PDF",
        f"{base}/b.txt",
        f"{base}/sub/c.docx",
        f"{base}/sub/d.md",
        f"{base}-khac/e.txt",
    ]


def test_iter_documents_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Không có thư mục"):
        list(iter_documents([tmp_path / "khong-co"]))


def test_real_plans_are_read_line_for_line(plans_dir: Path) -> None:
    assert [p.name for p in iter_documents([plans_dir])] == sorted(PLAN_LINES)
    for name, count in PLAN_LINES.items():
        lines = read_lines(plans_dir / name)
        assert len(lines) == count
        assert lines == (plans_dir / name).read_text(encoding="utf-8").splitlines()
