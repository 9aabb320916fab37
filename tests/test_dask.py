"""``--engine dask`` (issue 15): the rows, counts and failures of a local-pool ingest, from a dask cluster.

One ``LocalCluster(processes=True, n_workers=2)`` serves the module. Its workers import this module
to run ``misbehave``, which stands in for ``pipeline.process`` there (and, by monkeypatch, in the
local pool's forked workers): one file hangs, one kills its process.
"""

from __future__ import annotations

import os
import pickle
import time

import duckdb
import pytest

pytest.importorskip("distributed")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from extract import ingest, pipeline, store  # noqa: E402
from extract.cli import app  # noqa: E402
from test_cli import review_pdf  # noqa: E402
from test_cli_errors import one_error_line  # noqa: E402

HANG, DIE, BAD = "review-hang.pdf", "review-die.pdf", "not-a-pdf.pdf"
TIMEOUT = 5  # seconds; the local pool's first file per worker also loads the models inside it
GOOD = 5
_real_process = pipeline.process


def misbehave(path, sha=None, ocr=False):
    """``pipeline.process``, except that HANG hangs and DIE kills its process."""
    name = os.path.basename(path)
    if name == HANG:
        time.sleep(60)
    if name == DIE:
        os._exit(3)
    return _real_process(path, sha, ocr)


def _patch_workers() -> None:
    pipeline.process = misbehave  # the standing child each worker forks inherits it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask") / "in"
    d.mkdir()
    for i in range(GOOD):
        review_pdf(d / f"review-{i}.pdf", f"Serious Case Review concerning Child {'ABCDE'[i]}")
    review_pdf(d / HANG, "Serious Case Review concerning Child H")
    review_pdf(d / DIE, "Serious Case Review concerning Child X")
    (d / BAD).write_bytes(b"<html>not a PDF</html>")
    return d


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
            with Client(c, set_as_default=False) as client:
                client.run(_patch_workers)
            yield c


@pytest.fixture(scope="module")
def both(corpus, cluster, tmp_path_factory):
    """(local summary, local db, dask summary, dask db) over the same corpus."""
    tmp = tmp_path_factory.mktemp("dbs")
    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "process", misbehave)  # inherited by the local pool's forked workers
    try:
        local = ingest.run([corpus], tmp / "local.duckdb", workers=2, timeout=TIMEOUT, quiet=True)
    finally:
        mp.undo()
    dasked = ingest.run([corpus], tmp / "dask.duckdb", workers=2, timeout=TIMEOUT, quiet=True, engine="dask",
                        scheduler=cluster.scheduler_address)
    return local, tmp / "local.duckdb", dasked, tmp / "dask.duckdb"


def rows(db) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the wall-clock columns (ingested_at, occurred_at, first_seen)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_type = 'BASE TABLE' order by 1").fetchall()]
        for t in tables:
            cols = [c for c, typ in con.execute(f"select column_name, data_type from information_schema.columns "
                                                f"where table_name = '{t}' order by ordinal_position").fetchall()
                    if not typ.startswith("TIMESTAMP")]
            out[t] = sorted(con.execute(f"select {', '.join(cols)} from {t}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def errors(db) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {os.path.basename(p): (stage, msg) for p, stage, msg in
                con.execute("select source_path, stage, message from ingest_errors").fetchall()}
    finally:
        con.close()


def counts(s: ingest.Summary) -> tuple:
    return (s.inputs, s.ingested, s.unchanged, s.duplicates, s.failed, s.skipped, s.pages, s.no_text, s.repaired,
            sorted(s.errors))


def test_dask_rows_are_the_local_pools(both):
    local, local_db, dasked, dask_db = both
    assert counts(dasked) == counts(local)
    assert (dasked.ingested, dasked.failed) == (GOOD, 3)
    a, b = rows(local_db), rows(dask_db)
    assert set(a) >= {"reviews", "sections", "mentions", "timexes", "findings", "theme_tags", "ingest_errors"}
    assert a["reviews"] and a["sections"] and a["mentions"]
    for table in a:
        assert b[table] == a[table], table


def test_dask_failures_hang_and_crash(both):
    local, local_db, dasked, dask_db = both
    got = errors(dask_db)
    assert got == errors(local_db)
    assert got[HANG] == ("extract", f"timed out after {TIMEOUT} s (worker killed)")
    assert got[DIE] == ("extract", "worker died (exit code 3); the file may exhaust memory")
    assert got[BAD][0] == "read" and got[BAD][1].startswith("not a PDF")
    assert 0 < dasked.peak_rss_mb < 2000  # the child's peak, sent back with its result


def test_dask_rerun_skips_what_is_current(both, corpus, cluster):
    _, _, _, dask_db = both
    s = ingest.run([corpus], dask_db, workers=2, timeout=TIMEOUT, quiet=True, engine="dask",
                   scheduler=cluster.scheduler_address)
    assert (s.ingested, s.unchanged, s.failed) == (0, GOOD, 2)  # the two that failed fast are tried again
    assert s.skipped_reasons == {ingest.TIMED_OUT: [str(corpus / HANG)]}


def test_dask_shards_then_load_shards(both, corpus, tmp_path):
    """--shards with a local cluster the run starts itself (no scheduler given)."""
    _, _, _, dask_db = both
    db, shards = tmp_path / "s.duckdb", tmp_path / "shards"
    good = sorted(corpus.glob("review-[0-9].pdf"))  # this cluster's workers are not patched
    s = ingest.run(good, db, workers=2, quiet=True, engine="dask", shards=shards)
    assert (s.ingested, s.failed) == (GOOD, 0)
    con = store.connect(db)
    assert store.load_shards(con, shards) == GOOD
    con.close()
    want, got = rows(dask_db), rows(db)
    assert got["ingest_errors"] == []
    for table in want:
        if table != "ingest_errors":
            assert got[table] == want[table], table


def test_cli_scheduler_needs_dask_engine(tmp_path):
    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "r.duckdb"),
                                   "--scheduler", "tcp://127.0.0.1:8786"])
    one_error_line(res, 2, "--scheduler needs --engine dask")


def test_cli_unreachable_scheduler(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "CONNECT_TIMEOUT", 1.0)
    review_pdf(tmp_path / "a.pdf")
    db = tmp_path / "r.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--engine", "dask",
                                   "--scheduler", "tcp://127.0.0.1:1", "--quiet"])
    one_error_line(res, 1, "cannot reach the dask scheduler at tcp://127.0.0.1:1")
    assert not db.exists()


def _kill_the_dask_worker_on(name: str) -> None:
    real = ingest._in_child

    def forked(path, *args):
        if os.path.basename(path) == name:
            os._exit(1)  # the dask worker process itself, not a forked child
        return real(path, *args)

    ingest._in_child = forked


def test_lost_dask_worker_fails_its_file_only(corpus, cluster, tmp_path):
    """Last in the module: it kills a cluster worker (its nanny starts a fresh, unpatched one)."""
    with Client(cluster, set_as_default=False) as client:
        client.run(_kill_the_dask_worker_on, "review-1.pdf")
    files = [corpus / "review-0.pdf", corpus / "review-1.pdf", corpus / "review-2.pdf"]
    s = ingest.run(files, tmp_path / "k.duckdb", workers=2, timeout=TIMEOUT, quiet=True, engine="dask",
                   scheduler=cluster.scheduler_address)
    assert (s.ingested, s.failed) == (2, 1)
    assert s.errors[0].startswith(f"{corpus / 'review-1.pdf'}: extract: dask: KilledWorker: "), s.errors


def test_one_standing_child_serves_a_threads_files(tmp_path, monkeypatch):
    """A dask worker thread extracts file after file in one forked child (its caches stay warm); a file
    that hangs gets that child killed and the next file a new one."""
    monkeypatch.setattr(pipeline, "process", misbehave)  # inherited by the child forked below
    monkeypatch.setattr(ingest, "_children", type(ingest._children)())  # this test's own children
    a, b, hang = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / HANG
    for p in (a, b, hang):
        review_pdf(p, "Serious Case Review concerning Child A")
    sha = "0" * 64
    first, _ = ingest._in_child(str(a), sha, 60, None, False)
    pid = ingest._children.child.pid
    second, rss = ingest._in_child(str(b), sha, 60, None, False)
    assert ingest._children.child.pid == pid and rss > 0
    assert isinstance(first, bytes) and isinstance(second, bytes)
    assert ingest._in_child(str(hang), sha, 1, None, False) == (
        ("extract", None, "timed out after 1 s (worker killed)"), 0.0)
    assert getattr(ingest._children, "child", None) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # the killed child was reaped
    again, _ = ingest._in_child(str(a), sha, 60, None, False)
    assert ingest._children.child.pid != pid
    assert pickle.loads(again) == pickle.loads(first)  # the same Review (its timings aside) from the new child
    ingest._children.child.end()


def test_the_callers_objects_are_frozen_for_the_run_only(corpus, cluster, tmp_path):
    """``gc.freeze`` keeps the collector off the caller's objects while dask allocates in this process,
    and is undone afterwards; a caller's own freeze is left as it was."""
    import gc

    seen = []
    real = ingest._dask_run

    def spy(*args):
        seen.append(gc.get_freeze_count())
        yield from real(*args)

    files = [corpus / "review-0.pdf"]
    try:
        ingest._dask_run = spy
        assert gc.get_freeze_count() == 0
        ingest.run(files, tmp_path / "a.duckdb", workers=2, quiet=True, engine="dask",
                   scheduler=cluster.scheduler_address)
        assert seen[0] > 0 and gc.get_freeze_count() == 0
        gc.freeze()
        mine = gc.get_freeze_count()
        ingest.run(files, tmp_path / "b.duckdb", workers=2, quiet=True, engine="dask",
                   scheduler=cluster.scheduler_address)
        assert gc.get_freeze_count() > mine // 2  # not unfrozen (freed objects leave it as they go)
    finally:
        ingest._dask_run = real
        gc.unfreeze()
