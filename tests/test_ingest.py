"""Batch behaviour: timeouts, vanished files, kill -9 mid-run, resumption without duplicates."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from extract import ingest, pipeline
from test_cli import review_pdf


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        review_pdf(d / f"review-{i}.pdf", f"Serious Case Review concerning Child {'ABCDEF'[i]}")
    return d


def test_hanging_file_is_killed_and_batch_goes_on(corpus, tmp_path, monkeypatch):
    real = pipeline.process

    def slow(path, sha=None, ocr=False):
        if path.endswith("review-2.pdf"):
            time.sleep(60)
        return real(path, sha, ocr)

    monkeypatch.setattr(pipeline, "process", slow)  # inherited by the forked workers
    s = ingest.run([corpus], tmp_path / "r.duckdb", workers=2, timeout=3, quiet=True)
    assert (s.ingested, s.failed) == (5, 1)
    assert s.errors == [f"{corpus}/review-2.pdf: extract: timed out after 3 s (worker killed)"]
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert con.execute("select stage, message from ingest_errors").fetchall() == [
        ("extract", "timed out after 3 s (worker killed)")]


def test_file_that_disappears_before_reading(corpus, tmp_path, monkeypatch):
    real = pipeline.process

    def vanish(path, sha=None, ocr=False):
        if path.endswith("review-4.pdf"):
            os.remove(path)
        return real(path, sha, ocr)

    monkeypatch.setattr(pipeline, "process", vanish)
    s = ingest.run([corpus], tmp_path / "r.duckdb", workers=0, quiet=True)
    assert (s.ingested, s.failed) == (5, 1)
    assert s.errors[0].startswith(f"{corpus}/review-4.pdf: read: ")


def test_kill_9_mid_run_then_rerun_finishes_without_duplicates(corpus, tmp_path):
    db = tmp_path / "r.duckdb"
    cmd = [sys.executable, "-m", "extract.cli", "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    # wait for the first review to be committed, then kill the whole process group
    for line in proc.stderr:
        if line.startswith("[2/6]"):
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    con = duckdb.connect(str(db))
    done = con.execute("select count(*) from reviews").fetchone()[0]
    assert 1 <= done < 6
    # whatever was committed is whole: every review has all its pages and sections
    assert con.execute("select count(*) from reviews r where page_count <> "
                       "(select count(*) from pages p where p.review_id = r.review_id)").fetchone()[0] == 0
    con.close()
    res = subprocess.run(cmd + ["--quiet"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"ingested {6 - done}, unchanged {done}, duplicate 0, failed 0, skipped 0 of 6 inputs")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*), count(distinct review_id) from reviews").fetchone() == (6, 6)
    assert con.execute("select count(*) from pages").fetchone() == (18,)


def test_pipeline_version_bump_reprocesses(corpus, tmp_path, monkeypatch):
    db = tmp_path / "r.duckdb"
    assert ingest.run([corpus], db, workers=0, quiet=True).ingested == 6
    assert ingest.run([corpus], db, workers=0, quiet=True).unchanged == 6
    monkeypatch.setattr("extract.store.PIPELINE_VERSION", "999.0")
    s = ingest.run([corpus], db, workers=0, quiet=True)
    assert (s.ingested, s.unchanged) == (6, 0)
    assert duckdb.connect(str(db), read_only=True).execute(
        "select distinct pipeline_version from reviews").fetchall() == [("999.0",)]


def test_500_page_pdf_is_read_page_by_page(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    big = tmp_path / "long review.pdf"
    c = canvas.Canvas(str(big), pagesize=A4, invariant=1)
    for n in range(1, 501):
        if n % 50 == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(72, 760, f"{n // 50 + 1}. Part {n // 50 + 1}")
        c.setFont("Helvetica", 11)
        c.drawString(72, 730, f"On page {n} the health visitor recorded that no concerns were raised at the visit.")
        c.setFont("Helvetica", 9)
        c.drawString(280, 40, f"Page {n} of 500")
        c.showPage()
    c.save()
    s = ingest.run([big], tmp_path / "r.duckdb", workers=1, quiet=True)
    assert (s.ingested, s.failed, s.pages) == (1, 0, 500)
    assert 0 < s.peak_rss_mb < 500
    assert set(s.stage_seconds) == {"read", "furniture", "sections", "metadata", "tagging", "themes", "store"}
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    assert con.execute("select count(*), count(distinct footer_text) from pages").fetchone() == (500, 500)
    assert con.execute("select count(*) from sections where level = 1").fetchone() == (10,)


def test_memory_cap_counts_from_what_the_worker_inherits():
    # a worker forked from a process with a large address space (a dask client's thread stacks, a big
    # database) still gets its full allowance: 1 GB mapped and never touched, then a 300 MB cap, then
    # 100 MB used succeeds; 400 MB more than the cap fails with MemoryError, as a runaway file should
    import subprocess
    import sys

    code = (
        "import mmap\n"
        "from extract import ingest\n"
        "held = mmap.mmap(-1, 1 << 30)\n"
        "ingest._limits(300)\n"
        "a = bytearray(100 << 20)\n"
        "try:\n"
        "    b = bytearray(400 << 20)\n"
        "    print('no cap')\n"
        "except MemoryError:\n"
        "    print('capped')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "capped"
