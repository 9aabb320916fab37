from conftest import page_of

from extract import furniture
from extract.model import Document, Role

BODY = "Mother S was seen by the health visitor at home and no concerns were recorded at the visit."


def doc_of(pages):
    return Document("x.pdf", "0" * 64, tuple(pages))


def roles(page):
    return [(l.text, l.role.value) for l in page.lines]


def test_running_header_and_page_of_n_footer_are_furniture():
    pages = [page_of(n, [("Serious Case Review – Child C – Final – Restricted", {"top": 30}),
                         (BODY, {"top": 100}), (BODY, {}),
                         (f"Page {n} of 4", {"top": 800})]) for n in range(1, 5)]
    out = furniture.strip(doc_of(pages))
    assert roles(out.pages[2]) == [
        ("Serious Case Review – Child C – Final – Restricted", "header"),
        (BODY, "body"), (BODY, "body"), ("Page 3 of 4", "page_number"),
    ]


def test_page_number_shapes():
    for text in ["3", "- 3 -", "Page 3", "Page 3 of 41", "3 | Page", "3 of 41", "iv"]:
        assert furniture.is_page_number(text), text
    for text in ["3.1 Introduction", "Page three was missing", "2013"]:
        assert not furniture.is_page_number(text) or text == "2013", text


def test_varying_footer_with_changing_text_is_kept_in_body_unless_repeated():
    pages = [page_of(n, [(BODY, {"top": 100}), (f"Note {n}: the visit of {n} May was cancelled", {"top": 800})])
             for n in range(1, 4)]
    out = furniture.strip(doc_of(pages))
    # digits are masked, so the pattern repeats on every page and is a footer
    assert [l.role for l in out.pages[0].lines] == [Role.BODY, Role.FOOTER]
    pages = [page_of(1, [(BODY, {"top": 100}), ("The panel met on three occasions in total", {"top": 800})]),
             page_of(2, [(BODY, {"top": 100}), ("Child S was discharged home the same day", {"top": 800})]),
             page_of(3, [(BODY, {"top": 100}), ("A strategy discussion took place with police", {"top": 800})])]
    out = furniture.strip(doc_of(pages))
    assert all(l.role == Role.BODY for p in out.pages for l in p.lines)


def test_toc_with_dot_leaders_is_furniture_not_body():
    toc = page_of(2, [("Contents", {"size": 14, "bold": True}),
                      ("Section One – Introduction ........................ 5", {"x1": 523}),
                      ("1.1 What this review is about ..................... 5", {"x1": 523}),
                      ("4.2 Key findings ................................. 27", {"x1": 523}),
                      ("Appendix A                                        40", {"x1": 523})])
    body = page_of(3, [("Section One – Introduction", {"size": 14, "bold": True, "top": 100}), (BODY, {})])
    more = page_of(4, [("1.2 Why this review was conducted", {"size": 12, "bold": True, "top": 100}), (BODY, {})])
    cover = page_of(1, [("Serious Case Review concerning Child S", {"size": 20, "bold": True})])
    out = furniture.strip(doc_of([cover, toc, body, more]))
    assert [l.role.value for l in out.pages[1].lines] == ["toc"] * 5
    assert [l.role.value for l in out.pages[0].lines] == ["cover"]
    assert [l.role.value for l in out.pages[2].lines] == ["body", "body"]


def test_footnote_block_at_page_foot():
    page = page_of(1, [(BODY, {"top": 100}), (BODY, {}),
                       ("¹ Partnership Learning Review – a model for conducting reviews.", {"top": 760, "size": 8}),
                       ("guidance published in 2013.", {"top": 770, "size": 8}),
                       ("² Working Together 2013.", {"top": 780, "size": 8})])
    other = page_of(2, [(BODY, {"top": 100}), ("³ Department for Education guidance.", {"top": 780, "size": 8})])
    out = furniture.strip(doc_of([page, other]))
    assert [l.role.value for l in out.pages[0].lines] == ["body", "body", "footnote", "footnote", "footnote"]
    assert [l.role.value for l in out.pages[1].lines] == ["body", "footnote"]


def test_small_print_without_marker_is_not_a_footnote():
    page = page_of(1, [(BODY, {"top": 100}), ("Source: agency chronologies", {"top": 760, "size": 8})])
    out = furniture.strip(doc_of([page, page_of(2, [(BODY, {"top": 100})])]))
    assert [l.role.value for l in out.pages[0].lines] == ["body", "body"]


def test_a_narrow_side_column_in_another_size_is_a_sidebar_but_equal_columns_are_body():
    main = [(BODY, {"top": 100 + 14 * k, "x0": 50, "x1": 360, "column": 1}) for k in range(12)]
    side = [("In this section", {"top": 100, "x0": 400, "x1": 480, "column": 2, "size": 10.5}),
            ("Recommendation One", {"top": 118, "x0": 400, "x1": 495, "column": 2, "size": 8.5}),
            ('"It is to the credit of agencies', {"top": 140, "x0": 405, "x1": 520, "column": 2, "size": 12.5})]
    out = furniture.strip(doc_of([page_of(1, main + side)]))
    assert [l.role for l in out.pages[0].lines] == [Role.BODY] * 12 + [Role.SIDEBAR] * 3
    # two columns of body text, or a narrow column in the body's size, stay body text
    right = [(BODY, {"top": 100 + 14 * k, "x0": 310, "x1": 550, "column": 2}) for k in range(6)]
    narrow = [(BODY[:30], {"top": 100 + 14 * k, "x0": 400, "x1": 520, "column": 2}) for k in range(3)]
    for other in (right, narrow):
        out = furniture.strip(doc_of([page_of(1, main + other)]))
        assert {l.role for l in out.pages[0].lines} == {Role.BODY}
