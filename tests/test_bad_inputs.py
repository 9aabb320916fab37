"""The committed bad-input fixtures (made by corpora/generate.py --bad): exact outcomes."""

from pathlib import Path

import pytest

from extract import ocr, pipeline
from extract.errors import ExtractError

BAD = Path(__file__).parent / "fixtures" / "bad"


@pytest.mark.parametrize("name, message", [
    ("empty.pdf", "read: empty file (0 bytes)"),
    ("not-a-pdf.pdf", "read: not a PDF (no %PDF- header; starts with 'Serious Case Rev')"),
    ("encrypted-password.pdf", "read: password-protected PDF (cannot be opened without its password)"),
    ("truncated.pdf", "read: corrupt PDF: Unexpected EOF"),
])
def test_unreadable_files_raise_one_line_errors(name, message):
    with pytest.raises(ExtractError) as e:
        pipeline.process(BAD / name)
    assert str(e.value) == f"{BAD / name}: {message}"
    assert "\n" not in str(e.value)


def test_scan_without_text_layer_is_a_status_not_an_error():
    r = pipeline.process(BAD / "scanned-no-text.pdf")
    assert (r.status, r.sections, r.document.page_count) == ("no_text_layer", (), 1)
    assert r.document.warnings == (ocr.HOW_TO,)


def test_cid_garbage_is_flagged_not_parsed():
    r = pipeline.process(BAD / "cid-garbage.pdf")
    assert r.status == "cid_garbage" and r.sections == ()
    assert r.document.warnings == ("pages dominated by unmapped (cid:NN) glyphs: 1",)
    assert r.document.pages[0].cid_glyphs > r.document.pages[0].chars / 2
