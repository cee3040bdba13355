"""How many traps the engine flags for review, and its recall, on the labelled corpora.

Run: ``.venv/bin/python bench/legal_traps.py [--engine DIR]``. A trap is a labelled text in
which no registry entity is surely meant (``TRAPS`` of ``tests/legal/engine/corpus.py`` and
of ``corpus_round_two.py``); every ``review`` on one blocks publishing until a person
dismisses it. ``--engine DIR`` measures an older engine instead (``git archive <commit>
polosa | tar -x -C DIR``); the corpora always come from this checkout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _figures(matcher, samples, day) -> dict[str, int]:
    from tests.legal.engine.test_corpus import _compare

    out = {"samples": 0, "expected": 0, "found": 0, "false_sure": 0, "with_review": 0}
    for sample in samples:
        mentions = matcher.scan(sample.text, on=day)
        found, _missed, false_sure, _extra = _compare(sample, mentions)
        out["samples"] += 1
        out["expected"] += len(sample.expected)
        out["found"] += found
        out["false_sure"] += len(false_sure)
        out["with_review"] += any(m.certainty == "review" for m in mentions)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", help="root of another checkout whose engine to measure")
    args = parser.parse_args()
    # The engine from --engine (or this checkout); the corpora always from this checkout.
    sys.path.insert(0, str(ROOT))
    if args.engine:
        sys.path.insert(0, str(Path(args.engine).resolve()))
    from polosa.legal.engine import compile_entries
    from tests.legal.engine import corpus, corpus_round_two, registry

    first = compile_entries(registry.ENTRIES)
    second = compile_entries(corpus_round_two.ENTRIES)
    rows = [
        ("issue 3 traps", _figures(first, corpus.TRAPS, registry.CORPUS_DAY)),
        ("issue 14 traps", _figures(second, corpus_round_two.TRAPS.values(), corpus_round_two.DAY)),
        (
            "issue 14 mentions",
            _figures(second, corpus_round_two.MENTIONS.values(), corpus_round_two.DAY),
        ),
        ("issue 3 corpus", _figures(first, corpus.corpus(), registry.CORPUS_DAY)),
    ]
    engine = args.engine or str(ROOT)
    print(f"engine: {engine}")
    for name, f in rows:
        trap_note = f"texts flagged for review {f['with_review']:3}" if "traps" in name else ""
        recall = f["found"] / f["expected"] if f["expected"] else 1.0
        print(
            f"  {name:18} {f['samples']:4} texts; labelled mentions found {recall:7.2%}; "
            f"false sure {f['false_sure']:3}; {trap_note}"
        )


if __name__ == "__main__":
    main()
