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
    want = [tuple(x) for x in ex["expect"]]  # [text, type, value] or [text, type, value, mod]
    assert len(got) == len(want), [t.text for t in got]
    assert [(t.text, t.type, t.value, t.mod)[:len(w)] for t, w in zip(got, want)] == want


def test_a_range_is_linked_both_ways_and_keeps_its_span():
    ts = annotate("He was admitted between 4 and 9 May 2019.")
    assert (ts[0].range_with, ts[1].range_with) == (ts[1].timex_id, ts[0].timex_id)
    assert (ts[0].earliest, ts[1].latest) == (date(2019, 5, 4), date(2019, 5, 9))


def test_the_publication_date_never_anchors_the_story():
    ts = annotate("The following day she was seen.", date(2020, 5, 1), narrative=True)
    assert ts[0].value == "XXXX-XX-XX" and ts[0].earliest is None and ts[0].reason


def test_pfd_report_date_is_the_signature_date_not_a_footer_deadline_or_death():
    from extract.metadata import _pfd_signature_date
    from extract.model import Document, Line, Page, Role

    def line(text, role=Role.BODY, top=0.0):
        return Line(1, text, 0, 100, top, top + 10, 10, False, False, role=role)

    lines = (line("He died on 2nd June 2021 at home."),
             line("Your response must be sent within 56 days of this report, namely by"),
             line("16th June 2022"),
             line("9 Jane Coroner, 21st April 2022"),
             line("Template updated 1 October 2023", Role.BODY),
             line("Published 3 May 2024", Role.FOOTER))
    doc = Document("x.pdf", "0" * 64, (Page(1, 595, 842, lines),))
    assert _pfd_signature_date(doc) == (date(2022, 4, 21), 2022)


def test_death_is_an_event_on_its_date_and_the_inquest_is_not():
    from extract.events import extract_events
    from extract.model import Section
    from extract.timex import annotate_sections

    text = ("On 12 March 2021 I commenced an investigation into the death of A. "
            "On 2 June 2021 he was found deceased at his home.")
    sec = Section(1, None, 1, "1", "Circumstances", 1, 1, 1, text)
    ev = extract_events([sec], annotate_sections([sec]))
    assert [(e.event_type, e.earliest) for e in ev] == [("death", date(2021, 6, 2))]
