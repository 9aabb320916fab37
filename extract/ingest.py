"""The batch: list every input, hash, skip what is current, extract in workers, load with one writer.

Extraction is a pure function of a file's bytes (``pipeline.process``), so it runs in
worker processes. DuckDB allows one writing process, so results stream back to this
process, which loads each review in its own transaction.

Guarantees (tested in tests/test_integrity.py, tests/test_ingest.py):

* **Nothing loaded is lost.** A review is either wholly in the database or not at all, at
  any moment (kill -9 included). A path's review is replaced only when the path's new bytes
  load; a review stays while any path still holds its bytes; paths are absolute, so the same
  relative path typed in two folders is two files.
* **Every input is accounted for**: ingested + unchanged + duplicate + failed + skipped
  (each with its reason) = inputs, and each failed input has its own ``ingest_errors`` row.
* **Readers are welcome during a run.** The writer opens the database only for short write
  windows (a batch of results, at most about once a second) and closes it between them, so
  ``scr sql`` and the other read commands get an answer (the reviews committed so far) while
  an ingest runs; a writer that finds a reader holding the file waits for it, and never fails
  because someone is reading.
* **One bad file never stops the batch.** A file that hangs or blows memory is killed after
  ``timeout`` seconds or at the memory cap and recorded; a worker that dies, even halfway
  through sending its result, is noticed; workers die with the main process.
* **A full disk stops the run cleanly** with ``No space left on device``; what was committed
  stays.
"""

from __future__ import annotations

import errno
import gc
import multiprocessing as mp
import os
import pickle
import queue
import re
import signal
import stat
import struct
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import PIPELINE_VERSION, pdf, pipeline, store
from .errors import ExtractError, shown

DEFAULT_TIMEOUT = 600.0  # seconds one file may take before its worker is killed
DEFAULT_MEMORY_MB = 3000  # address space a worker may add to what it starts with; past it the file fails, not the machine
WRITE_EVERY = 1.0  # seconds between write windows (readers get the database in between)
WRITE_BATCH = 32  # results that force a write window sooner
LOCK_WAIT = 3600.0  # seconds the writer waits for readers to let go of the database
TIMED_OUT = "timed out before with these bytes (use --retry-failed)"
ENGINES = ("local", "dask")
CONNECT_TIMEOUT = 10.0  # seconds to reach a dask scheduler before giving up
WORKER_WAIT = 60.0  # seconds to wait for a dask scheduler to have at least one worker


class DiskFull(Exception):
    """The disk holding the database (or the shards) is full: stop, keep what was committed."""


class EngineError(Exception):
    """The dask cluster cannot be reached or used (one line naming the scheduler): the CLI exits 1."""


@dataclass
class Summary:
    """What a run did. Every input is counted once:
    ingested + unchanged + duplicates + failed + skipped == inputs. ``failed`` > 0 (or a stop)
    makes the CLI exit non-zero."""

    inputs: int = 0
    ingested: int = 0
    unchanged: int = 0  # these bytes at this path are already in the database
    duplicates: int = 0  # these bytes are already in the database (or this run) under another path
    failed: int = 0
    skipped_reasons: dict[str, list[str]] = field(default_factory=dict)  # reason -> paths
    no_text: int = 0
    repaired: int = 0
    pages: int = 0
    peak_rss_mb: float = 0.0  # the largest peak RSS of any worker
    wall: float = 0.0
    stopped: str | None = None  # why the run stopped early (disk full), if it did
    stage_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(len(v) for v in self.skipped_reasons.values())

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    def skip(self, path: str, reason: str) -> None:
        self.skipped_reasons.setdefault(reason, []).append(shown(path))

    def line(self) -> str:
        skipped = ", ".join(f"{len(v)} {k}" for k, v in sorted(self.skipped_reasons.items()))
        return (f"ingested {self.ingested}, unchanged {self.unchanged}, duplicate {self.duplicates}, "
                f"failed {self.failed}, skipped {self.skipped}{f' ({skipped})' if skipped else ''}"
                f" of {self.inputs} inputs ({self.pages} pages in {self.wall:.1f} s, {self.pages_per_s:.1f} pages/s)")

    def as_dict(self) -> dict:
        return {
            "inputs": self.inputs, "ingested": self.ingested, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "failed": self.failed, "skipped": self.skipped,
            "skipped_reasons": self.skipped_reasons, "no_text_layer": self.no_text,
            "repaired": self.repaired, "pages": self.pages,
            "wall_s": round(self.wall, 3), "pages_per_s": round(self.pages_per_s, 2),
            "peak_worker_rss_mb": round(self.peak_rss_mb, 1), "stopped": self.stopped,
            "stage_s": {k: round(v, 3) for k, v in sorted(self.stage_seconds.items())},
            "errors": self.errors,
        }


# --- inputs -------------------------------------------------------------------------------

@dataclass
class Inputs:
    files: list[str]  # regular files to ingest (absolute, links resolved, first seen first)
    missing: list[tuple[str, str]]  # (path, why) named on the command line but not readable as files
    skipped: list[tuple[str, str]]  # (path, reason) found but not a PDF file


def _kind(st: os.stat_result) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(st.st_mode):
            return name
    return "special file"


def _classify(path: str) -> tuple[str, str | None]:
    """('file', None), ('skip', reason) or ('missing', why) for a path."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "skip", "symbolic link loop"
        if os.path.islink(path):
            return "skip", "symbolic link to nothing"
        return "missing", f"cannot read file: {e.strerror or e}"
    if stat.S_ISDIR(st.st_mode):
        return "dir", None
    if not stat.S_ISREG(st.st_mode):
        return "skip", f"not a regular file ({_kind(st)})"
    return "file", None


def list_inputs(paths: Iterable[str | Path]) -> Inputs:
    """Files named on the command line, and every *.pdf below named folders (sorted).

    Below a folder, every entry named *.pdf is an input: a folder so named, a FIFO, a dangling
    link or a link loop is skipped with its reason (the PDFs inside such a folder are inputs).
    """
    out = Inputs([], [], [])
    seen: set[str] = set()

    def add(path: str, named: bool) -> None:
        kind, why = _classify(path)
        if kind == "dir":
            if named:
                _walk(path)
            else:
                out.skipped.append((path, "a folder named *.pdf"))
            return
        real = os.path.realpath(path) if kind == "file" else os.path.abspath(path)
        if real in seen:
            return
        seen.add(real)
        if kind == "file":
            out.files.append(real)
        elif kind == "skip":
            out.skipped.append((os.path.abspath(path), why))
        else:
            out.missing.append((os.path.abspath(path), why))

    def _walk(root: str) -> None:
        def unreadable(e: OSError) -> None:
            out.skipped.append((os.path.abspath(e.filename or root), f"folder cannot be read ({e.strerror})"))

        for folder, dirs, names in os.walk(root, onerror=unreadable):
            dirs.sort()
            for name in sorted(names + [d for d in dirs if d.lower().endswith(".pdf")]):
                if name.lower().endswith(".pdf"):
                    add(os.path.join(folder, name), named=False)

    for p in paths:
        add(os.fspath(p), named=True)
    return out


def find_pdfs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files ``run`` would ingest (see ``list_inputs`` for what is skipped and why)."""
    inputs = list_inputs(paths)
    yield from (Path(p) for p in inputs.files)


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the main process dies (even by kill -9)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker notices a closed task pipe instead
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _send(conn, message) -> None:
    conn.send(message)


def _worker(task_conn, result_conn, parent: int, memory_mb: int | None, ocr: bool = False) -> None:
    _die_with_parent(parent)
    _limits(memory_mb)
    while True:
        try:
            task = task_conn.recv()
        except (EOFError, OSError):  # the main process is gone
            return
        if task is None:
            return
        path, sha = task
        result = _extract(path, sha, ocr)
        try:
            _send(result_conn, (result, _peak_rss_mb()))
        except MemoryError:
            _send(result_conn, (("store", None, "result too large to send (out of memory)"), _peak_rss_mb()))


def _limits(memory_mb: int | None) -> None:
    """What every extracting process sets first (a pool worker, a dask task's child)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    # pdfminer makes millions of short-lived, acyclic objects: with the default thresholds the
    # cyclic collector runs thousands of times a page for nothing (about 10% of extraction time)
    gc.set_threshold(50_000, 20, 100)
    if memory_mb:
        try:
            import resource

            # on top of what the process has mapped when it starts: a worker forked from a process
            # that holds a dask client (its threads' stacks) or a large database maps gigabytes it
            # never touches, and a cap counted from zero would fail a file that fits
            limit = (_mapped_mb() + memory_mb) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass


def _mapped_mb() -> int:
    """This process's address space (VmSize) in MB, or 0 where /proc does not say."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    except ImportError:  # pragma: no cover
        return 0.0


def _extract(path: str, sha: str, ocr: bool = False):
    """Review, or (stage, page, message) on failure."""
    try:
        return pipeline.process(path, sha, ocr=ocr)
    except ExtractError as e:
        return (e.stage, e.page, e.message)
    except MemoryError:
        return ("read", None, "out of memory while extracting (file too large or malformed)")
    except Exception as e:  # never let one file stop the batch
        return ("extract", None, f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")


class Reporter:
    """Progress: a rich bar on a terminal, plain log lines otherwise."""

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.total, self.done, self.pages, self.quiet = total, 0, 0, quiet
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self.bar = None
        if not quiet and self.stream.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True)
            self.task = self.bar.add_task("ingest", total=total, rate="")
            self.bar.start()

    def file(self, path: str, outcome: str, pages: int = 0) -> None:
        self.done += 1
        self.pages += pages
        rate = self.pages / max(time.perf_counter() - self.start, 1e-9)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} pages/s")
        elif not self.quiet:
            print(f"[{self.done}/{self.total}] {outcome}: {shown(path)}", file=self.stream, flush=True)

    def error(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, style="red", markup=False, highlight=False)
        elif not self.quiet:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


class _Writer:
    """The one writer: applies a batch of operations in a short write window, then lets go.

    Each operation is its own transaction (a review, a path, an error row), so a kill at
    any moment leaves whole reviews only. Between windows the database file is closed, so
    readers can open it; a reader holding it makes the writer wait, never fail.
    """

    def __init__(self, db, report: "Reporter", lock_wait: float = LOCK_WAIT):
        self.db, self.report, self.lock_wait = db, report, lock_wait
        self.ops: list[tuple[Callable, Callable | None]] = []
        self.last = 0.0
        con = self._open(schema=True)
        try:
            self.snapshot = store.snapshot(con)
        finally:
            con.close()

    def _waiting(self, message: str) -> None:
        pid = re.search(r"\(PID (\d+)\)", message)
        self.report.error(f"waiting: {shown(self.db)} is open in another process"
                          f"{f' (PID {pid.group(1)})' if pid else ''}; the ingest goes on when it lets go")

    def _open(self, schema: bool = False):
        try:
            if schema:
                return store.connect(self.db, wait=self.lock_wait, on_wait=self._waiting)
            return store.open_writer(self.db, self.lock_wait, self._waiting)
        except Exception as e:
            if _disk_full(e):
                raise DiskFull(str(e)) from None
            raise

    def add(self, op: Callable, done: Callable | None = None) -> None:
        """``op(con)`` in the next window; then ``done(error_or_None)``."""
        self.ops.append((op, done))
        if len(self.ops) >= WRITE_BATCH or time.monotonic() - self.last >= WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self.ops:
            return
        ops, self.ops = self.ops, []
        con = self._open()
        try:
            for i, (op, done) in enumerate(ops):
                try:
                    op(con)
                except Exception as e:
                    if _disk_full(e):
                        self.ops = ops[i:]  # not written: dropped by the caller's stop
                        raise DiskFull(_first_line(e)) from None
                    if done is None:
                        raise
                    done(e)
                    continue
                if done is not None:
                    done(None)
        finally:
            con.close()
            self.last = time.monotonic()


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def _disk_full(e: BaseException) -> bool:
    return (isinstance(e, OSError) and e.errno == errno.ENOSPC) or "No space left on device" in str(e)


def run(paths: Iterable[str | Path], db: str | Path, workers: int | None = None, force: bool = False,
        timeout: float = DEFAULT_TIMEOUT, memory_mb: int | None = DEFAULT_MEMORY_MB, quiet: bool = False,
        on_review: Callable | None = None, shards: str | Path | None = None, ocr: bool = False,
        retry_failed: bool = False, lock_wait: float = LOCK_WAIT, engine: str = "local",
        scheduler: str | None = None) -> Summary:
    """Ingest PDFs into the database at ``db``. ``workers=0`` extracts in this process.

    With ``shards``, each review is written as Parquet files under that folder instead of
    into the database (``db`` then only records errors and skips); ``scr load-shards`` loads them.
    A file that timed out before with the same bytes is skipped unless ``retry_failed``.
    ``engine="dask"`` extracts on the dask.distributed cluster at ``scheduler`` (a local one
    without it); everything else is the same (docs/distributed.md).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not an engine; use one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ValueError("a scheduler is for engine 'dask'")
    t0 = time.perf_counter()
    summary = Summary()
    inputs = list_inputs(paths)
    summary.inputs = len(inputs.files) + len(inputs.missing) + len(inputs.skipped)
    if not summary.inputs:  # nothing to do: the database is not opened (nor created); the CLI exits 1
        summary.wall = time.perf_counter() - t0
        return summary
    client = _dask_client(scheduler) if scheduler else None  # before the database: a bad address creates nothing
    report = Reporter(summary.inputs, quiet=quiet)
    shard_dir = Path(shards) if shards else None
    writer = None
    try:
        writer = _Writer(db, report, lock_wait)
        snap = writer.snapshot
        done_shards = store.current_shards(shard_dir, ocr) if shard_dir and not force else set()
        for path, reason in inputs.skipped:
            summary.skip(path, reason)
            report.file(path, f"skipped ({reason})")
        for path, why in inputs.missing:
            _fail(writer, summary, report, path, None, "read", None, why)
        fresh: list[tuple[str, str]] = []
        first_of: dict[str, str] = {}  # sha -> first path in this run
        later: list[tuple[str, str]] = []  # same bytes as a file queued earlier in this run
        for path in inputs.files:
            try:
                sha = pdf.sha256_file(path)
            except OSError as e:
                _fail(writer, summary, report, path, None, "read", None, f"cannot read file: {e.strerror or e}")
                continue
            if shard_dir is not None and f"{sha}:{PIPELINE_VERSION}" in done_shards:
                summary.unchanged += 1
                report.file(path, "unchanged")
                continue
            if not retry_failed and (store.path_text(path), sha) in snap.timed_out:
                summary.skip(path, TIMED_OUT)
                report.file(path, "skipped (timed out before)")
                continue
            # a scan stored without OCR is not current for a run with --ocr: OCR changes the result
            rid = None if force or shard_dir or (ocr and sha in snap.not_ocred) else snap.by_sha.get(sha)
            if rid:
                if store.path_text(path) in snap.paths.get(rid, ()):
                    summary.unchanged += 1
                    report.file(path, "unchanged")
                else:
                    _attach(writer, summary, report, rid, path)
                continue
            if sha in first_of:
                later.append((path, sha))
                continue
            first_of[sha] = path
            fresh.append((path, sha))
        outcome: dict[str, object] = {}  # first path -> review_id loaded, or the failure line
        shas = dict(fresh)
        for path, result, rss in _results(fresh, workers, timeout, memory_mb, ocr, engine, client):
            sha = shas[path]
            summary.peak_rss_mb = max(summary.peak_rss_mb, rss)
            if isinstance(result, tuple):
                outcome[path] = result
                _fail(writer, summary, report, path, sha, *result)
                continue
            _load(writer, summary, report, result, shard_dir, on_review, outcome)
        writer.flush()
        for path, sha in later:  # after their twin: attached to its review, or failed like it
            first = outcome.get(first_of[sha])
            if isinstance(first, str):
                if shard_dir is None:
                    _attach(writer, summary, report, first, path)
                else:
                    summary.duplicates += 1
                    report.file(path, "duplicate")
            else:
                stage, page, message = first if isinstance(first, tuple) else ("store", None, "not loaded")
                _fail(writer, summary, report, path, sha, stage, page,
                      f"{message} (same bytes as {shown(first_of[sha])})")
        writer.flush()
    except DiskFull as e:
        summary.stopped = (f"{shown(db)}: No space left on device ({e}); stopped after committing "
                           f"{summary.ingested} reviews, which are kept; free some space and run the same command again")
        report.error(summary.stopped)
    finally:
        report.close()
        if client is not None:
            client.close()
    summary.wall = time.perf_counter() - t0
    return summary


def _load(writer: _Writer, summary: Summary, report: Reporter, result, shard_dir, on_review, outcome) -> None:
    path = result.document.source_path
    t_store = time.perf_counter()

    def op(con):
        if shard_dir is not None:
            store.write_shard(result, shard_dir)
        else:
            store.load(con, result)
        store.clear_errors(con, path)

    def done(err):
        if err is not None:
            outcome[path] = ("store", None, f"{type(err).__name__}: {_first_line(err)}")
            _record_failure(writer, summary, report, path, result.document.sha256, *outcome[path])
            return
        outcome[path] = result.review_id
        result.timings["store"] = time.perf_counter() - t_store
        if on_review:
            on_review(result)
        summary.ingested += 1
        summary.no_text += result.status == "no_text_layer"
        summary.repaired += any(w.startswith("repaired") for w in result.document.warnings)
        summary.pages += result.document.page_count
        for k, v in result.timings.items():
            summary.stage_seconds[k] = summary.stage_seconds.get(k, 0.0) + v
        report.file(path, "ingested" if result.status == "ok" else result.status, result.document.page_count)

    writer.add(op, done)


def _attach(writer: _Writer, summary: Summary, report: Reporter, rid: str, path: str) -> None:
    def done(err):
        if err is not None:
            _record_failure(writer, summary, report, path, None, "store", None,
                            f"{type(err).__name__}: {_first_line(err)}")
            return
        summary.duplicates += 1
        report.file(path, "duplicate")

    writer.add(lambda con: store.add_path(con, rid, path), done)


def _fail(writer: _Writer, summary: Summary, report: Reporter, path: str, sha: str | None, stage: str,
          page: int | None, message: str) -> None:
    writer.add(lambda con: store.record_error(con, path, sha, stage, page, message),
               lambda err: _record_failure(writer, summary, report, path, sha, stage, page, message, write=False))


def _record_failure(writer, summary: Summary, report: Reporter, path: str, sha: str | None, stage: str,
                    page: int | None, message: str, write: bool = True) -> None:
    """Count and print a failure (and, from a failed load, write its error row next window)."""
    if write:
        writer.ops.append((lambda con: store.record_error(con, path, sha, stage, page, message), None))
    line = str(ExtractError(path, stage, message, page))
    summary.failed += 1
    summary.errors.append(line)
    report.error(line)
    report.file(path, "failed")



class _Pool:
    """Worker processes, each with its own task pipe and result pipe.

    One pipe per worker (not a shared queue) means a worker that dies, even halfway through
    sending a result larger than the pipe's buffer, closes its pipe: its reader thread sees the
    end of file and the main loop records the file as failed, instead of waiting forever on a
    message that will never be whole. Deadlines are checked every quarter second.
    """

    def __init__(self, n: int, memory_mb: int | None, ocr: bool):
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.memory_mb, self.ocr = memory_mb, ocr
        self.events: queue.Queue = queue.Queue()
        self.workers: dict[int, dict] = {}
        for _ in range(n):
            self.spawn()

    def spawn(self) -> None:
        task_r, task_w = self.ctx.Pipe(duplex=False)
        result_r, result_w = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker, args=(task_r, result_w, os.getpid(), self.memory_mb, self.ocr),
                                daemon=True)
        proc.start()
        task_r.close()
        result_w.close()  # the worker holds the only write end: its death is an end of file here
        w = {"proc": proc, "tasks": task_w, "task": None, "started": 0.0}
        self.workers[proc.pid] = w
        threading.Thread(target=self._read, args=(proc.pid, result_r), daemon=True).start()

    def _read(self, pid: int, conn) -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                self.events.put((pid, None))
                conn.close()
                return
            except Exception as e:  # a result that cannot be unpickled
                msg = (("store", None, f"result could not be read: {type(e).__name__}"), 0.0)
            self.events.put((pid, msg))

    def idle(self) -> list[int]:
        return [pid for pid, w in self.workers.items() if w["task"] is None]

    def give(self, pid: int, task: tuple[str, str]) -> None:
        w = self.workers[pid]
        w["task"], w["started"] = task, time.monotonic()
        w["tasks"].send(task)

    def retire(self, pid: int) -> None:
        w = self.workers.pop(pid)
        if w["proc"].is_alive():
            w["proc"].kill()
        w["proc"].join()
        w["tasks"].close()

    def close(self) -> None:
        for w in self.workers.values():
            try:
                w["tasks"].send(None)
            except OSError:
                pass
        for pid in list(self.workers):
            w = self.workers[pid]
            w["proc"].join(timeout=2)
            self.retire(pid)


def _results(todo: list[tuple[str, str]], workers: int | None, timeout: float,
             memory_mb: int | None, ocr: bool = False, engine: str = "local",
             client=None) -> Iterator[tuple[str, object, float]]:
    """(path, Review or failure tuple, worker peak RSS in MB) for each task, as workers finish them."""
    if not todo:
        return
    if engine == "dask":
        yield from _results_dask(todo, client, workers, timeout, memory_mb, ocr)
        return
    if workers == 0:
        for path, sha in todo:
            yield path, _extract(path, sha, ocr), _peak_rss_mb()
        return
    pending = list(reversed(todo))
    pool = _Pool(max(1, min(workers or os.cpu_count() or 1, len(todo))), memory_mb, ocr)
    remaining = len(todo)
    try:
        while remaining:
            for pid in pool.idle():
                if pending:
                    pool.give(pid, pending.pop())
            try:
                pid, msg = pool.events.get(timeout=0.25)
            except queue.Empty:
                pid, msg = None, None
            if pid is not None and pid in pool.workers:
                w = pool.workers[pid]
                if msg is not None and w["task"] is not None:
                    path = w["task"][0]
                    w["task"] = None
                    remaining -= 1
                    if pending:  # its next file first: the caller stores this result meanwhile (a write
                        pool.give(pid, pending.pop())  # window can take a fifth of a second)
                    yield path, msg[0], msg[1]
                    continue
            now = time.monotonic()
            for pid, w in list(pool.workers.items()):
                alive = w["proc"].is_alive()
                late = w["task"] is not None and now - w["started"] > timeout
                if alive and not late:
                    continue
                task = w["task"]
                pool.retire(pid)
                if task is not None:
                    remaining -= 1
                    reason = (f"timed out after {timeout:g} s (worker killed)" if late and alive
                              else f"worker died (exit code {w['proc'].exitcode}); the file may exhaust memory")
                    yield task[0], ("extract", None, reason), 0.0
                if pending:
                    pool.spawn()
    finally:
        pool.close()


# --- the dask engine ----------------------------------------------------------------------
#
# The client sends (path, sha256) to the cluster and gets back each file's result: the pickled
# Review (or a failure tuple) and the peak RSS of the process that extracted it. On the dask
# worker, each file is extracted in a forked child with the pool worker's guards, so a file that
# hangs or kills its process fails alone and the dask worker lives on.


def _dask_client(scheduler: str):
    """A client of the scheduler at ``scheduler``, or EngineError naming it."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as e:  # refused, timed out, a bad address: all one line
        raise EngineError(f"cannot reach the dask scheduler at {scheduler} ({_first_line(e)}); start it with "
                          f"`dask scheduler` or check --scheduler") from None


def _results_dask(todo: list[tuple[str, str]], client, workers: int | None, timeout: float,
                  memory_mb: int | None, ocr: bool) -> Iterator[tuple[str, object, float]]:
    """``_results`` on a dask cluster: ``client``'s, or a local one of ``workers`` processes.

    At most twice the cluster's threads are in flight (topped up as results arrive), so a
    batch of thousands of files never sits in memory at once. What the calling process holds is
    kept out of the garbage collector's way for the run (``gc.freeze``, undone at the end): a
    local cluster's scheduler, client and nannies live in this process and allocate all the time,
    and each full collection walked the caller's objects. On the scale corpus a run from a process
    holding three million objects took 29.5 s, against 19.7 s with them frozen (19.8 s holding none).
    """
    froze = gc.get_freeze_count() == 0
    if froze:
        gc.freeze()
    try:
        yield from _dask_run(todo, client, workers, timeout, memory_mb, ocr)
    finally:
        if froze:
            gc.unfreeze()


def _dask_run(todo: list[tuple[str, str]], client, workers: int | None, timeout: float,
              memory_mb: int | None, ocr: bool) -> Iterator[tuple[str, object, float]]:
    import logging

    import dask
    from distributed import Client, LocalCluster, as_completed

    reader = pdf.default_reader()
    cluster = None
    if client is None:
        n = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        # a worker that dies fails its file at once, instead of taking down three more workers first;
        # a worker holds one file at a time (dask's default, 1.1, queues a second one behind it, so a
        # long file can keep the next waiting while another worker idles); nothing listens beyond
        # this machine, and the scheduler's HTTP server (which it always starts) serves no routes.
        # With no dashboard to show them, the workers keep no statistical profile and sample their
        # own memory and the machine less often (about 0.5 s of CPU less per worker on the scale corpus)
        with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                              "distributed.scheduler.worker-saturation": 1.0,
                              "distributed.scheduler.http.routes": [], "distributed.worker.http.routes": [],
                              "distributed.worker.profile.enabled": False,
                              "distributed.admin.tick.interval": "200ms",
                              "distributed.admin.system-monitor.interval": "2s",
                              "distributed.worker.memory.monitor-interval": "1s"}):
            try:
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                       silence_logs=logging.ERROR)
            except Exception as e:
                raise EngineError(f"could not start a local dask cluster ({type(e).__name__}: {_first_line(e)})") from None
        own = client = Client(cluster, set_as_default=False)
    else:
        own = None
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except Exception:
            raise EngineError(f"the dask scheduler at {client.scheduler.address} has no workers (waited "
                              f"{WORKER_WAIT:g} s); start some with `dask worker {client.scheduler.address}`") from None
    try:
        in_flight = max(2, 2 * sum(client.nthreads().values()))
        pending = list(reversed(todo))
        futures = as_completed(loop=client.loop)
        paths: dict[str, str] = {}

        def submit() -> None:
            path, sha = pending.pop()
            f = client.submit(_dask_task, path, sha, timeout, memory_mb, ocr, PIPELINE_VERSION, reader, pure=False)
            paths[f.key] = path
            futures.add(f)

        for _ in range(min(in_flight, len(pending))):
            submit()
        for f in futures:
            path = paths.pop(f.key)
            try:
                result, rss = f.result()
            except Exception as e:  # the dask worker died (KilledWorker), was lost, or the task raised
                result, rss = ("extract", None, f"dask: {type(e).__name__}: {_first_line(e)[:200]}"), 0.0
            f.release()
            if pending:
                submit()
            if isinstance(result, bytes):
                try:
                    result = pickle.loads(result)
                except Exception as e:
                    result = ("store", None, f"result could not be read: {type(e).__name__}")
            yield path, result, rss
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()


_warm_lock = threading.Lock()
_warmed = False


def _dask_task(path: str, sha: str, timeout: float, memory_mb: int | None, ocr: bool,
               version: str, reader: str = pdf.DEFAULT_READER) -> tuple[object, float]:
    """On a dask worker: (pickled Review, or failure tuple; peak RSS in MB) of one file, read by
    ``reader`` (the one the submitting ``scr ingest`` uses)."""
    if version != PIPELINE_VERSION:  # a worker with other code would write other rows under the same version
        return ("extract", None, f"the dask worker runs pipeline version {PIPELINE_VERSION}, this scr "
                                 f"{version}; install the same version on every worker"), 0.0
    _warm()
    return _in_child(path, sha, timeout, memory_mb, ocr, reader)


def _warm() -> None:
    """Load the models once in the dask worker process, so its forked child shares them."""
    global _warmed
    with _warm_lock:
        if _warmed:
            return
        _warmed = True
        with tempfile.TemporaryDirectory(prefix="scr-warm-") as tmp:
            path = os.path.join(tmp, "warm.pdf")
            _warm_pdf(path)
            _extract(path, pdf.sha256_file(path))  # every stage's lazy loads, not just spaCy's
        gc.freeze()  # the children's collector never walks (so never copies) the parent's objects


# (bold, size, text) per line; a blank text starts a new page
_WARM_LINES = ((True, 20, "Serious Case Review concerning Child W"),
               (False, 12, "Northshire Safeguarding Children Partnership"), (False, 11, "Published 3 June 2020"),
               (False, 0, ""),
               (True, 14, "1. Chronology"),
               (False, 11, "On 14th March 2019 the health visitor visited the home and noted that the home conditions"),
               (False, 11, "were poor. Mother W did not attend an appointment with the GP practice in April 2019."),
               (True, 14, "2. Findings"),
               (False, 11, "Finding 1: Information held by the GP practice was not shared with Children's Social Care,"),
               (False, 11, "and the voice of the child was not heard; professionals did not consider domestic abuse."),
               (True, 14, "3. Recommendations"),
               (False, 11, "Recommendation 1: The Safeguarding Partnership should ensure that agencies share information"),
               (False, 11, "about domestic abuse with Northshire Constabulary and Children's Social Care."))


def _warm_pdf(path: str) -> None:
    """A two-page review (cover, chronology, a finding, a recommendation), written by hand: no reportlab."""
    pages, y = [[]], 760
    for bold, size, text in _WARM_LINES:
        if not text:
            pages.append([])
            y = 760
            continue
        y -= size * 2 if bold else size * 1.4
        pages[-1].append(f"BT /F{2 if bold else 1} {size} Tf 1 0 0 1 72 {y:.0f} Tm ({text}) Tj ET")
    n = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(n)).encode(), n)]
    for i, lines in enumerate(pages):
        stream = "\n".join(lines).encode()
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources "
                       b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (4 + 2 * i, 3 + 2 * n, 4 + 2 * n))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects += [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


class _Child:
    """A child of the dask worker that extracts files one after another, forked once after the warm-up.

    ``os.fork``, not multiprocessing: a dask worker under a nanny is a daemon process, and those
    may not start multiprocessing children. One child serves many files, as a local pool worker
    does: a child forked per file copied, page by page, what each file touched of the worker's
    memory and started with every cache cold (the run was about an eighth slower on the scale
    corpus). A file that hangs gets the child killed, one that kills it is noticed at the end of
    its pipe; either way the next file gets a new child.
    """

    def __init__(self, memory_mb: int | None):
        from multiprocessing.connection import Connection

        self.memory_mb = memory_mb
        parent = os.getpid()
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(task_w)
                os.close(result_r)
                _die_with_parent(parent)
                _limits(memory_mb)
                _serve(Connection(task_r, writable=False), Connection(result_w, readable=False))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        self.pid = pid
        self.tasks = Connection(task_w, readable=False)
        self.results = Connection(result_r, writable=False)

    def alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False

    def end(self, kill: bool = False) -> int | None:
        """Close the pipes (killing the child first if ``kill``) and reap it: its exit code, if it had one."""
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.tasks.close()
        self.results.close()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:  # already reaped by alive()
            return None
        return os.waitstatus_to_exitcode(status)


def _serve(tasks, results) -> None:
    """The child's loop: extract each (path, sha, ocr, reader) sent, send back its peak RSS and the pickle."""
    while True:
        try:
            path, sha, ocr, reader = tasks.recv()
        except (EOFError, OSError):  # the dask worker closed the pipe or is gone
            return
        os.environ[pdf.READER_ENV] = reader
        result = _extract(path, sha, ocr)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("store", None, "result too large to send (out of memory)"))
        results.send_bytes(_RSS.pack(_peak_rss_mb()) + data)


_RSS = struct.Struct("<d")
_children = threading.local()  # each dask worker thread's child


def _in_child(path: str, sha: str, timeout: float, memory_mb: int | None, ocr: bool,
              reader: str = pdf.DEFAULT_READER) -> tuple[object, float]:
    """Extract one file in this thread's standing child, killed at the deadline; the same failures as
    ``_Pool``. Returns (the pickled result, the child's peak RSS in MB) or (a failure tuple, 0)."""
    child = getattr(_children, "child", None)
    if child is not None and (child.memory_mb != memory_mb or not child.alive()):
        child.end(kill=True)
        child = None
    if child is None:
        child = _children.child = _Child(memory_mb)
    try:
        child.tasks.send((path, sha, ocr, reader))
        ready = child.results.poll(timeout)
        data = child.results.recv_bytes() if ready else None
    except (EOFError, OSError):  # the child died on this file (a kill leaves a dead child's exit code as it was)
        _children.child = None
        code = child.end(kill=True)
        return ("extract", None, f"worker died (exit code {code}); the file may exhaust memory"), 0.0
    if data is None:
        _children.child = None
        child.end(kill=True)
        return ("extract", None, f"timed out after {timeout:g} s (worker killed)"), 0.0
    return data[_RSS.size:], _RSS.unpack_from(data)[0]
