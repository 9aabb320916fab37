"""The pdfium reader (the default) against pdfplumber's: the same pages, and pdfplumber only where needed."""

from pathlib import Path

import hostile
import pytest

from extract import pdf

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "corpora" / "sample").glob("*.pdf"))


def _lines(path, reader):
    return [(p.page_no, p.images, p.cid_glyphs, [(l.text, l.size, l.bold, l.italic, l.column, l.underline) for l in p.lines])
            for p in pdf.iter_pages(path, reader=reader)]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_pdfium_reads_every_sample_page_as_pdfplumber_does(path):
    assert _lines(path, "pdfium") == _lines(path, "plumber")
    # and puts each line where pdfplumber does, to within a fifth of its size: pdfium takes a font's
    # descent from the font program, pdfminer from the PDF's font descriptor (0 where it has none),
    # and pdfium's box of a line's last glyph may reach past its advance
    for a, b in zip(pdf.iter_pages(path, reader="pdfium"), pdf.iter_pages(path, reader="plumber")):
        for la, lb in zip(a.lines, b.lines):
            assert max(abs(la.top - lb.top), abs(la.bottom - lb.bottom)) < max(1.0, 0.2 * la.size), la
            assert max(abs(la.x0 - lb.x0), abs(la.x1 - lb.x1)) < max(1.0, 0.2 * la.size), la


def _hand_pdf(path: Path, content: bytes) -> Path:
    """One Letter page with Helvetica as /F1 and ``content`` as its content stream."""
    path.write_bytes(hostile.raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        hostile.stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]))
    return path


def test_font_size_is_scaled_by_the_text_matrix(tmp_path):
    # size 1 scaled 12 times by Tm, and size 6 scaled twice by the CTM: both are 12 pt text
    f = _hand_pdf(tmp_path / "scaled.pdf", b"BT /F1 1 Tf 12 0 0 12 72 700 Tm (Scaled heading) Tj ET "
                                           b"q 2 0 0 2 0 0 cm BT /F1 6 Tf 36 300 Td (Body text) Tj ET Q")
    for reader in pdf.READERS:
        page = next(pdf.iter_pages(f, reader=reader))
        assert [(l.text, l.size) for l in page.lines] == [("Scaled heading", 12.0), ("Body text", 12.0)], reader


def test_a_space_in_its_own_text_object_still_separates_words(tmp_path):
    # producers such as Word write a space as a text object of its own, set tight against the next
    # word; pdfium leaves such a space out of its text, pdfplumber keeps it
    f = _hand_pdf(tmp_path / "spaces.pdf", b"BT /F1 12 Tf 72 700 Td (FUTURE) Tj ET BT /F1 12 Tf 117.4 700 Td ( ) Tj ET "
                                           b"BT /F1 12 Tf 118.1 700 Td (DEATHS) Tj ET")
    for reader in pdf.READERS:
        page = next(pdf.iter_pages(f, reader=reader))
        assert [l.text for l in page.lines] == ["FUTURE DEATHS"], reader


def test_pdfium_lays_out_an_unruled_page_without_pdfplumber(monkeypatch):
    path = REPO / "corpora" / "sample" / "national-2022-panel-review.pdf"

    def no(*a, **k):
        raise AssertionError("pdfplumber read the words of a page pdfium can read")

    monkeypatch.setattr(pdf, "_words", no)
    monkeypatch.setattr(pdf, "_tables", no)
    pages = list(pdf.iter_pages(path, reader="pdfium"))
    assert all(p.lines for p in pages)
    warnings: list[str] = []
    list(pdf.iter_pages(path, warnings=warnings, reader="plumber"))
    assert warnings and all("unreadable page (AssertionError" in w for w in warnings)


def test_a_ruled_table_is_still_found_by_pdfplumber():
    # the brochure sample's ruled tables are rows joined by " | " under both readers
    path = REPO / "corpora" / "sample" / "lcspr-2023-brochure-baby-h.pdf"
    rows = [l.text for p in pdf.iter_pages(path, reader="pdfium") for l in p.lines if " | " in l.text]
    assert rows and rows == [l.text for p in pdf.iter_pages(path, reader="plumber") for l in p.lines if " | " in l.text]


def test_the_reader_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(pdf.READER_ENV, raising=False)
    assert pdf.default_reader() == "pdfium"
    monkeypatch.setenv(pdf.READER_ENV, "plumber")
    assert pdf.default_reader() == "plumber"
    monkeypatch.setenv(pdf.READER_ENV, "pdfminer")
    with pytest.raises(ValueError, match="unknown reader 'pdfminer'"):
        pdf.default_reader()


def test_the_eval_gate_reports_a_changed_figure_and_ignores_order():
    from extract.evaluation.__main__ import gate

    same = gate("P 0.9\n  ! miss a\n  ! miss b\n   (3.1 s)\n", "P 0.9\n  ! miss b\n  ! miss a\n   (2.0 s)\n",
                "pdfium", "plumber")
    assert "give the same figures" in same
    changed = gate("P 0.8\nR 1.0\n", "P 0.9\nR 1.0\n", "pdfium", "plumber")
    assert changed.splitlines()[1:] == ["- P 0.9", "+ P 0.8"]


def test_char_words_are_pdfplumbers_words():
    # random characters in several fonts, sizes and lines, with blanks, back-steps and ligatures
    import random

    from pdfplumber.utils.text import WordExtractor

    rng = random.Random(15)
    for _ in range(50):
        chars, x, top = [], 50.0, 100.0
        for _ in range(rng.randint(1, 300)):
            if rng.random() < 0.05:
                top += rng.choice([0.5, 1.0, 2.4, 2.6, 12.0, -12.0])
                x = rng.uniform(40, 400)
            w = rng.uniform(2, 8)
            x += rng.choice([0.0, 0.0, 0.0, 1.0, 1.6, 4.0, -3.0])
            text = rng.choice("abcdefghij ,.\ufb01\ufb02")
            font, size = rng.choice([("Helvetica", 11.0), ("Helvetica-Bold", 11.0), ("Helvetica", 9.5)])
            chars.append((text, x, x + w, top, top + size, True, font, size))
            x += w
        dicts = [{"text": c[0], "x0": c[1], "x1": c[2], "top": c[3], "bottom": c[4], "doctop": c[3],
                  "upright": True, "fontname": c[6], "size": c[7]} for c in chars]
        want = [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["fontname"], w["size"])
                for w in WordExtractor(**pdf._WORD_SETTINGS).extract_words(dicts)]
        assert pdf._char_words(chars) == want


def test_ruled_tables_from_pdfium_edges_are_pdfplumbers():
    # on every sample page with vertical rules, pdfium's path objects give pdfplumber's own edges, and
    # its table finder over them gives the same rows and forms as over pdfminer's layout of the page
    import pdfplumber
    import pypdfium2

    ruled = 0
    for path in SAMPLES:
        doc = pypdfium2.PdfDocument(path)
        with pdfplumber.open(path) as pl:
            for i, page in enumerate(pl.pages):
                pp = doc[i]
                scan = pdf._pdfium_scan(pp, float(page.width), float(page.height))
                pp.close()
                if not scan.ruled:
                    continue
                ruled += 1
                assert scan.edges is not None, (path.name, i + 1)
                key = lambda e: (e["orientation"], round(e["x0"], 2), round(e["top"], 2), round(e["x1"], 2),
                                 round(e["bottom"], 2))
                assert sorted(map(key, scan.edges)) == sorted(map(key, page.edges)), (path.name, i + 1)
                ours = pdf._tables(pdf._RuledPage(float(page.width), float(page.height), scan.edges, scan.chars),
                                   i + 1, scan.words)
                theirs = pdf._tables(page, i + 1, scan.words)
                assert [l.text for l in ours[0]] == [l.text for l in theirs[0]]
                assert [[l.text for l in b] for _, b in ours[2]] == [[l.text for l in b] for _, b in theirs[2]]
        doc.close()
    assert ruled >= 10


def test_both_readers_see_an_underline_and_not_a_page_wide_rule(tmp_path):
    # "Introduction" with a stroked rule just under its baseline (as Word and ReportLab draw <u>), a body
    # line with none, and a line above a rule that runs the width of the page (a separator, not an underline)
    f = _hand_pdf(tmp_path / "underline.pdf",
                  b"BT /F1 12 Tf 72 700 Td (Introduction) Tj ET 0.6 w 72 698.5 m 138 698.5 l S "
                  b"BT /F1 12 Tf 72 680 Td (Child S was born in the winter of 2010.) Tj ET "
                  b"BT /F1 12 Tf 72 640 Td (Short line) Tj ET 0.6 w 36 638.5 m 576 638.5 l S")
    for reader in pdf.READERS:
        page = next(pdf.iter_pages(f, reader=reader))
        assert [(l.text, l.underline) for l in page.lines] == [
            ("Introduction", True), ("Child S was born in the winter of 2010.", False), ("Short line", False)], reader
