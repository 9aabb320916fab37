"""Hostile PDFs (made at test time by tests/hostile.py): the exact outcome of ``pipeline.process``.

Every file either gives a Review (a status, a page count, warnings) or fails with an ExtractError whose
text is one line naming the file, the stage and, where there is one, the page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from extract import ocr, pdf, pipeline
from extract.errors import ExtractError

import hostile

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "read: password-protected PDF (cannot be opened without its password)"
REPAIRED = pdf.REPAIRED


def fails(path: Path) -> str:
    """The one-line error of processing ``path``, without the path in front."""
    with pytest.raises(ExtractError) as e:
        pipeline.process(path)
    text = str(e.value)
    assert "\n" not in text and "Traceback" not in text
    assert text.startswith(f"{path}: ")
    return text[len(f"{path}: "):]


def body(review) -> str:
    return "\n".join(p.text(role=None) for p in review.document.pages)


@pytest.fixture
def no_temp_left():
    """No repair temp file is left behind by the test."""
    def ours():
        return set(Path(tempfile.gettempdir()).glob(f"{pdf.REPAIR_PREFIX}*"))
    before = ours()
    yield
    assert ours() - before == set()


# -- not PDFs, broken PDFs ------------------------------------------------------------------------

def test_zero_byte_file(tmp_path):
    assert fails(hostile.empty(tmp_path)) == "read: empty file (0 bytes)"


def test_random_bytes(tmp_path):
    assert fails(hostile.random_bytes(tmp_path)) == (
        r"read: not a PDF (no %PDF- header; starts with '\x9e\x045\x1e2\x82\x98t\xb5\xb5\x94k\x92\xc2\xc8y')")


def test_random_bytes_after_a_pdf_header(tmp_path, no_temp_left):
    # pdfminer finds no /Root; pdfium cannot load it either, so the repair path gives up
    assert fails(hostile.random_body(tmp_path)) == "read: corrupt PDF: No /Root object! - Is this really a PDF?"


@pytest.mark.parametrize("percent, message", [
    (10, "read: corrupt PDF: Unexpected EOF"),
    (50, "read: corrupt PDF: Unexpected EOF"),
    # the xref table and trailer are gone: neither pdfminer nor pdfium can find the /Root
    (90, "read: corrupt PDF: No /Root object! - Is this really a PDF?"),
])
def test_truncated(tmp_path, no_temp_left, percent, message):
    assert fails(hostile.truncated(tmp_path, percent)) == message


def test_the_untruncated_file_reads(tmp_path):
    r = pipeline.process(hostile.small(tmp_path))
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 3, ())
    assert "3.6 Child F was known" in body(r)


# -- encryption ------------------------------------------------------------------------------------

def test_user_password(tmp_path, no_temp_left):
    assert fails(hostile.encrypted_user_password(tmp_path)) == PASSWORD


def test_owner_password_only_is_readable(tmp_path):
    r = pipeline.process(hostile.encrypted_owner_only(tmp_path))
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 1, ())
    assert f"12. {hostile.SENTENCE}" in body(r)


# -- size --------------------------------------------------------------------------------------------

def test_two_thousand_blank_pages(tmp_path):
    f = hostile.blank_pages(tmp_path, 2000)
    t = time.perf_counter()
    r = pipeline.process(f)
    seconds = time.perf_counter() - t
    assert (r.status, r.document.page_count, r.document.warnings) == ("no_text_layer", 2000, (ocr.HOW_TO,))
    assert [p.page_no for p in r.document.pages] == list(range(1, 2001))
    assert seconds < 60


CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3000 << 20, 3000 << 20))  # extract.ingest's worker cap
from extract import pipeline
from extract.errors import ExtractError
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # after the imports (models vary by machine)
t = time.perf_counter()
try:
    r = pipeline.process(sys.argv[1])
    out = {"status": r.status, "pages": r.document.page_count, "warnings": list(r.document.warnings),
           "text": [p.text(role=None) for p in r.document.pages]}
except ExtractError as e:
    out = {"error": str(e)}
out["seconds"] = time.perf_counter() - t
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base  # what the file added
print(json.dumps(out))
"""


def run_capped(path: Path) -> dict:
    """process(path) in a child process under the ingest worker's 3000 MB address-space cap."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


BOMB = f"content streams inflate past {pdf.MAX_PAGE_CONTENT >> 20} MB (a decompression bomb?)"


def test_decompression_bomb_fails_in_bounded_time_and_memory(tmp_path):
    f = hostile.bomb(tmp_path)  # 300 KB of zlib, 300 MB of spaces
    out = run_capped(f)
    assert out["error"] == f"{f}: read: every page unreadable (1 page; page 1: {BOMB})"
    assert out["seconds"] < 10 and out["peak_mb"] < 300


def test_decompression_bomb_on_one_page_costs_only_that_page(tmp_path):
    f = hostile.bomb_on_page_2(tmp_path)  # 300 MB of text operators: hours of pdfminer
    out = run_capped(f)
    assert (out["status"], out["pages"]) == ("ok", 3)
    assert out["warnings"] == [f"page 2: {BOMB}; its text is missing"]
    assert out["text"][1] == "" and hostile.SENTENCE in out["text"][0] and hostile.SENTENCE in out["text"][2]
    assert out["seconds"] < 20 and out["peak_mb"] < 300


# -- structure -------------------------------------------------------------------------------------

def test_kids_cycle_reads_the_one_page(tmp_path):
    r = pipeline.process(hostile.kids_cycle(tmp_path))
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 1, ())
    assert hostile.SENTENCE in body(r)


def test_parent_cycle_reads_the_one_page(tmp_path):
    r = pipeline.process(hostile.parent_cycle(tmp_path))
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 1, ())
    assert hostile.SENTENCE in body(r)


def test_page_tree_5000_deep(tmp_path, no_temp_left):
    # pdfminer walks the tree recursively; pdfium opens the file, but its rewrite is as deep
    t = time.perf_counter()
    assert fails(hostile.deep_tree(tmp_path, 5000)) == (
        "read: corrupt PDF: page tree nested too deeply (maximum recursion depth exceeded)")
    assert time.perf_counter() - t < 10


def test_cid_glyphs(tmp_path):
    r = pipeline.process(hostile.cid_font(tmp_path))
    assert (r.status, r.document.page_count, r.sections) == ("cid_garbage", 1, ())
    assert r.document.warnings == ("pages dominated by unmapped (cid:NN) glyphs: 1",)
    assert r.document.pages[0].cid_glyphs == r.document.pages[0].chars == 139


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file")
def test_unreadable_file(tmp_path):
    f = hostile.unreadable(tmp_path)
    try:
        assert fails(f) == "read: cannot read the file (permission denied)"
    finally:
        f.chmod(0o644)


# -- bug 1: a word past the page edge ----------------------------------------------------------------

def test_word_past_the_right_edge(tmp_path):
    r = pipeline.process(hostile.word_past_right_edge(tmp_path))
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 1, ())
    lines = {l.text: l for l in r.document.pages[0].lines}
    assert f"30. {hostile.SENTENCE}" in lines
    over, under = lines[hostile.EDGE_WORD], lines["Underhang"]
    assert over.x0 == over.x1 == r.document.pages[0].width  # clamped to the page
    assert under.x0 == 0.0 < under.x1


def test_find_gutter_survives_words_off_the_page():
    # two columns of 40 rows, and two words the reader did not clamp: past the right edge, before the left
    words = [pdf._Word("text", x, x + 200, 100 + 14 * i, 110 + 14 * i, 10, False, False)
             for i in range(40) for x in (50, 320)]
    words += [pdf._Word("far", 700, 760, 300, 310, 10, False, False),
              pdf._Word("neg", -80, -20, 320, 330, 10, False, False)]
    assert 250 < pdf._find_gutter(words, 595.0, 842.0) < 320


# -- bug 2: a damaged xref ---------------------------------------------------------------------------

def test_damaged_xref_is_repaired(tmp_path, no_temp_left):
    f = hostile.damaged_xref(tmp_path, pages=3)
    r = pipeline.process(f)
    assert (r.status, r.document.page_count, r.document.warnings) == ("ok", 3, (REPAIRED,))
    assert r.document.source_path == str(f)
    assert r.document.sha256 == pdf.sha256_file(f)
    assert all(p.lines for p in r.document.pages)
    assert "3.6 Child F was known" in body(r)
    # the info dictionary survives the rewrite
    assert (r.document.pdf_title, r.document.pdf_author) == ("Serious Case Review: Child F", "Eastbrook LSCB")


# -- one bad page is a warning on that page --------------------------------------------------------

def test_page_pdfplumber_cannot_make_is_read_by_pdfium(tmp_path):
    r = pipeline.process(hostile.bad_mediabox_on_page_2(tmp_path))
    assert (r.status, r.document.page_count) == ("ok", 3)
    assert r.document.warnings == (
        "page 2: unreadable page (IndexError: list index out of range); read as plain text by pdfium "
        "(no layout)",)
    page2 = r.document.pages[1]
    assert page2.page_no == 2 and len(page2.lines) == 10
    assert {l.text for l in page2.lines} == {hostile.SENTENCE}


def test_repaired_file_with_a_page_only_pdfium_reads(tmp_path, no_temp_left):
    # the fallback reads pdfium's repaired copy, which is already unlinked (held by an open handle)
    r = pipeline.process(hostile.damaged_xref_and_bad_page_2(tmp_path))
    assert (r.status, r.document.page_count) == ("ok", 3)
    assert r.document.warnings == (
        REPAIRED, "page 2: unreadable page (IndexError: list index out of range); read as plain text by pdfium "
                  "(no layout)")
    assert [len(p.lines) for p in r.document.pages] == [10, 10, 10]


def test_page_neither_reader_can_read_is_empty_with_a_warning(tmp_path, monkeypatch):
    real = pdf.read_page

    def read_page(page, page_no, *scan):
        if page_no == 2:
            raise KeyError("Font")
        return real(page, page_no, *scan)

    def plain(self, index, page_no):
        raise RuntimeError("pdfium says no")

    monkeypatch.setattr(pdf, "read_page", read_page)
    monkeypatch.setattr(pdf._Plain, "page", plain)
    r = pipeline.process(hostile.small(tmp_path))
    assert (r.status, r.document.page_count) == ("ok", 3)
    assert r.document.warnings == ("page 2: unreadable page (KeyError: 'Font'); its text is missing",)
    assert [p.page_no for p in r.document.pages] == [1, 2, 3]
    assert r.document.pages[1].lines == () and r.document.pages[2].lines


def test_file_fails_only_when_every_page_fails(tmp_path, monkeypatch):
    def read_page(page, page_no, *scan):
        raise ValueError(f"bad page {page_no}")

    def plain(self, index, page_no):
        raise RuntimeError("pdfium says no")

    monkeypatch.setattr(pdf, "read_page", read_page)
    monkeypatch.setattr(pdf._Plain, "page", plain)
    assert fails(hostile.small(tmp_path)) == (
        "read: every page unreadable (3 pages; page 1: unreadable page (ValueError: bad page 1))")
