"""Intent macro-F1 overall and split by diacritics (with / without marks).

Two ways to get predictions; run with the Rasa venv from bot/:

1. Read what ``rasa test nlu --cross-validation`` wrote (needs ``--successes``):

       ../.venv-rasa/bin/rasa test nlu --domain domain --cross-validation --folds 3 \\
           --successes --out results/cv
       ../.venv-rasa/bin/python scripts/nlu_split_report.py results/cv

2. Run a grouped, seeded cross-validation itself (``--cross-validate N``):

       ../.venv-rasa/bin/python scripts/nlu_split_report.py results/cv-grouped \\
           --cross-validate 3

   Rasa's own folds are shuffled without a seed, and an accented example and its
   unaccented twin ("hủy lịch hẹn" / "huy lich hen") normalise to the same tokens,
   so one of them in training makes the other a free hit. The grouped split keeps
   examples with the same normalised text in one fold (StratifiedGroupKFold with
   a fixed seed): a stricter and repeatable number. With ``--ungrouped`` the
   folds are plain stratified ones like Rasa's, but seeded, so two configs can
   be compared on the same split.

Exits 1 when a target given with --min-overall / --min-plain is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sklearn.metrics import f1_score

from vntext import has_diacritics, normalize_text

BOT_DIR = Path(__file__).resolve().parents[1]

Prediction = tuple[str, str, str]  # text, gold intent, predicted intent
_NON_WORD = re.compile(r"[^\w]+")


def load_predictions(results_dir: Path) -> list[Prediction]:
    """All intent predictions from intent_successes.json and intent_errors.json."""
    rows: list[Prediction] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = results_dir / name
        if not path.is_file():
            raise SystemExit(f"{path} missing: run rasa test nlu with --successes")
        for item in json.loads(path.read_text(encoding="utf-8")):
            predicted = (item.get("intent_prediction") or {}).get("name") or "None"
            rows.append((item["text"], item["intent"], predicted))
    return rows


def macro_f1(rows: list[Prediction]) -> float:
    """Macro-F1 over the gold intents present in rows."""
    gold = [g for _, g, _ in rows]
    predicted = [p for _, _, p in rows]
    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro"))


def split_report(rows: list[Prediction]) -> dict[str, tuple[int, float]]:
    """Size and macro-F1 of all rows, rows with diacritics and rows without."""
    marked = [r for r in rows if has_diacritics(r[0])]
    plain = [r for r in rows if not has_diacritics(r[0])]
    return {
        "overall": (len(rows), macro_f1(rows)),
        "with_diacritics": (len(marked), macro_f1(marked)),
        "no_diacritics": (len(plain), macro_f1(plain)),
    }


def group_key(text: str) -> str:
    """Examples that normalise to the same tokens share a group."""
    return normalize_text(_NON_WORD.sub(" ", text))


def grouped_folds(seed: int, grouped: bool = True) -> Callable[[int, Any], Iterator[Any]]:
    """A drop-in for rasa.nlu.test.generate_folds, seeded; groups kept together."""
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedGroupKFold

    def generate(n: int, data: TrainingData) -> Iterator[tuple[TrainingData, TrainingData]]:
        examples = data.intent_examples
        labels = [example.get_full_intent() for example in examples]
        groups = [
            group_key(example.get("text")) if grouped else str(index)
            for index, example in enumerate(examples)
        ]
        splitter = StratifiedGroupKFold(n_splits=n, shuffle=True, random_state=seed)
        for train_index, test_index in splitter.split(examples, labels, groups):
            yield tuple(
                TrainingData(
                    training_examples=[examples[i] for i in index],
                    entity_synonyms=data.entity_synonyms,
                    regex_features=data.regex_features,
                    lookup_tables=data.lookup_tables,
                    responses=data.responses,
                )
                for index in (train_index, test_index)
            )

    return generate


def test_fold_only(combine_result: Callable[..., Any]) -> Callable[..., Any]:
    """Rasa's cross_validate also predicts every training example of every fold (its
    "train" metrics, which nobody reads here): a third of the run's CPU. Skip that call
    (the one without result lists); the test folds are evaluated as before."""

    async def combine(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("intent_results") is None and len(args) < 6:
            return args[0], args[1], args[2]
        return await combine_result(*args, **kwargs)

    return combine


def run_grouped_cross_validation(
    out: Path, folds: int, seed: int, config: Path, grouped: bool = True
) -> None:
    """Train and test on grouped folds; writes intent_successes/errors.json to out."""
    import rasa.nlu.test
    from rasa.shared.nlu.training_data.loading import load_data

    if str(BOT_DIR) not in sys.path:  # the pipeline's custom components (components.*)
        sys.path.insert(0, str(BOT_DIR))

    data = rasa.nlu.test.drop_intents_below_freq(
        load_data(str(BOT_DIR / "data" / "nlu")), cutoff=folds
    )
    rasa.nlu.test.generate_folds = grouped_folds(seed, grouped)
    rasa.nlu.test.combine_result = test_fold_only(rasa.nlu.test.combine_result)
    asyncio.run(
        rasa.nlu.test.cross_validate(
            data,
            folds,
            str(config),
            str(out),
            successes=True,
            errors=True,
            disable_plotting=True,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--cross-validate", type=int, metavar="FOLDS", default=0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--config", type=Path, default=BOT_DIR / "config.yml")
    parser.add_argument(
        "--ungrouped", action="store_true", help="seeded Rasa-style folds (twins may split)"
    )
    parser.add_argument("--min-overall", type=float, default=0.0)
    parser.add_argument("--min-plain", type=float, default=0.0)
    parser.add_argument("--errors", type=int, default=0, help="list N misclassified texts")
    args = parser.parse_args()

    if args.cross_validate:
        run_grouped_cross_validation(
            args.results_dir, args.cross_validate, args.seed, args.config, not args.ungrouped
        )
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
