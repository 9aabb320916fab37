"""Ingest integrity: nothing already loaded is lost, every input is accounted for.

Each test here reproduced a data-loss or silent-gap bug before its fix (issue 12).
"""

import os
import shutil

import duckdb
import pytest

from extract import ingest, store
from test_cli import review_pdf


def rows(db, sql, *params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_changed_file_keeps_its_unchanged_twin(tmp_path):
    """A.pdf and B.pdf hold the same bytes (one review, two paths); changing A must not delete B's review."""
    d = tmp_path / "in"
    d.mkdir()
    review_pdf(d / "A.pdf", "Serious Case Review concerning Child A")
    shutil.copy(d / "A.pdf", d / "B.pdf")
    db = tmp_path / "r.duckdb"
    s = ingest.run([d], db, workers=0, quiet=True)
    assert (s.ingested, s.duplicates) == (1, 1)
    (old_id,) = rows(db, "select review_id from reviews")[0]
    review_pdf(d / "A.pdf", "Serious Case Review concerning Child Z")  # A changes, B does not
    s = ingest.run([d], db, workers=0, quiet=True)
    assert (s.ingested, s.unchanged, s.failed) == (1, 1, 0)
    got = dict(rows(db, "select review_id, source_paths from reviews"))
    assert len(got) == 2, got
    assert got[old_id] == [str(d / "B.pdf")]  # the old review stays, now only at B
    (new_id,) = set(got) - {old_id}
    assert got[new_id] == [str(d / "A.pdf")]
    assert rows(db, "select count(*) from pages where review_id = ?", old_id) == [(3,)]
    # and when B changes too, the old bytes are nowhere: their review goes
    review_pdf(d / "B.pdf", "Serious Case Review concerning Child Y")
    ingest.run([d], db, workers=0, quiet=True)
    assert old_id not in dict(rows(db, "select review_id, source_paths from reviews"))
    assert rows(db, "select count(*) from pages where review_id = ?", old_id) == [(0,)]


def test_same_relative_path_from_two_folders_is_two_files(tmp_path, monkeypatch):
    db = tmp_path / "shared.duckdb"
    for proj, child in (("projA", "A"), ("projB", "B")):
        (tmp_path / proj / "corpus").mkdir(parents=True)
        review_pdf(tmp_path / proj / "corpus" / "review.pdf", f"Serious Case Review concerning Child {child}")
    for proj in ("projA", "projB"):
        monkeypatch.chdir(tmp_path / proj)
        s = ingest.run(["corpus"], db, workers=0, quiet=True)
        assert (s.ingested, s.failed) == (1, 0)
    got = sorted(p for (p,) in rows(db, "select source_path from reviews"))
    assert got == [str(tmp_path / "projA/corpus/review.pdf"), str(tmp_path / "projB/corpus/review.pdf")]
    # running again from either folder finds its own file unchanged
    monkeypatch.chdir(tmp_path / "projA")
    s = ingest.run(["corpus"], db, workers=0, quiet=True)
    assert (s.ingested, s.unchanged) == (0, 1)
    assert rows(db, "select count(*) from reviews") == [(2,)]


def test_every_input_is_accounted_for(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    review_pdf(d / "good.pdf")
    shutil.copy(d / "good.pdf", d / "good-copy.pdf")
    (d / "broken-1.pdf").write_bytes(b"%PDF-1.4 not really")
    (d / "broken-2.pdf").write_bytes(b"%PDF-1.4 not really")  # byte-identical to broken-1
    (d / "dangling.pdf").symlink_to(d / "nowhere.pdf")
    os.mkfifo(d / "pipe.pdf")
    (d / "folder.pdf").mkdir()
    (d / "loop.pdf").symlink_to(d / "loop.pdf")
    (d / "notes.txt").write_text("not a pdf, not an input")
    db = tmp_path / "r.duckdb"
    s = ingest.run([d, tmp_path / "missing.pdf"], db, workers=1, quiet=True)
    assert (s.ingested, s.duplicates, s.failed) == (1, 1, 3)
    assert sorted(s.skipped_reasons) == ["a folder named *.pdf", "not a regular file (FIFO)",
                                         "symbolic link loop", "symbolic link to nothing"]
    assert s.inputs == 9 == s.ingested + s.unchanged + s.duplicates + s.failed + s.skipped
    errs = sorted(rows(db, "select source_path, stage from ingest_errors"))
    assert [os.path.basename(p) for p, _ in errs] == ["broken-1.pdf", "broken-2.pdf", "missing.pdf"]
    assert len(s.errors) == 3


def test_progress_counts_every_input(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "x1.pdf").write_bytes(b"%PDF-1.4 broken")
    (d / "x2.pdf").write_bytes(b"%PDF-1.4 broken")
    ingest.run([d], tmp_path / "r.duckdb", workers=1)
    err = capsys.readouterr().err
    assert "[2/2] failed: " in err and "[1/2] failed: " in err


def test_non_utf8_filename_is_stored_losslessly_and_the_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    raw = os.fsencode(str(d)) + b"/caf\xe9-review.pdf"  # latin-1 e-acute: not valid UTF-8
    review_pdf(d / "a.pdf")
    review_pdf(tmp_path / "q.pdf", "Serious Case Review concerning Child Q")
    os.rename(tmp_path / "q.pdf", raw)
    (d / "z.pdf").write_bytes(b"%PDF-1.4 broken")
    with open(os.fsencode(str(d)) + b"/\xff-broken.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4 also broken")
    db = tmp_path / "r.duckdb"
    s = ingest.run([d], db, workers=0, quiet=True)
    assert (s.ingested, s.failed, s.inputs) == (2, 2, 4)
    shown = dict(rows(db, "select source_path, review_id from reviews"))
    assert f"{d}/caf\\xe9-review.pdf" in shown
    # the real bytes are recoverable: path_bytes maps the shown text back to the file name
    con = duckdb.connect(str(db), read_only=True)
    assert store.original_path(con, f"{d}/caf\\xe9-review.pdf") == os.fsdecode(raw)
    assert os.path.exists(store.original_path(con, f"{d}/caf\\xe9-review.pdf"))
    assert sorted(p for (p,) in con.execute("select source_path from ingest_errors").fetchall()) == [
        f"{d}/\\xff-broken.pdf", f"{d}/z.pdf"]
    con.close()
    # a rerun finds the file unchanged (the same name, however it is spelled)
    s = ingest.run([d], db, workers=0, quiet=True)
    assert (s.ingested, s.unchanged) == (0, 2)


def test_failures_are_one_row_per_file_and_bytes_with_a_count(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    db = tmp_path / "r.duckdb"
    for _ in range(3):
        ingest.run([d], db, workers=0, quiet=True)
    assert rows(db, "select attempts from ingest_errors") == [(3,)]
    (d / "bad.pdf").write_bytes(b"%PDF-1.4 broken differently")
    ingest.run([d], db, workers=0, quiet=True)
    # the old bytes' error is history: only the current bytes of a path are outstanding
    assert rows(db, "select attempts from ingest_errors") == [(1,)]
    review_pdf(d / "bad.pdf")
    ingest.run([d], db, workers=0, quiet=True)
    assert rows(db, "select count(*) from ingest_errors") == [(0,)]


@pytest.mark.parametrize("retry", [False, True])
def test_a_file_that_timed_out_is_not_retried_unless_asked(tmp_path, monkeypatch, retry):
    import time

    from extract import pipeline

    d = tmp_path / "in"
    d.mkdir()
    review_pdf(d / "slow.pdf")
    real = pipeline.process
    calls = tmp_path / "calls"

    def slow(path, sha=None, ocr=False):
        with open(calls, "a") as fh:
            fh.write("x")
        time.sleep(30)
        return real(path, sha, ocr)

    monkeypatch.setattr(pipeline, "process", slow)
    db = tmp_path / "r.duckdb"
    s = ingest.run([d], db, workers=1, timeout=1, quiet=True)
    assert s.failed == 1
    s = ingest.run([d], db, workers=1, timeout=1, quiet=True, retry_failed=retry)
    assert calls.read_text() == ("xx" if retry else "x")
    if retry:
        assert s.failed == 1
    else:
        assert (s.failed, s.skipped) == (0, 1)
        assert list(s.skipped_reasons) == ["timed out before with these bytes (use --retry-failed)"]
    assert rows(db, "select attempts from ingest_errors") == [(2 if retry else 1,)]


# --- workers: killed, dying mid-send, orphaned ------------------------------------------------

@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        review_pdf(d / f"review-{i}.pdf", f"Serious Case Review concerning Child {'ABCD'[i]}")
    return d


def test_worker_killed_mid_file_fails_that_file_only(corpus, tmp_path, monkeypatch):
    import signal

    from extract import pipeline

    real = pipeline.process

    def killed(path, sha=None, ocr=False):
        if path.endswith("review-1.pdf"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, sha, ocr)

    monkeypatch.setattr(pipeline, "process", killed)
    s = ingest.run([corpus], tmp_path / "r.duckdb", workers=2, timeout=60, quiet=True)
    assert (s.ingested, s.failed) == (3, 1)
    assert s.errors == [f"{corpus}/review-1.pdf: extract: worker died (exit code -9); the file may exhaust memory"]


def test_worker_dying_halfway_through_a_large_result_is_noticed(corpus, tmp_path, monkeypatch):
    """A result bigger than a pipe's buffer, cut off by the worker's death: no hang, the file fails."""
    import struct
    import time

    real_send = ingest._send

    def die_mid_send(conn, message):
        result = message[0]
        if getattr(result, "document", None) is not None and result.document.source_path.endswith("review-2.pdf"):
            frame = b"x" * 300_000
            os.write(conn.fileno(), struct.pack("!i", len(frame)) + frame[:200_000])
            os._exit(3)
        real_send(conn, message)

    monkeypatch.setattr(ingest, "_send", die_mid_send)
    t = time.monotonic()
    s = ingest.run([corpus], tmp_path / "r.duckdb", workers=1, timeout=120, quiet=True)
    assert time.monotonic() - t < 60
    assert (s.ingested, s.failed) == (3, 1)
    assert s.errors == [f"{corpus}/review-2.pdf: extract: worker died (exit code 3); the file may exhaust memory"]


def test_workers_die_with_the_main_process(corpus, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    script = (
        "import sys, time\n"
        "from extract import ingest, pipeline\n"
        "pipeline.process = lambda *a, **k: (time.sleep(120), None)[1]\n"
        "ingest.run([sys.argv[1]], sys.argv[2], workers=2, quiet=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(corpus), str(tmp_path / "r.duckdb")])
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = parent.children()
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], f"orphaned workers still running: {[p.pid for p in alive]}"


# --- a full disk ---------------------------------------------------------------------------

def test_disk_full_stops_cleanly_and_keeps_what_was_committed(corpus, tmp_path, monkeypatch):
    import duckdb as ddb

    real = store.load
    calls = []

    def fills_up(con, review):
        calls.append(review.review_id)
        if len(calls) == 3:
            raise ddb.IOException('IO Error: Could not write file "r.duckdb.wal": No space left on device')
        return real(con, review)

    monkeypatch.setattr(store, "load", fills_up)
    db = tmp_path / "r.duckdb"
    s = ingest.run([corpus], db, workers=0, quiet=True)
    assert s.stopped.startswith(f"{db}: No space left on device (")
    assert s.stopped.endswith("stopped after committing 2 reviews, which are kept; "
                              "free some space and run the same command again")
    assert len(calls) == 3  # it stopped: the fourth file was not tried
    assert rows(db, "select count(*) from reviews") == [(2,)]
    monkeypatch.setattr(store, "load", real)
    s = ingest.run([corpus], db, workers=0, quiet=True)  # space freed: the same command finishes
    assert (s.ingested, s.unchanged, s.stopped) == (2, 2, None)


def test_a_real_full_disk(corpus, tmp_path):
    """On a 3 MB tmpfs (needs mount rights; skipped without them)."""
    import subprocess

    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        for i in range(4, 40):
            shutil.copy(corpus / "review-0.pdf", corpus / f"copy-{i}.pdf")
            review_pdf(corpus / f"more-{i}.pdf", f"Serious Case Review concerning Child {i} of many")
        db = mnt / "r.duckdb"
        s = ingest.run([corpus], db, workers=0, quiet=True)
        assert s.stopped is not None and "No space left on device" in s.stopped, s.errors[:2]
        assert "\n" not in s.stopped and "cannot rollback" not in s.stopped
        con = duckdb.connect(str(db), read_only=True)
        n, pages = con.execute("select count(*), sum(page_count) from reviews").fetchone()
        assert n == s.ingested > 0
        assert con.execute("select count(*) from pages").fetchone() == (pages,)
        con.close()
    finally:
        subprocess.run(["umount", "-l", str(mnt)])


# --- readers during a write ----------------------------------------------------------------

def test_readers_get_answers_while_an_ingest_runs(tmp_path):
    """The writer holds the database only in short windows: a reader always gets in within seconds,
    sees whole reviews only, and the ingest never fails because of it."""
    import subprocess
    import sys
    import time

    d = tmp_path / "in"
    d.mkdir()
    for i in range(8):
        review_pdf(d / f"review-{i}.pdf", f"Serious Case Review concerning Child {'ABCDEFGH'[i]}")
    db = tmp_path / "r.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "extract.cli", "ingest", str(d), "--db", str(db),
                             "--workers", "1", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen, waits = [], []
    while proc.poll() is None:
        if not db.exists():
            time.sleep(0.05)
            continue
        t = time.monotonic()
        try:
            con = store.connect(db, read_only=True, wait=10)
        except duckdb.IOException as e:
            if "Could not set lock" in str(e) or "Conflicting lock" in str(e):
                raise  # a reader waited 10 s and never got in
            continue  # the file is still being created
        waits.append(time.monotonic() - t)
        n, whole = con.execute("select count(*), count(*) filter (where page_count = "
                               "(select count(*) from pages p where p.review_id = r.review_id)) "
                               "from reviews r").fetchone()
        con.close()
        assert n == whole
        seen.append(n)
        time.sleep(0.1)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.startswith("ingested 8, ")
    assert any(0 < n < 8 for n in seen), seen  # it read committed reviews while the run went on
    assert max(waits) < 5, max(waits)


def test_an_ingest_waits_for_a_reader_instead_of_failing(tmp_path):
    import threading
    import time

    d = tmp_path / "in"
    d.mkdir()
    review_pdf(d / "a.pdf")
    db = tmp_path / "r.duckdb"
    store.connect(db).close()
    import subprocess
    import sys

    # a reader in another process holds the file for 3 s
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print('ok', flush=True); time.sleep(6)")
    reader = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "ok"
    t = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "extract.cli", "ingest", str(d), "--db", str(db), "--workers", "0"],
                         capture_output=True, text=True)
    reader.wait()
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - t >= 4
    assert f"waiting: {db} is open in another process (PID {reader.pid}); the ingest goes on when it lets go" \
        in res.stderr


# --- the query surface reaches the database and nothing else ------------------------------------

def test_user_sql_cannot_touch_files(tmp_path):
    from typer.testing import CliRunner

    from extract.cli import app

    runner = CliRunner()
    db = tmp_path / "r.duckdb"
    store.connect(db).close()
    other = tmp_path / "other.duckdb"
    c = duckdb.connect(str(other))
    c.execute("create table reviews as select 1 as x")
    c.close()
    before = other.read_bytes()
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    attempts = [
        f"copy (select 1) to '{other}'",
        f"attach '{other}' as o (read_write); drop table o.reviews",
        "select * from read_text('/etc/passwd')",
        f"select * from read_csv('{tmp_path}/notes.csv')",
        "set enable_external_access = true",
        "install fts",
        f"copy reviews to '{tmp_path}/leak.csv'",
    ]
    for q in attempts:
        res = runner.invoke(app, ["sql", q, "--db", str(db)])
        assert res.exit_code == 1, (q, res.output)
        assert res.output.startswith("Error: ") and len(res.output.strip().splitlines()) == 1, res.output
    assert other.read_bytes() == before
    assert not (tmp_path / "leak.csv").exists()
    # a folder named with --allow-files is reachable, and only that folder (a fresh database file:
    # DuckDB shares one instance per file within a process, and this test runs the CLI in-process)
    db2 = tmp_path / "r2.duckdb"
    store.connect(db2).close()
    res = runner.invoke(app, ["sql", f"select * from read_csv('{tmp_path}/notes.csv')", "--db", str(db2),
                              "--allow-files", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 0 and res.output == "a,b\n1,2\n", res.output
