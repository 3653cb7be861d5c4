"""Intent macro-F1 overall and split by diacritics, from cross-validation output.

Run with the Rasa venv after a cross-validation that wrote both successes and
errors, e.g. from bot/:

    ../.venv-rasa/bin/rasa test nlu --domain domain --cross-validation --folds 3 \
        --successes --out results/cv
    ../.venv-rasa/bin/python scripts/nlu_split_report.py results/cv

Exits non-zero when a target given with --min-overall / --min-plain is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from components.folding import has_diacritics  # noqa: E402

Prediction = Tuple[str, str, str]  # text, gold intent, predicted intent


def load_predictions(results_dir: Path) -> List[Prediction]:
    """All intent predictions from intent_successes.json and intent_errors.json."""
    rows: List[Prediction] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = results_dir / name
        if not path.is_file():
            raise SystemExit(f"{path} missing: run rasa test nlu with --successes")
        for item in json.loads(path.read_text(encoding="utf-8")):
            predicted = (item.get("intent_prediction") or {}).get("name") or "None"
            rows.append((item["text"], item["intent"], predicted))
    return rows


def macro_f1(rows: List[Prediction]) -> float:
    """Macro-F1 over the gold intents present in rows."""
    gold = [g for _, g, _ in rows]
    predicted = [p for _, _, p in rows]
    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro"))


def split_report(rows: List[Prediction]) -> Dict[str, Tuple[int, float]]:
    """Size and macro-F1 of all rows, rows with diacritics and rows without."""
    marked = [r for r in rows if has_diacritics(r[0])]
    plain = [r for r in rows if not has_diacritics(r[0])]
    return {
        "overall": (len(rows), macro_f1(rows)),
        "with_diacritics": (len(marked), macro_f1(marked)),
        "no_diacritics": (len(plain), macro_f1(plain)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--min-overall", type=float, default=0.0)
    parser.add_argument("--min-plain", type=float, default=0.0)
    parser.add_argument("--errors", type=int, default=0, help="list N misclassified texts")
    args = parser.parse_args()

    rows = load_predictions(args.results_dir)
    report = split_report(rows)
    for name, (size, score) in report.items():
        print(f"{name:16s} n={size:4d}  intent macro-F1={score:.4f}")
    if args.errors:
        confusions = Counter((g, p) for _, g, p in rows if g != p)
        print("top confusions (gold -> predicted):")
        for (gold, predicted), count in confusions.most_common(args.errors):
            print(f"  {count:3d}  {gold} -> {predicted}")
        for text, gold, predicted in [r for r in rows if r[1] != r[2]][: args.errors]:
            print(f"  {gold:22s} -> {predicted:22s} {text}")
    ok = report["overall"][1] >= args.min_overall and report["no_diacritics"][1] >= args.min_plain
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
