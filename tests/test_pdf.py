from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extract import pdf
from extract.errors import ExtractError


def test_repair_ligatures_soft_hyphens_nbsp_quotes():
    assert pdf.repair("pro\ufb01le of\u00a0the \ufb02at\u00ad") == "profile of the flat"
    assert pdf.repair("\u2018was not brought\u2019 and \u201cDNA\u201d") == "'was not brought' and \"DNA\""


def make_pdf(path: Path, pages: list[list[tuple[float, float, str, str, float]]]) -> Path:
    """pages: lists of (x, y_from_top, text, font, size)."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for items in pages:
        for x, y, text, font, size in items:
            c.setFont(font, size)
            c.drawString(x, A4[1] - y, text)
        c.showPage()
    c.save()
    return path


BODY = "Professionals took the account at face value"


def test_lines_keep_font_size_bold_and_superscript_markers(tmp_path):
    f = make_pdf(tmp_path / "a.pdf", [[
        (72, 100, "4.2 Key findings", "Helvetica-Bold", 14),
        (72, 130, BODY, "Helvetica", 11),
        (72 + stringWidth(BODY, "Helvetica", 11), 126, "1", "Helvetica", 7),
    ]])
    doc = pdf.read(f)
    lines = doc.pages[0].lines
    assert [l.text for l in lines] == ["4.2 Key findings", "Professionals took the account at face value¹"]
    assert (lines[0].bold, lines[0].size) == (True, 14.0)
    assert (lines[1].bold, lines[1].size) == (False, 11.0)
    assert doc.sha256 == pdf.sha256_file(f)


def test_two_columns_read_left_then_right(tmp_path):
    left = [(50, 100 + 14 * i, f"left column line {i} of the brochure text here", "Helvetica", 10) for i in range(40)]
    right = [(320, 100 + 14 * i, f"right column line {i} of the brochure text", "Helvetica", 10) for i in range(40)]
    doc = pdf.read(make_pdf(tmp_path / "cols.pdf", [left + right]))
    texts = [l.text for l in doc.pages[0].lines]
    assert texts[0] == "left column line 0 of the brochure text here"
    assert texts[39] == "left column line 39 of the brochure text here"
    assert texts[40] == "right column line 0 of the brochure text"
    assert {l.column for l in doc.pages[0].lines} == {1, 2}


def test_empty_file_error(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(ExtractError) as e:
        pdf.read(f)
    assert str(e.value) == f"{f}: read: empty file (0 bytes)"


def test_not_a_pdf_error(tmp_path):
    f = tmp_path / "notes.pdf"
    f.write_text("Minutes of the panel meeting\n")
    with pytest.raises(ExtractError) as e:
        pdf.read(f)
    assert str(e.value) == f"{f}: read: not a PDF (no %PDF- header; starts with 'Minutes of the p')"


def test_truncated_pdf_error(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", [[(72, 100, "Serious Case Review " * 5, "Helvetica", 11)]] * 3)
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ExtractError) as e:
        pdf.read(bad)
    assert e.value.stage == "read"
    assert str(e.value).startswith(f"{bad}: ")


def test_password_protected_error(tmp_path):
    from reportlab.lib import pdfencrypt

    f = tmp_path / "locked.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=1)
    c = canvas.Canvas(str(f), pagesize=A4, encrypt=enc)
    c.drawString(72, 700, "Restricted report")
    c.showPage()
    c.save()
    with pytest.raises(ExtractError) as e:
        pdf.read(f)
    assert str(e.value) == f"{f}: read: password-protected PDF (cannot be opened without its password)"


def _open_form_page(rows):
    """An unruled three-column form, as OCR gives a scanned one: (number, [title lines], [text lines])."""
    items, y = [("Helvetica-Bold", 13, 120, 60, "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS")], 100
    for number, titles, texts in rows:
        if number:
            items.append(("Helvetica", 10, 80, y, number))
        items += [("Helvetica", 10, 115, y + 15 * i, t) for i, t in enumerate(titles)]
        items += [("Helvetica", 10, 236, y + 15 * i, t) for i, t in enumerate(texts)]
        y += 15 * max(len(titles), len(texts)) + 25
    return [(x, yy, t, font, size) for font, size, x, yy, t in items]


FORM_ROWS = [
    ("1", ["CORONER"], ["I am A. Name, Area Coroner for the coroner area of", "Northshire."]),
    ("2", ["CORONER'S", "LEGAL POWERS"], ["I make this report under paragraph 7, Schedule 5, of the",
                                          "Coroners and Justice Act 2009 and Regulations 28 and 29",
                                          "of the Coroners (Investigations) Regulations 2013."]),
    ("3", ["INVESTIGATION", "and INQUEST"], ["On 5 February 2018 I commenced an investigation into the",
                                              "death of the deceased. The investigation concluded at the",
                                              "end of the inquest on 19 September 2018."]),
    ("", ["ACTION SHOULD", "BE TAKEN"], ["In my opinion action should be taken to prevent future",
                                          "deaths and I believe you have the power to take such action."]),
]


def test_open_form_reads_number_and_title_then_text(tmp_path):
    doc = pdf.read(make_pdf(tmp_path / "form.pdf", [_open_form_page(FORM_ROWS)]))
    texts = [l.text for l in doc.pages[0].lines]
    assert texts[:4] == ["REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", "1 CORONER",
                         "I am A. Name, Area Coroner for the coroner area of", "Northshire."]
    assert "2 CORONER'S LEGAL POWERS" in texts and "3 INVESTIGATION and INQUEST" in texts
    # a title whose box number was lost starts its own row after a gap
    assert texts[texts.index("ACTION SHOULD BE TAKEN") + 1].startswith("In my opinion")


def test_hanging_paragraph_numbers_are_not_an_open_form(tmp_path):
    items, y = [], 100
    for k in range(1, 6):
        items.append((72, y, f"A.{k}", "Helvetica", 10))
        for i in range(3):
            items.append((110, y + 14 * i, f"Paragraph {k} line {i} of the methodology annex, in running text.", "Helvetica", 10))
        y += 56
    doc = pdf.read(make_pdf(tmp_path / "annex.pdf", [items]))
    assert [l.text for l in doc.pages[0].lines][:2] == ["A.1 Paragraph 1 line 0 of the methodology annex, in running text.",
                                                        "Paragraph 1 line 1 of the methodology annex, in running text."]


def test_an_ocr_bar_before_a_lower_case_word_is_the_pronoun():
    from extract.pdf import _Word, _pronoun_bar

    bar = _Word("|", 100.0, 102.0, 50.0, 61.0, 11.0, False, False)
    assert _pronoun_bar(bar, _Word("am", 105.0, 118.0, 50.0, 61.0, 11.0, False, False))
    assert not _pronoun_bar(bar, _Word("am", 112.0, 125.0, 50.0, 61.0, 11.0, False, False))  # a cell's padding
    assert not _pronoun_bar(bar, _Word("The", 105.0, 120.0, 50.0, 61.0, 11.0, False, False))
    assert not _pronoun_bar(bar, None)
