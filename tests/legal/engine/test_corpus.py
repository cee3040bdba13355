"""Recall and precision of the engine on the annotated corpus."""

from __future__ import annotations

from collections import Counter

import pytest

from polosa.legal.engine import compile_entries

from .corpus import corpus
from .registry import CORPUS_DAY, ENTRIES


@pytest.fixture(scope="module")
def matcher():
    return compile_entries(ENTRIES)


def _compare(sample, mentions):
    """Pair expected and actual mentions; return (found, missed, false_sure, extra_review)."""
    actual = list(mentions)
    found, missed = 0, []
    for want in sample.expected:
        entry_id, certainty, *text = want
        for m in actual:
            if m.entry_id == entry_id and m.certainty == certainty:
                if text and text[0] not in m.text and m.text not in text[0]:
                    continue
                if text and m.text != text[0]:
                    continue
                actual.remove(m)
                found += 1
                break
        else:
            missed.append(want)
    false_sure = [m for m in actual if m.certainty == "sure"]
    extra_review = [m for m in actual if m.certainty == "review"]
    return found, missed, false_sure, extra_review


def test_corpus(matcher, capsys):
    samples = corpus()
    assert len(samples) >= 300
    totals = Counter()
    failures = []
    for sample in samples:
        mentions = matcher.scan(sample.text, on=CORPUS_DAY)
        found, missed, false_sure, extra_review = _compare(sample, mentions)
        totals["expected"] += len(sample.expected)
        totals["found"] += found
        totals["false_sure"] += len(false_sure)
        totals["extra_review"] += len(extra_review)
        if missed or false_sure or extra_review:
            failures.append((sample.note, sample.text, missed, mentions))
    recall = totals["found"] / totals["expected"]
    with capsys.disabled():
        print(
            f"\ncorpus: {len(samples)} samples, {totals['expected']} expected mentions, "
            f"recall {recall:.2%}, false sure {totals['false_sure']}, "
            f"unexpected review {totals['extra_review']}"
        )
    for note, text, missed, mentions in failures[:40]:
        print(
            note,
            "|",
            text,
            "| missed:",
            missed,
            "| got:",
            [(m.entry_id, m.certainty, m.text) for m in mentions],
        )
    assert not failures, f"{len(failures)} samples differ"
    assert recall == 1.0
