"""bench/real.md: the real-scale run as tables, the issue's targets, and why hybrid misses."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence

import psutil

from knowledge.catalog.models import Origin, Procedure
from knowledge.evaluation import TABLE_HEADER, Metrics, Question, score
from knowledge.procedure_search import ProcedureResult
from knowledge.real_benchmark import SETS, VARIANT_SET, Answers, RealRun
from knowledge.text import has_diacritics
from knowledge.variants import Name, difference, parse_name

Pairs = Sequence[tuple[Question, ProcedureResult]]
EXAMPLES = 12


def split(pairs: Pairs) -> dict[str, Metrics]:
    """All questions, those typed with marks, those typed without."""
    return {
        "all": score(pairs),
        "with diacritics": score([p for p in pairs if has_diacritics(p[0].question)]),
        "without diacritics": score([p for p in pairs if not has_diacritics(p[0].question)]),
    }


def _top(result: ProcedureResult) -> str | None:
    return result.hits[0].id if result.hits else None


def names_found(run: RealRun, answers: Answers, marked: bool, depth: int = 1) -> float:
    """Share of names typed back whose entry (or one bearing the same name) is in the top."""
    pairs = [p for p in answers.names if has_diacritics(p[0].question) == marked]
    found = sum(any(h.id in run.same_name[q.question] for h in r.hits[:depth]) for q, r in pairs)
    return found / max(len(pairs), 1)


def names_strict(answers: Answers, marked: bool) -> float:
    pairs = [p for p in answers.names if has_diacritics(p[0].question) == marked]
    return sum(_top(r) == q.expected for q, r in pairs) / max(len(pairs), 1)


def _header(run: RealRun) -> list[str]:
    origins = Counter(p.origin for p in run.catalog)
    bundled = origins[Origin.CURATED] + origins[Origin.MERGED]
    cores = psutil.cpu_count() or 1
    busy = max(run.load) > cores
    return [
        f"# Retrieval at real scale ({time.strftime('%Y-%m-%d')})",
        "",
        f"`python -m knowledge bench --real`. Catalog: {len(run.catalog)} procedures = "
        f"{bundled} bundled ({origins[Origin.MERGED]} of them joined with their national "
        f"record) + {origins[Origin.NATIONAL]} national records with a full page + "
        f"{origins[Origin.LIST]} known only from the official lists; encoder "
        f"{run.encoder}; machine: {run.record.machine}. One query at a "
        "time; latency includes query encoding. Load average (1 min) "
        f"{run.load[0]:.1f} at the start of the searches, {run.load[1]:.1f} at the end"
        + (
            f" (above {cores} cores: other work shared them, timings are pessimistic)."
            if busy
            else "."
        ),
    ]


def _build(run: RealRun) -> list[str]:
    r = run.record
    cores = psutil.cpu_count() or 1
    how = (
        f"{r.encoded} distinct texts encoded, {r.reused} chunks repeat one"
        if r.full
        else f"{r.encoded} chunks encoded, {r.reused} vectors reused from an earlier index"
    )
    imported = f"{r.import_seconds} s" if r.import_seconds is not None else "(imported earlier)"
    return [
        "## Build",
        "",
        "| build | value |",
        "|---|---|",
        f"| import procedures.jsonl + 8 lists | {imported} |",
        f"| index build, {r.chunks} chunks ({how}) | {r.seconds:.0f} s wall, "
        f"{r.cpu_seconds:.0f} s CPU (≈ {r.cpu_seconds / cores / 60:.1f} min on {cores} idle "
        "cores) |",
        f"| peak memory during build | {r.peak_mb:.0f} MiB |",
        f"| load average during build | {r.load_before} at start, {r.load_after} at end |",
        f"| built | {r.date} |",
        f"| index size on disk | {run.index_mb} MiB |",
        f"| peak memory while searching (all retrievers loaded) | {run.search_peak_mb:.0f} MiB |",
    ]


def abstained(pairs: Pairs, in_scope: bool) -> str:
    """How many in-scope (or out-of-scope) questions were abstained on, of how many."""
    chosen = [r for q, r in pairs if (q.expected is not None) == in_scope]
    return f"{sum(r.abstain for r in chosen)}/{len(chosen)}"


def abstentions(pairs: Pairs) -> str:
    return (
        f"out of scope abstained {abstained(pairs, False)}, "
        f"in scope abstained {abstained(pairs, True)}"
    )


def by_detail(pairs: Pairs) -> str:
    """Recall@1 of the variant set per kind of detail (tests/data/real-variant-questions)."""
    details = {
        row["question"]: row["detail"]
        for row in (
            json.loads(line)
            for line in VARIANT_SET.read_text(encoding="utf-8").splitlines()
            if line
        )
    }
    found: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for q, r in pairs:
        detail = details.get(q.question, "?")
        asked[detail] += 1
        found[detail] += _top(r) == q.expected
    return ", ".join(f"{d} {found[d]}/{n}" for d, n in asked.most_common())


def _quality(run: RealRun) -> list[str]:
    lines = ["## Question sets", ""]
    for label, path in SETS:
        pairs = run.answers[0].by_set[label]
        lines += [f"### {label} ({len(pairs)} questions, {path})", "", TABLE_HEADER]
        for answers in run.answers:
            for part, metrics in split(answers.by_set[label]).items():
                lines.append(metrics.row(f"{answers.retriever}: {part}"))
        lines.append("")
        lines += [f"- {a.retriever}: {abstentions(a.by_set[label])}" for a in run.answers]
        lines.append("")
    lines += [
        "Variant questions found first, by the detail that picks the variant (hybrid): "
        + by_detail(run.answers[0].by_set["real variants"]),
        "",
    ]
    asked = sum(r.clarify is not None for _, r in run.answers[0].by_set["real variants"])
    lines.append(
        "BM25 only and dense only have no abstention rule: BM25 abstains only when no word "
        "matches, dense never. "
        f"Hybrid asked which variant on {asked} of the variant questions, each of which "
        "already says it (the ranking is scored as is; the question is asked besides)."
    )
    return lines


def _names(run: RealRun) -> list[str]:
    lines = [
        f"## Names typed back ({run.names_total} questions: every imported official name, "
        "as written and without marks)",
        "",
        "A name counts as found when the top hit is its entry or an entry with the same name "
        "under another code (no question can tell those apart); strict: its own entry.",
        "",
        "| retriever | typed | found first | strict first | in top 3 |",
        "|---|---|---|---|---|",
    ]
    for answers in run.answers:
        for marked, typed in ((True, "with marks"), (False, "without marks")):
            lines.append(
                f"| {answers.retriever} | {typed} | {names_found(run, answers, marked):.3f} "
                f"| {names_strict(answers, marked):.3f} "
                f"| {names_found(run, answers, marked, 3):.3f} |"
            )
    return lines


def _latency(run: RealRun) -> list[str]:
    lines = [
        "## Search latency (the three question sets, one query at a time)",
        "",
        "| retriever | queries | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    for a in run.answers:
        lines.append(
            f"| {a.retriever} | {len(a.latencies_ms)} | {a.quantile(50)} | {a.quantile(95)} |"
        )
    return lines


def _targets(run: RealRun) -> list[str]:
    ours, lexical = run.answers[0], run.answers[1]
    real = split(ours.by_set["real questions"])
    gap = real["with diacritics"].recall_at_1 - real["without diacritics"].recall_at_1
    behind = [
        label
        for label, _ in SETS
        for k in ("recall_at_1", "recall_at_3")
        if getattr(score(ours.by_set[label]), k) < getattr(score(lexical.by_set[label]), k)
    ]
    names = min(names_found(run, ours, True), names_found(run, ours, False))
    r = run.record
    build = f"{r.seconds / 60:.1f} min" + ("" if r.full else " (vectors reused: not a full build)")
    rows = [
        (
            "recall@1 ≥ 0.90 (real questions)",
            f"{real['all'].recall_at_1:.3f}",
            real["all"].recall_at_1 >= 0.90,
        ),
        (
            "recall@3 ≥ 0.97 (real questions)",
            f"{real['all'].recall_at_3:.3f}",
            real["all"].recall_at_3 >= 0.97,
        ),
        (
            "abstain accuracy ≥ 0.9 (real questions)",
            f"{real['all'].abstain_accuracy:.3f}",
            real["all"].abstain_accuracy >= 0.9,
        ),
        (
            "(no target) out-of-scope questions abstained",
            abstained(ours.by_set["real questions"], in_scope=False),
            None,
        ),
        ("no diacritics within 3 points (recall@1)", f"{gap * 100:+.1f} points", gap <= 0.03),
        (
            "never behind BM25 (recall@1, @3, every set)",
            ", ".join(sorted(set(behind))) or "never",
            not behind,
        ),
        ("names typed back found ≥ 99%", f"{names:.3f}", names >= 0.99),
        ("p95 ≤ 30 ms", f"{ours.quantile(95)} ms", ours.quantile(95) <= 30),
        ("full build ≤ 10 min", build, r.full and r.seconds <= 600),
    ]
    lines = ["## The issue's targets (hybrid)", "", "| target | measured | met |", "|---|---|---|"]
    marks = {True: "yes", False: "**no**", None: "—"}
    lines += [f"| {t} | {m} | {marks[ok]} |" for t, m, ok in rows]
    return lines


def _named(procedure: Procedure) -> Name:
    return parse_name(procedure.name, str(procedure.level))


def miss_cause(run: RealRun, by_id: dict[str, Procedure], q: Question, r: ProcedureResult) -> str:
    """Why hybrid's first answer is not the expected one."""
    top = _top(r)
    if top is None:
        return "nothing found"
    if top == q.expected:
        return "abstained (right procedure first, too unsure)"
    expected = by_id[q.expected or ""]
    first = by_id[top]
    siblings = run.variants.get(q.question) or []
    if (
        top in siblings
        or difference(_named(expected), first)
        or difference(_named(first), expected)
    ):
        return "a variant of it ranked first"
    if first.origin is Origin.LIST:
        return "an entry known only from a list ranked first"
    if first.origin in (Origin.CURATED, Origin.MERGED):
        return "a bundled entry ranked first"
    return "another national record ranked first"


def _failures(run: RealRun) -> list[str]:
    by_id = {p.id: p for p in run.catalog}
    lines = ["## Where hybrid misses", ""]
    for label, path in SETS[:2]:
        pairs = run.answers[0].by_set[label]
        misses = [(q, r) for q, r in pairs if q.expected and (_top(r) != q.expected or r.abstain)]
        causes = Counter(miss_cause(run, by_id, q, r) for q, r in misses)
        wrong = [(q, r) for q, r in pairs if q.expected is None and not r.abstain]
        lines += [f"### {label}: {len(misses)} in-scope questions not answered first ({path})", ""]
        lines += [f"- {cause}: {n}" for cause, n in causes.most_common()]
        if wrong:
            lines.append(f"- out-of-scope questions answered instead of abstaining: {len(wrong)}")
        lines += ["", "| question | first answer | expected |", "|---|---|---|"]
        for q, r in misses[:EXAMPLES]:
            top = _top(r)
            got = f"{by_id[top].name[:70]} ({top})" if top else "—"
            lines.append(f"| {q.question[:80]} | {got} | {by_id[q.expected or ''].name[:70]} |")
        for q, r in wrong[: EXAMPLES // 2]:
            lines.append(f"| {q.question[:80]} | {r.hits[0].name[:70]} | (out of scope) |")
        lines.append("")
    return lines


def render(run: RealRun) -> str:
    parts = [
        _header(run),
        _build(run),
        _quality(run),
        _names(run),
        _latency(run),
        _targets(run),
        _failures(run),
    ]
    return "\n".join("\n".join(p) + "\n" for p in parts).rstrip()
