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
