"""The hand-written timex gold is well-formed and every entry is found exactly once in its text."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extract import CORPORA_DIR, SHARED_DIR
from extract.evaluation.timex import SHARED_PDFS, SHARED_STEM, SHARED_TEXT, locate, strip_markup

GOLD = sorted((CORPORA_DIR / "gold").glob("*/timex.json"))
TYPES = {"DATE", "DURATION", "SET", "TIME"}
GRANS = {None, "day", "week", "month", "season", "quarter", "half", "year", "decade"}
MODS = {None, "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN",
        "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}


@pytest.mark.parametrize("path", GOLD, ids=[p.parent.name for p in GOLD])
def test_gold_is_well_formed(path):
    entries = json.loads(path.read_text())["timexes"]
    assert entries
    for g in entries:
        assert g["type"] in TYPES and g.get("mod") in MODS and g.get("granularity") in GRANS, g
        assert g["text"] and g["text"].lower() in g["context"].lower(), g
        e, l = g.get("earliest"), g.get("latest")
        assert (e is None) == (l is None), g
        if e:  # an age is a DURATION that keeps its birth-anchored interval
            assert g["type"] in ("DATE", "TIME", "DURATION") and date.fromisoformat(e) <= date.fromisoformat(l), g
        if g["type"] in ("DURATION", "SET"):
            assert g["value"].startswith("P") and (e is None or g["type"] == "DURATION"), g


def _text(stem: str) -> str:
    if stem == SHARED_STEM:
        if not SHARED_TEXT.exists():
            pytest.skip(f"{SHARED_TEXT} absent")
        return strip_markup(SHARED_TEXT.read_text(encoding="utf-8"))
    pdf = CORPORA_DIR / "sample" / f"{stem}.pdf"
    if stem in SHARED_PDFS:
        pdf = SHARED_DIR / "corpora" / "pdf" / SHARED_PDFS[stem]
    if not pdf.exists():
        pytest.skip(f"{pdf} absent")
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n\n".join(p.extract_text() or "" for p in doc.pages)


@pytest.mark.parametrize("path", GOLD, ids=[p.parent.name for p in GOLD])
def test_gold_contexts_locate_once(path):
    text = _text(path.parent.name)
    entries = json.loads(path.read_text())["timexes"]
    spans = locate(text, entries)
    missing = [g["context"] for g, s in zip(entries, spans) if s is None]
    assert not missing
    assert len(set(spans)) == len(spans)  # no two gold entries on the same span
