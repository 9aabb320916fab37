import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extract import ocr, pipeline

needs_tools = pytest.mark.skipif(not (ocr.available() and shutil.which("gs")),
                                 reason="ocrmypdf, tesseract and ghostscript are not installed (apt-get install ocrmypdf)")


def scan_of(tmp_path):
    """A real-looking scan: a text page rasterised by ghostscript, then placed as an image only."""
    text = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(text), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 760, "Serious Case Review concerning Child T")
    c.setFont("Helvetica", 12)
    for i, line in enumerate(["The health visitor saw Child T at home in early summer 2012.",
                              "No concerns were recorded about the care of the child."]):
        c.drawString(72, 720 - 18 * i, line)
    c.showPage()
    c.save()
    png = tmp_path / "page.png"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pnggray", "-r200", f"-sOutputFile={png}", str(text)],
                   check=True)
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=A4)
    c.drawImage(str(png), 0, 0, *A4)
    c.showPage()
    c.save()
    return scan


@needs_tools
def test_scan_is_no_text_layer_without_ocr_and_read_with_it(tmp_path):
    scan = scan_of(tmp_path)
    r = pipeline.process(scan)
    assert r.status == "no_text_layer" and r.sections == ()
    assert r.document.warnings[-1] == ocr.HOW_TO
    r = pipeline.process(scan, ocr=True)
    assert r.status == "ocr"
    assert r.document.source_path == str(scan)
    assert r.meta.title == "Serious Case Review concerning Child T"
    assert "health visitor saw Child T" in " ".join(s.text for s in r.sections)


def test_ocr_without_tools_says_how(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(Exception) as e:
        ocr.ocr(tmp_path / "x.pdf")
    assert str(e.value) == f"{tmp_path / 'x.pdf'}: ocr: {ocr.HOW_TO}"


def test_repair_text_mends_tesseract_misreadings_only_where_sure():
    assert ocr.repair_text("| make this report under paragraph 7") == "I make this report under paragraph 7"
    assert ocr.repair_text("lam D. Name, Area Coroner for the area") == "I am D. Name, Area Coroner for the area"
    assert ocr.repair_text("On 5 May 2019, | commenced an investigation") == "On 5 May 2019, I commenced an investigation"
    assert ocr.repair_text("¢ The need for better driver awareness") == "• The need for better driver awareness"
    for kept in ("Yes | No", "a | b", "at 1am", "Islam", "I am here"):
        assert ocr.repair_text(kept) == kept


def test_ocr_output_is_kept_and_reused(tmp_path, monkeypatch):
    if not (ocr.available() and shutil.which("gs")):
        pytest.skip("ocrmypdf, tesseract and ghostscript are not installed (apt-get install ocrmypdf)")
    scan = scan_of(tmp_path)
    keep = tmp_path / "ocr"
    first = pipeline.process(scan, ocr=True, ocr_dir=keep)
    assert first.status == "ocr" and len(list(keep.glob("*.ocr.pdf"))) == 1
    monkeypatch.setattr(ocr, "ocr", lambda *a, **k: pytest.fail("OCR ran again"))
    again = pipeline.process(scan, ocr=True, ocr_dir=keep)
    assert again.status == "ocr" and [s.text for s in again.sections] == [s.text for s in first.sections]


def test_scanned_three_column_form_reads_its_boxes(tmp_path):
    """A real coroner's report of ../shared in the three-column ruled table, scanned (image only) and
    OCRed: the box numbers and titles OCR separates from the text, and any it drops, come back."""
    from collections import Counter

    from extract.evaluation import pfd_layouts

    if not ocr.available():
        pytest.skip("ocrmypdf and tesseract are not installed (apt-get install ocrmypdf)")
    docs = pfd_layouts.layout_set()
    if docs is None:
        pytest.skip("../shared/corpora/pfd_reports absent: the rendered coroners' reports need it")
    path, gold = next((p, g) for p, g in docs if g["layout"] == "grid")
    scan = pfd_layouts._renderer().scan_pdf(path, tmp_path / "scan.pdf", seed=3)
    review = pipeline.process(scan, ocr=True)
    assert review.status == "ocr"
    c = Counter(pfd_layouts.score(review, gold))
    assert c["h_tp"] >= 7 and c["h_fp"] <= 1, (c, [(s.number, s.title) for s in review.sections])
    assert c["coroner_ok"] == c["area_ok"] == c["date_ok"] == 1
