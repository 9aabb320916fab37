import pytest

from conftest import page_of

from extract import sections
from extract.model import Document, Role

LONG = ("Child S was born in the winter of 2010 at the hospital and was discharged home with his mother "
        "the following day, after an uneventful delivery.")


def split(pages):
    return sections.split(Document("x.pdf", "0" * 64, tuple(pages)))


def heads(secs):
    return [(s.number, s.title, s.level, s.parent_id, s.page_start) for s in secs]


def test_parse_heading_text_shapes():
    p = sections.parse_heading_text
    assert p("Section Four – The Analysis") == ("4", "The Analysis", "section")
    assert p("Chapter 3: What we found") == ("3", "What we found", "section")
    assert p("Appendix A") == ("A", "", "appendix")
    assert p("Appendix 2: Glossary") == ("2", "Glossary", "appendix")
    assert p("4.2.3 Tracking the child") == ("4.2.3", "Tracking the child", "numbered")
    assert p("5. Recommendations") == ("5", "Recommendations", "numbered")
    assert p("Recommendation 3:") == ("3", "Recommendation 3", "label")
    assert p("Finding 1: Information was not shared") == ("1", "Information was not shared", "label")
    assert p("5.1 Recommendation One") == ("5.1", "Recommendation One", "numbered")
    assert p("Introduction") is None


def test_numbered_paragraph_is_not_a_heading():
    secs = split([page_of(1, [
        ("2 The Story of Child S", {"bold": True, "size": 14}),
        ("2.1 Mother S's Early Years", {"bold": True, "top": 100}),
        ("2.1.1 " + LONG[:80], {"top": 130, "x1": 523}),
        (LONG[80:], {"top": 144}),
        ("2.1.2 Mother S registered with the GP.", {"top": 172}),
    ])])
    assert heads(secs) == [("2", "The Story of Child S", 1, None, 1), ("2.1", "Mother S's Early Years", 2, 1, 1)]
    assert secs[1].text.startswith("2.1.1 Child S was born")
    assert "2.1.2 Mother S registered with the GP." in secs[1].text


def test_unnumbered_headings_take_levels_from_font_size():
    secs = split([page_of(1, [
        ("Introduction", {"bold": True, "size": 16}),
        (LONG, {"top": 90}),
        ("Terms of reference", {"bold": True, "size": 12, "top": 130}),
        (LONG, {"top": 160}),
        ("Chronology", {"bold": True, "size": 16, "top": 200}),
        (LONG, {"top": 230}),
    ])])
    assert heads(secs) == [(None, "Introduction", 1, None, 1), (None, "Terms of reference", 2, 1, 1),
                           (None, "Chronology", 1, None, 1)]


def test_bold_sentence_and_bullets_are_body():
    secs = split([page_of(1, [
        ("Recommendations", {"bold": True, "size": 14}),
        ("The LSCB should ensure that all agencies:", {"top": 90}),
        ("• Have protocols in place to share information", {"bold": True, "top": 120}),
        ("This is not an uncommon problem faced by professionals.", {"bold": True, "top": 150}),
    ])])
    assert heads(secs) == [(None, "Recommendations", 1, None, 1)]
    assert secs[0].text.split("\n\n") == [
        "The LSCB should ensure that all agencies:",
        "• Have protocols in place to share information",
        "This is not an uncommon problem faced by professionals.",
    ]


def test_toc_confirms_plain_numbered_heading():
    toc = page_of(1, [("Contents", {"role": Role.TOC}), ("3.5 Autumn 2013 ........ 2", {"role": Role.TOC})])
    body = page_of(2, [("3.5 Autumn 2013", {"top": 100}), (LONG[:90], {"top": 125}), (LONG[90:], {}),
                       (LONG[:90], {"top": 170}), (LONG[90:], {})])
    secs = split([toc, body])
    assert heads(secs) == [("3.5", "Autumn 2013", 2, None, 2)]
    # without the TOC entry, the same plain line is body text
    assert heads(split([body]))[0][:2] == (None, "(front matter)")


def test_appendix_title_on_next_line_and_container_level():
    secs = split([page_of(1, [
        ("Appendices", {"bold": True, "size": 14}),
        ("Appendix A", {"bold": True, "size": 12, "top": 100}),
        ("Agency Reports", {"bold": True, "size": 12, "top": 130}),
        ("The following agencies provided full reports:", {"top": 160}),
    ])])
    assert heads(secs) == [(None, "Appendices", 1, None, 1), ("A", "Agency Reports", 2, 1, 1)]


def test_paragraph_across_page_break_and_dehyphenation():
    secs = split([
        page_of(1, [("Analysis", {"bold": True, "size": 14}), ("The health visitor did not share the safe-", {"top": 100})]),
        page_of(2, [("guarding concern with the GP surgery", {"top": 60}), ("Learning", {"bold": True, "size": 14, "top": 100})]),
    ])
    assert secs[0].text == "The health visitor did not share the safeguarding concern with the GP surgery"
    assert secs[0].page_start == 1 and secs[0].page_end == 2
    assert secs[0].page_at(0) == 1
    assert secs[0].page_at(secs[0].text.index("guarding")) == 2


def test_join_lines_keeps_real_hyphens():
    assert sections.join_lines(["a non-", "molestation order"]) == "a non-molestation order"
    assert sections.join_lines(["the multi-", "agency meeting"]) == "the multi-agency meeting"
    assert sections.join_lines(["profes-", "sional curiosity"]) == "professional curiosity"
    assert sections.join_lines(["West Midlands -", "Police"]) == "West Midlands - Police"


def test_bold_body_size_headings_when_the_document_has_no_other():
    body = [(LONG[:90], {}), (LONG[90:], {})]
    pages = [page_of(1, [("Background", {"bold": True, "top": 100}), *[(t, dict(kw)) for t, kw in body],
                         ("What happened", {"bold": True, "top": 160}), *[(t, dict(kw)) for t, kw in body]]),
             page_of(2, [("Learning", {"bold": True, "top": 100}), *[(t, dict(kw)) for t, kw in body]])]
    assert heads(split(pages)) == [(None, "Background", 1, None, 1), (None, "What happened", 1, None, 1),
                                   (None, "Learning", 1, None, 2)]


def test_bold_body_size_line_is_a_label_where_real_headings_exist():
    secs = split([page_of(1, [("Findings", {"bold": True, "size": 14}),
                              (LONG[:90], {"top": 90}), (LONG[90:], {}),
                              ("Questions for the partnership", {"bold": True, "top": 140}),
                              ("How will the partnership know?", {"top": 165})]),
                  page_of(2, [(LONG, {"top": 100})])])
    assert heads(secs) == [(None, "Findings", 1, None, 1)]
    assert "Questions for the partnership" in secs[0].text


def _form_page(boxes, no=1, start=100.0):
    """A coroner's form page as OCR reads it: no bold, headings only a point larger, in capitals."""
    items, top = [], start
    for head, text in boxes:
        items.append((head, {"top": top, "size": 12.0}))
        items.append((text, {"top": top + 20, "size": 11.0}))
        top += 60
    return page_of(no, items)


def test_form_boxes_whose_numbers_were_lost_take_the_forms_numbers():
    text = "The text of the box, a sentence that runs on for a while in the body size."
    secs = split([_form_page([("1 CORONER", text), ("2 CORONER'S LEGAL POWERS", text),
                              ("3 INVESTIGATION and INQUEST", text), ("4 CIRCUMSTANCES OF THE DEATH", text)]),
                  _form_page([("CORONER'S CONCERNS", text), ("ACTION SHOULD BE TAKEN", text),
                              ("7 YOUR RESPONSE", text), ("COPIES and PUBLICATION", text),
                              ("9 2 April 2014", "A. Name, Area Coroner")], no=2)])
    assert [(s.number, s.title) for s in secs if s.level == 1] == [
        ("1", "CORONER"), ("2", "CORONER'S LEGAL POWERS"), ("3", "INVESTIGATION and INQUEST"),
        ("4", "CIRCUMSTANCES OF THE DEATH"), ("5", "CORONER'S CONCERNS"), ("6", "ACTION SHOULD BE TAKEN"),
        ("7", "YOUR RESPONSE"), ("8", "COPIES and PUBLICATION")]  # "9 <date>" is the signature box


def test_form_titles_alone_are_not_numbered_in_other_documents():
    text = "The text of the section, a sentence that runs on for a while in the body size."
    secs = split([_form_page([("1 INTRODUCTION", text), ("YOUR RESPONSE", text), ("2 BACKGROUND", text)])])
    assert [(s.number, s.title) for s in secs if s.level >= 1][:3] == [
        ("1", "INTRODUCTION"), (None, "YOUR RESPONSE"), ("2", "BACKGROUND")]


def test_a_sentence_broken_by_a_line_is_no_heading():
    secs = split([page_of(1, [
        ("Introduction", {"bold": True, "size": 16}),
        (LONG, {"top": 90}),
        ("You are under a duty to respond to this report within 56", {"size": 14, "top": 140}),
        ("days of the date of this report.", {"top": 170}),
    ])])
    assert heads(secs) == [(None, "Introduction", 1, None, 1)]
    assert "within 56 days of the date" in " ".join(secs[0].text.split())


@pytest.mark.parametrize("bullet", ["•", "\uf0b7", "\ufffd"])  # as printed; a Symbol-font code; a lost glyph
def test_a_bulleted_list_after_a_colon_does_not_swallow_the_first_numbered_heading(bullet):
    secs = split([page_of(1, [
        ("THIS REPORT IS BEING SENT TO:", {"bold": True}),
        (f"{bullet} The Chief Executive, Northshire NHS Trust", {}),
        ("1. CORONER", {"bold": True, "top": 120}),
        ("I am A. Name, Area Coroner for the coroner area of Northshire.", {"top": 140}),
        ("2. CORONER'S LEGAL POWERS", {"bold": True, "top": 170}),
        ("I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009.", {"top": 190}),
    ])])
    assert [(s.number, s.title) for s in secs if s.level > 0] == [("1", "CORONER"), ("2", "CORONER'S LEGAL POWERS")]


def test_underlined_lines_at_body_size_are_headings_but_links_are_not():
    secs = split([page_of(1, [
        ("1. Introduction", {"underline": True}),
        (LONG, {"top": 90}),
        ("1.1 What this review is about", {"underline": True, "top": 130}),
        (LONG, {"top": 160}),
        ("www.example-partnership.org.uk/reviews", {"underline": True, "top": 200}),
        (LONG, {"top": 230}),
        ("Terms of reference", {"underline": True, "top": 270}),
        (LONG, {"top": 300}),
    ])])
    assert [(s.number, s.title, s.level) for s in secs if s.level] == [
        ("1", "Introduction", 1), ("1.1", "What this review is about", 2), (None, "Terms of reference", 1)]  # its style is level 1's
    assert "www.example-partnership.org.uk/reviews" in secs[1].text


def test_lettered_and_roman_headings_come_in_sequence():
    p = sections.parse_heading_text
    assert p("A. Introduction") == ("A", "Introduction", "lettered")
    assert p("II. THE FAMILY") == ("II", "THE FAMILY", "lettered")
    assert p("I. was there") is None
    secs = split([page_of(1, [
        ("A. Introduction", {"bold": True, "top": 60}), (LONG, {"top": 90}),
        ("B. Background", {"bold": True, "top": 130}), (LONG, {"top": 160}),
    ])])
    assert [(s.number, s.title, s.level) for s in secs if s.level] == [("A", "Introduction", 1), ("B", "Background", 1)]
    # a bold "J. Smith" with no "I." or "K." beside it is a signature, not heading J
    secs = split([page_of(1, [
        ("1. Introduction", {"bold": True, "size": 14, "top": 60}), (LONG, {"top": 90}),
        ("J. Smith", {"bold": True, "top": 130}), (LONG, {"top": 160}),
    ])])
    assert [(s.number, s.title) for s in secs if s.level] == [("1", "Introduction")]


def test_regular_capitals_and_italic_subheadings_in_a_style_without_numbers():
    items, top = [], 60
    for text, kw in [("INTRODUCTION", {"size": 12}), (None, {}), ("TERMS OF REFERENCE", {}), (None, {}),
                     ("Learning Events", {"italic": True}), (None, {}), ("METHODOLOGY", {}), (None, {}),
                     ("\u201cI was not listened to\u201d", {"italic": True}), (None, {})]:
        if text is None:  # a paragraph of two lines
            items += [(LONG[:80], {"top": top, "x1": 523}), (LONG[80:], {"top": top + 14})]
            top += 40
        else:
            items.append((text, dict(kw, top=top)))
            top += 26
    secs = split([page_of(1, items)])
    assert [(s.title, s.level) for s in secs if s.level] == [
        ("INTRODUCTION", 1), ("TERMS OF REFERENCE", 2), ("Learning Events", 3), ("METHODOLOGY", 2)]


def test_hyphenated_is_the_regular_expression_it_replaced():
    """``_hyphenated`` reads the end of a block backwards instead of searching all of it per line;
    on every short string of these characters it captures what ``([A-Za-z]+)-$`` captures."""
    import itertools
    import re

    rx = re.compile(r"([A-Za-z]+)-$")
    for n in range(6):
        for chars in itertools.product("aZ-é1 \n", repeat=n):
            s = "".join(chars)
            m = rx.search(s)
            assert sections._hyphenated(s) == (m.group(1) if m else None), repr(s)


def test_a_line_end_hyphen_the_document_writes_whole_elsewhere_is_kept():
    forms = sections.word_forms(["until mid-summer 2013", "the midwife saw her", "a drink-driving offence"])
    assert sections.join_lines(["did not resume until mid-", "summer 2013"], forms) == "did not resume until mid-summer 2013"
    assert sections.join_lines(["a drink-", "driving ban"], forms) == "a drink-driving ban"
    # a word the document writes whole without the hyphen, or never writes whole, was broken by the line
    assert sections.join_lines(["the mid-", "wife visited"], forms) == "the midwife visited"
    assert sections.join_lines(["the safe-", "guarding lead"], forms) == "the safeguarding lead"
    # the prefixes that keep their hyphen keep it whatever the document writes elsewhere
    forms = sections.word_forms(["the postnatal visits"])
    assert sections.join_lines(["the post-", "natal visit"], forms) == "the post-natal visit"
    assert sections.join_lines(["did not resume until mid-", "summer"]) == "did not resume until midsummer"
