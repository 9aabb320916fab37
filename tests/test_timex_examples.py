"""Every worked example in models/timex/examples.yaml is tagged as it says."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from extract import MODELS_DIR
from extract.timex import annotate

EXAMPLES = yaml.safe_load((MODELS_DIR / "timex" / "examples.yaml").read_text(encoding="utf-8"))["examples"]


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"][:40] for e in EXAMPLES])
def test_example(ex):
    dct = date.fromisoformat(ex["dct"]) if ex.get("dct") else None
    got = annotate(ex["text"], dct, narrative=ex.get("narrative", True))
    want = [tuple(x) for x in ex["expect"]]
    have = [(t.text, t.type, t.value, t.mod)[:len(w)] if i < len(want) and (w := want[i]) else (t.text, t.type, t.value)
            for i, t in enumerate(got)]
    assert have == want


def test_a_range_is_linked_both_ways_and_keeps_its_span():
    ts = annotate("He was admitted between 4 and 9 May 2019.")
    assert (ts[0].range_with, ts[1].range_with) == (ts[1].timex_id, ts[0].timex_id)
    assert (ts[0].earliest, ts[1].latest) == (date(2019, 5, 4), date(2019, 5, 9))


def test_the_publication_date_never_anchors_the_story():
    ts = annotate("The following day she was seen.", date(2020, 5, 1), narrative=True)
    assert ts[0].value == "XXXX-XX-XX" and ts[0].earliest is None and ts[0].reason
