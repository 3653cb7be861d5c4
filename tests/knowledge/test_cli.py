"""The CLI contract other issues rely on, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings


def _run(settings: KnowledgeSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOTCUA_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "knowledge", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def built(knowledge_settings: KnowledgeSettings, retriever: Retriever) -> KnowledgeSettings:
    return knowledge_settings  # the session fixture has built the index with the plans


def test_search_json_procedure_contract(built: KnowledgeSettings) -> None:
    done = _run(built, "search", "--json", "-k", "3", "lam giay khai sinh cho con")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip())
    assert set(answer) == {"query", "abstain", "latency_ms", "results", "clarify"}
    assert answer["abstain"] is False and answer["latency_ms"] > 0
    first = answer["results"][0]
    assert set(first) == {"kind", "id", "code", "name", "score"}
    assert first["kind"] == "procedure" and first["id"] == "ho-tich.khai-sinh"
    assert first["code"] == "1.001193"  # the official code, or null when it has none
    assert len(answer["results"]) == 3
    # the best are variants (foreign element, registered again) the question does not pick
    clarify = answer["clarify"]
    assert clarify["question"] == "Bạn cần thủ tục nào?"
    assert [set(o) for o in clarify["options"]] == [{"id", "code", "label"}] * 3
    assert clarify["options"][0] == {
        "id": "ho-tich.khai-sinh",
        "code": "1.001193",
        "label": "Đăng ký khai sinh",
    }
    given = _run(built, "search", "--json", "lam giay khai sinh cho con sinh o nuoc ngoai")
    assert json.loads(given.stdout)["clarify"] is None


def test_search_batch_documents_contract(
    built: KnowledgeSettings, plans_dir: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "q.txt"
    batch.write_text(
        "số hóa hồ sơ kết quả giải quyết thủ tục hành chính\n\nđánh giá cán bộ\n", "utf-8"
    )
    done = _run(
        built,
        "search",
        "--kind",
        "document",
        "--json",
        "--documents",
        str(plans_dir),
        "--batch",
        str(batch),
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["query"] for a in answers] == [
        "số hóa hồ sơ kết quả giải quyết thủ tục hành chính",
        "đánh giá cán bộ",
    ]
    hit = answers[0]["results"][0]
    assert set(hit) == {"kind", "source", "lines", "text", "score"}
    assert hit["kind"] == "document" and hit["source"].endswith(".txt")
    start, end = hit["lines"]
    assert 1 <= start <= end


def test_out_of_scope_question_abstains(built: KnowledgeSettings) -> None:
    done = _run(built, "search", "--json", "hôm nay thời tiết Hà Nội thế nào")
    assert json.loads(done.stdout)["abstain"] is True
    dispute = json.loads(_run(built, "search", "--json", "kiện hàng xóm").stdout)
    assert dispute["abstain"] is True and dispute["results"] == []
    assert dispute["referral"]["matter"] == "tranh-chap-dan-su"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "   "), "Câu hỏi rỗng"),
        (("search", "--batch", "/no/such/file.txt"), "Không đọc được tệp"),
        (("search", "-k", "0", "khai sinh"), "-k"),
    ],
)
def test_errors_are_one_line(built: KnowledgeSettings, args: tuple[str, ...], message: str) -> None:
    done = _run(built, *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_eval_prints_split_metrics_and_rejects_bad_lines(
    built: KnowledgeSettings, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        '{"question": "đăng ký kết hôn cần gì", "expected": "ho-tich.ket-hon"}\n'
        '{"question": "dang ky tam tru o dau", "expected": "cu-tru.tam-tru"}\n'
        '{"question": "giá vàng hôm nay", "expected": null}\n',
        "utf-8",
    )
    done = _run(built, "eval", str(good))
    assert done.returncode == 0, done.stderr
    for label in (
        "recall@1",
        "recall@3",
        "recall@5",
        "MRR@10",
        "abstain",
        "with diacritics",
        "without diacritics",
    ):
        assert label in done.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"question": "khai sinh", "expected": "ho-tich.khai-sinh"}\nnot json\n', "utf-8"
    )
    done = _run(built, "eval", str(bad))
    assert done.returncode != 0 and "dòng 2" in done.stderr and "Traceback" not in done.stderr
