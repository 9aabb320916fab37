"""Units a researcher cites: a coroner's concerns box split into its matters of concern."""

from __future__ import annotations

import pytest

from extract.units import concern_items, paragraphs

# The statutory wording's shape, reworded for the tests (the real form is in ../shared).
PREAMBLE = ("During the course of the inquest the evidence revealed matters giving rise to concern. In my "
            "opinion there is a risk of more deaths if nothing changes. It is my statutory duty to report "
            "these matters to you.\n\nThe MATTERS OF CONCERN are as follows:\n\n")


def items(text):
    return [text[s:e] for s, e in concern_items(text)]


@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("(1)", "(2)", "(3)"), ("1)", "2)", "3)"),
                                   ("a)", "b)", "c)"), ("(a)", "(b)", "(c)"), ("i.", "ii.", "iii."),
                                   ("•", "•", "•")])
def test_numbered_concerns_split_at_the_top_level_and_drop_the_preamble(marks):
    body = [f"{m} The ward did not review the observation level after the second incident of self-harm."
            .replace("second", w) for m, w in zip(marks, ("second", "third", "fourth"))]
    got = items(PREAMBLE + "\n\n".join(body))
    assert got == body


def test_sub_items_of_another_scheme_stay_inside_their_item():
    text = ("1) During the inquest I heard that:\n\na) the junction is busy;\n\nb) the view is blocked by trees.\n\n"
            "2) I ask that you review the speed limit and the signs at the junction.")
    got = items(text)
    assert len(got) == 2 and got[0].startswith("1) During") and got[0].endswith("trees.")
    assert got[1].startswith("2) I ask")


def test_unnumbered_box_is_split_into_paragraphs_and_a_short_title_joins_its_text():
    text = (PREAMBLE + "Training\n\nStaff on the ward had not been trained to use the new risk tool.\n\n"
            "There was no system to tell the GP that the patient had been discharged.")
    assert items(text) == ["Training\n\nStaff on the ward had not been trained to use the new risk tool.",
                           "There was no system to tell the GP that the patient had been discharged."]


def test_preamble_sentences_in_one_paragraph_with_the_first_concern_are_cut_off():
    text = ("During the course of the inquest the evidence revealed matters giving rise to concern. "
            "The crisis team did not contact the family before closing the referral.")
    assert items(text) == ["The crisis team did not contact the family before closing the referral."]


def test_a_box_of_only_preamble_or_nothing_has_no_items():
    assert items(PREAMBLE) == []
    assert items("") == [] and items("   \n") == []


def test_two_numbered_concerns_after_prose_both_come_out():
    # prose before the numbering that is not preamble is a concern of its own
    text = ("The trust accepted that its discharge policy was out of date.\n\n"
            "1. The discharge letter was not sent to the GP.\n\n2. No follow-up appointment was made.")
    assert items(text) == ["The trust accepted that its discharge policy was out of date.",
                           "1. The discharge letter was not sent to the GP.", "2. No follow-up appointment was made."]


def test_offsets_point_into_the_text():
    text = PREAMBLE + "(1) First concern about the ward.\n\n(2) Second concern about the ward."
    for s, e in concern_items(text):
        assert text[s:e].strip() == text[s:e] and text[s:e].startswith("(")
    assert paragraphs("Heading:\n\nText of it.\n\nNext one.") == [(0, 21), (23, 32)]
