"""The batch: hash, skip what is current, extract in worker processes, load with one writer.

Extraction is a pure function of a file's bytes (``pipeline.process``), so it
runs in worker processes; DuckDB allows one writing process, so results stream
back to this process, which loads each review in its own transaction. A file
that hangs or blows memory is killed after ``timeout`` seconds, recorded in
``ingest_errors`` and the batch goes on. A run killed at any moment leaves the
database consistent (a review is either wholly there or not at all); running
the same command again finishes the job.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import PIPELINE_VERSION, pdf, pipeline, store
from .errors import ExtractError

DEFAULT_TIMEOUT = 600.0  # seconds one file may take before its worker is killed
DEFAULT_MEMORY_MB = 3000  # address-space cap per worker; past it the file fails, not the machine


@dataclass
class Summary:
    """What a run did; ``failed`` > 0 makes the CLI exit non-zero."""

    ingested: int = 0
    skipped: int = 0
    failed: int = 0
    no_text: int = 0
    duplicates: int = 0
    pages: int = 0
    peak_rss_mb: float = 0.0  # the largest peak RSS of any worker
    wall: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    def as_dict(self) -> dict:
        return {
            "ingested": self.ingested, "skipped": self.skipped, "failed": self.failed,
            "no_text_layer": self.no_text, "duplicates": self.duplicates, "pages": self.pages,
            "wall_s": round(self.wall, 3), "pages_per_s": round(self.pages_per_s, 2),
            "peak_worker_rss_mb": round(self.peak_rss_mb, 1),
            "stage_s": {k: round(v, 3) for k, v in sorted(self.stage_seconds.items())},
            "errors": self.errors,
        }


def find_pdfs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named on the command line, and every *.pdf below named folders (sorted)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".pdf")
        else:
            yield p


def _worker(tasks, results, memory_mb: int | None, ocr: bool = False) -> None:
    # pdfminer makes millions of short-lived, acyclic objects: with the default thresholds the
    # cyclic collector runs thousands of times a page for nothing (about 10% of extraction time)
    gc.set_threshold(50_000, 20, 100)
    if memory_mb:
        try:
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    while True:
        task = tasks.get()
        if task is None:
            return
        path, sha = task
        results.put(("start", path, os.getpid()))
        result = _extract(path, sha, ocr)
        results.put(("done", path, (result, _peak_rss_mb())))


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
            print(f"[{self.done}/{self.total}] {outcome}: {path}", file=self.stream, flush=True)

    def error(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, style="red", markup=False, highlight=False)
        elif not self.quiet:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run(paths: Iterable[str | Path], db: str | Path, workers: int | None = None, force: bool = False,
        timeout: float = DEFAULT_TIMEOUT, memory_mb: int | None = DEFAULT_MEMORY_MB, quiet: bool = False,
        on_review: Callable | None = None, shards: str | Path | None = None, ocr: bool = False) -> Summary:
    """Ingest PDFs into the database at ``db``. ``workers=0`` extracts in this process.

    With ``shards``, each review is written as Parquet files under that folder instead of
    into the database (``db`` then only records errors and skips); ``scr load-shards`` loads them.
    """
    t0 = time.perf_counter()
    summary = Summary()
    files = list(dict.fromkeys(str(p) for p in find_pdfs(paths)))
    con = store.connect(db)
    shard_dir = Path(shards) if shards else None
    done_shards = _done_shards(shard_dir) if shard_dir and not force else {}
    report = Reporter(len(files), quiet=quiet)
    try:
        todo: list[tuple[str, str]] = []
        seen: dict[str, str] = {}  # sha -> first path in this run
        for path in files:
            try:
                sha = pdf.sha256_file(path)
            except OSError as e:
                _fail(con, summary, report, path, None, "read", None, f"cannot read file: {e.strerror or e}")
                continue
            if shard_dir is not None and f"{sha}:{PIPELINE_VERSION}" in done_shards:
                summary.skipped += 1
                report.file(path, "unchanged")
                continue
            rid = None if force or shard_dir else store.current(con, sha)
            if sha in seen or rid:
                if rid is None:  # a duplicate of a file queued earlier in this run: recorded after it loads
                    todo.append((path, sha))
                    continue
                summary.duplicates += store.add_path(con, rid, path)
                summary.skipped += 1
                report.file(path, "unchanged")
                continue
            seen[sha] = path
            todo.append((path, sha))
        fresh = [(p, s) for p, s in todo if seen.get(s) == p]
        dupes = [(p, s) for p, s in todo if seen.get(s) != p]
        shas = dict(fresh)
        for path, result, rss in _results(fresh, workers, timeout, memory_mb, ocr):
            sha = shas[path]
            summary.peak_rss_mb = max(summary.peak_rss_mb, rss)
            if isinstance(result, tuple):
                _fail(con, summary, report, path, sha, *result)
                continue
            try:
                t_store = time.perf_counter()
                if shard_dir is not None:
                    store.write_shard(result, shard_dir)
                else:
                    store.load(con, result)
                store.clear_errors(con, path)
                result.timings["store"] = time.perf_counter() - t_store
            except Exception as e:
                _fail(con, summary, report, path, sha, "store", None, f"{type(e).__name__}: {e}")
                continue
            if on_review:
                on_review(result)
            summary.ingested += 1
            summary.no_text += result.status == "no_text_layer"
            summary.pages += result.document.page_count
            for k, v in result.timings.items():
                summary.stage_seconds[k] = summary.stage_seconds.get(k, 0.0) + v
            report.file(path, "ingested" if result.status == "ok" else result.status, result.document.page_count)
        for path, sha in dupes:
            rid = None if shard_dir else store.current(con, sha)
            if rid:
                summary.duplicates += store.add_path(con, rid, path)
                summary.skipped += 1
                report.file(path, "duplicate")
    finally:
        report.close()
        con.close()
    summary.wall = time.perf_counter() - t0
    return summary


def _done_shards(shard_dir: Path) -> set[str]:
    if not shard_dir.exists():
        return set()
    return {s for p in shard_dir.iterdir() if p.is_dir() and (s := store.shard_sha(p))}


def _fail(con, summary: Summary, report: Reporter, path: str, sha: str | None, stage: str,
          page: int | None, message: str) -> None:
    line = str(ExtractError(path, stage, message, page))
    summary.failed += 1
    summary.errors.append(line)
    store.record_error(con, path, sha, stage, page, message)
    report.error(line)
    report.file(path, "failed")


def _results(todo: list[tuple[str, str]], workers: int | None, timeout: float,
             memory_mb: int | None, ocr: bool = False) -> Iterator[tuple[str, object, float]]:
    """(path, Review or failure tuple, worker peak RSS in MB) for each task, as workers finish them."""
    if not todo:
        return
    if workers == 0:
        for path, sha in todo:
            yield path, _extract(path, sha, ocr), _peak_rss_mb()
        return
    n = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    for t in todo:
        tasks.put(t)
    procs = {}

    def spawn():
        p = ctx.Process(target=_worker, args=(tasks, results, memory_mb, ocr), daemon=True)
        p.start()
        procs[p.pid] = p

    for _ in range(n):
        spawn()
    running: dict[int, tuple[str, float]] = {}  # pid -> (path, started)
    remaining = len(todo)
    try:
        while remaining:
            try:
                msg = results.get(timeout=0.5)
            except queue.Empty:
                msg = None
            if msg is not None:
                kind, path, payload = msg
                if kind == "start":
                    running[payload] = (path, time.monotonic())
                    continue
                for pid, (p, _) in list(running.items()):
                    if p == path:
                        del running[pid]
                remaining -= 1
                yield path, payload[0], payload[1]
                continue
            now = time.monotonic()
            for pid, (path, started) in list(running.items()):
                proc = procs[pid]
                if now - started > timeout or not proc.is_alive():
                    reason = (f"timed out after {timeout:g} s (worker killed)" if proc.is_alive()
                              else f"worker died (exit code {proc.exitcode}); the file may exhaust memory")
                    proc.kill()
                    proc.join()
                    del running[pid], procs[pid]
                    remaining -= 1
                    spawn()
                    yield path, ("extract", None, reason), 0.0
            # a worker that died between tasks is replaced
            for pid, proc in list(procs.items()):
                if not proc.is_alive() and pid not in running:
                    del procs[pid]
                    if remaining > len(running):
                        spawn()
    finally:
        for _ in procs:
            tasks.put(None)
        for proc in procs.values():
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
