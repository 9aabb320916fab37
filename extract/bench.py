"""`make bench`: throughput, per-stage time and memory of batch ingestion on the scale corpus.

    python -m extract.bench [--n 30] [--corpus build/scale] [--workers 2]

Prints, for 1 and N workers: files/s, pages/s, per-stage time, peak RSS per
worker, and the ratio of total time to the floor (bare pdfplumber
``extract_words`` over the same pages, one process); then the speed of a re-run
on the unchanged corpus, the time of ``scr search`` queries on the ingested corpus and on it copied 30
times over, and peak worker RSS on a 300-page PDF. First, the
start-up time of the light commands (``scr --help``, ``scr sql "select 1"``,
``scr query --list``) against a bare ``python -c "import duckdb, typer"``
(``--startup-only`` measures just that). A benchmark, not a test: it asserts
nothing, it reports.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import CORPORA_DIR, REPO_ROOT, ingest


def _scale_module():
    spec = importlib.util.spec_from_file_location("scale", CORPORA_DIR / "scale.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ensure_corpus(out: Path, n: int) -> list[Path]:
    files = sorted(out.glob("*.pdf")) if out.exists() else []
    if len(files) != n:
        shutil.rmtree(out, ignore_errors=True)
        files = _scale_module().generate(n, out)
    return files


def floor(files: list[Path]) -> tuple[float, int]:
    """Seconds for bare pdfplumber extract_words over every readable page, and the page count."""
    import pdfplumber

    t, pages = time.perf_counter(), 0
    for f in files:
        try:
            with pdfplumber.open(f) as pdf:
                for p in pdf.pages:
                    p.extract_words()
                    p.close()
                    pages += 1
        except Exception:
            continue
    return time.perf_counter() - t, pages


def pdfium_floor(files: list[Path]) -> tuple[float, int]:
    """Seconds for bare pypdfium2 over the same pages: every character and its (loose) box."""
    import pypdfium2

    t, pages = time.perf_counter(), 0
    for f in files:
        try:
            doc = pypdfium2.PdfDocument(f)
        except Exception:
            continue
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                for k in range(tp.count_chars()):
                    tp.get_charbox(k, loose=True)
                tp.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return time.perf_counter() - t, pages


@contextlib.contextmanager
def _reader(name: str):
    """``scr ingest --reader name`` for the runs inside (the workers inherit the environment)."""
    from . import pdf

    old = os.environ.get(pdf.READER_ENV)
    os.environ[pdf.READER_ENV] = name
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(pdf.READER_ENV, None)
        else:
            os.environ[pdf.READER_ENV] = old


def _median_ms(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[:200]}")
    return 1000 * statistics.median(times)


def startup(runs: int = 7) -> dict:
    """Median wall ms of ``runs`` fresh processes per command, and each one's ratio to the bare
    ``python -c "import duckdb, typer"`` (issue 14's target: within 3x)."""
    from . import store

    scr = Path(sys.executable).parent / "scr"
    base = [str(scr)] if scr.exists() else [sys.executable, "-m", "extract.cli"]
    tmp = Path(tempfile.mkdtemp(prefix="scr-startup-"))
    try:
        db = tmp / "small.duckdb"
        store.connect(db).close()  # the schema and views, no reviews
        commands = {"python -c 'import duckdb, typer'": [sys.executable, "-c", "import duckdb, typer"],
                    "scr --help": base + ["--help"],
                    "scr sql 'select 1'": base + ["sql", "select 1", "--db", str(db)],
                    "scr query --list": base + ["query", "--list"]}
        ms = {name: _median_ms(cmd, runs) for name, cmd in commands.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    bare = ms.pop("python -c 'import duckdb, typer'")
    out = {"runs": runs, "bare_ms": round(bare), "commands": {k: {"ms": round(v), "ratio": round(v / bare, 2)}
                                                              for k, v in ms.items()}}
    print(f"start-up (median of {runs} runs): bare python -c 'import duckdb, typer' {bare:.0f} ms")
    for name, v in ms.items():
        print(f"  {name:<20} {v:>6.0f} ms  {v / bare:.2f}x bare")
    return out


def run(files: list[Path], workers: int, db: Path) -> ingest.Summary:
    return ingest.run(files, db, workers=workers, quiet=True)


def dask_vs_local(files: list[Path], tmp: Path, local: ingest.Summary | None) -> dict:
    """Issue 15's target: ``--engine dask`` on a LocalCluster of 2 workers within 15% of the local
    pool's throughput with 2 workers (``local``, or run here), on the same files."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask engine: dask[distributed] not installed (pip install -e '.[dask]'), skipped")
        return {}
    if local is None:
        local = run(files, 2, tmp / "local-2.duckdb")
    s = ingest.run(files, tmp / "dask-2.duckdb", workers=2, quiet=True, engine="dask")
    ratio = local.wall / s.wall
    print(f"dask LocalCluster, 2 workers: {s.wall:.1f} s, {len(files) / s.wall:.2f} files/s; local pool, 2 workers: "
          f"{local.wall:.1f} s, {len(files) / local.wall:.2f} files/s; dask / local throughput {ratio:.2f} "
          "(target >= 0.85)")
    return {"wall_s": round(s.wall, 2), "local_wall_s": round(local.wall, 2), "ingested": s.ingested,
            "failed": s.failed, "throughput_ratio": round(ratio, 3), "peak_worker_rss_mb": round(s.peak_rss_mb)}


SEARCHES = ('"professional curiosity"', "information sharing", '"not brought" GP', "curiosity -police")


def search_times(db: Path, copies: int = 30, runs: int = 5) -> dict:
    """Median ms per `scr search` query on the bench database, and on it copied ``copies`` times over
    (the index is built on the fly in SQL, so its cost grows with the corpus: this shows how)."""
    from . import search as search_mod
    from . import store

    def timed(con) -> dict:
        out = {}
        for q in SEARCHES:
            ts = []
            for _ in range(runs):
                t = time.perf_counter()
                search_mod.search(con, q)
                ts.append(1000 * (time.perf_counter() - t))
            out[q] = round(statistics.median(ts), 1)
        return out

    res = {}
    con = store.connect(db, read_only=True)
    n = con.execute("select count(*) from reviews").fetchone()[0]
    res[n] = timed(con)
    con.close()
    big = db.with_name("search-copies.duckdb")
    shutil.copy(db, big)
    con = store.connect(big, sandbox=False)
    for table in ("reviews", "sections", "findings", "recommendations", "theme_tags", *store.INDEX_TABLES):
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        sel = ", ".join(f"review_id || '-' || k.i AS review_id" if c == "review_id" else c for c in cols)
        con.execute(f"INSERT INTO {table} SELECT {sel} FROM {table}, range(1, {copies}) k(i)")
    n = con.execute("select count(*) from reviews").fetchone()[0]
    res[n] = timed(con)
    con.close()
    big.unlink()
    for reviews, times in res.items():
        print(f"search, {reviews} reviews: " + ", ".join(f"{q} {ms:.0f} ms" for q, ms in times.items()))
    return {str(k): v for k, v in res.items()}


def machine() -> str:
    import psutil

    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", 30)))
    ap.add_argument("--corpus", type=Path, default=REPO_ROOT / "build" / "scale")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--startup-runs", type=int, default=7, help="Processes timed per start-up command.")
    ap.add_argument("--startup-only", action="store_true", help="Measure only the commands' start-up time.")
    a = ap.parse_args(argv)

    print(f"machine: {machine()}")
    started = startup(a.startup_runs)
    if a.startup_only:
        return {"machine": machine(), "startup": started}
    print()
    files = ensure_corpus(a.corpus, a.n)
    tmp = Path(tempfile.mkdtemp(prefix="scr-bench-"))
    out: dict = {"machine": machine(), "startup": started, "files": len(files)}
    fl, fl_pages = floor(files)
    out["floor"] = {"seconds": round(fl, 2), "pages": fl_pages, "pages_per_s": round(fl_pages / fl, 1)}
    print(f"scale corpus: {len(files)} files, {fl_pages} readable pages ({a.corpus})")
    print(f"floor (bare pdfplumber extract_words, 1 process): {fl:.1f} s, {fl_pages / fl:.1f} pages/s")
    pf, pf_pages = pdfium_floor(files)
    out["pdfium_floor"] = {"seconds": round(pf, 2), "pages": pf_pages, "pages_per_s": round(pf_pages / pf, 1)}
    print(f"pdfium floor (bare pypdfium2 characters and their boxes, 1 process): {pf:.1f} s, "
          f"{pf_pages / pf:.1f} pages/s\n")

    rows = []
    for w in sorted({1, a.workers}):
        s = run(files, w, tmp / f"w{w}.duckdb")
        rows.append((w, s))
        out[f"workers_{w}"] = s.as_dict() | {"files_per_s": round(len(files) / s.wall, 2),
                                             "ratio_to_floor": round(s.wall / fl, 2)}
    print(f"{'workers':>7} {'wall s':>8} {'files/s':>8} {'pages/s':>8} {'x floor':>8} {'peak RSS MB':>12}  "
          "stage seconds (summed over workers)")
    for w, s in rows:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(s.stage_seconds.items()))
        print(f"{w:>7} {s.wall:>8.1f} {len(files) / s.wall:>8.2f} {s.pages_per_s:>8.1f} {s.wall / fl:>8.2f} "
              f"{s.peak_rss_mb:>12.0f}  {stages}")
    w1 = rows[0][1]
    with _reader("plumber"):
        wp = run(files, 1, tmp / "w1-plumber.duckdb")
    out["workers_1_reader_plumber"] = wp.as_dict() | {"ratio_to_floor": round(wp.wall / fl, 2)}
    stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(wp.stage_seconds.items()))
    print(f"{'1 (plumber reader)':>7} {wp.wall:>8.1f} {len(files) / wp.wall:>8.2f} {wp.pages_per_s:>8.1f} "
          f"{wp.wall / fl:>8.2f} {wp.peak_rss_mb:>12.0f}  {stages}")
    if w1.pages:
        per_page = {k: round(1000 * v / w1.pages, 1) for k, v in sorted(w1.stage_seconds.items())}
        tagging = per_page.get("tagging", 0.0)
        out["workers_1_ms_per_page"] = per_page
        out["targets"] = {"w1_over_plumber_floor": round(w1.wall / fl, 3), "w1_over_pdfium_floor": round(w1.wall / pf, 3),
                          "tagging_ms_per_page": tagging}
        print(f"\n1 worker: {w1.wall / fl:.2f}x the pdfplumber floor (target <= 0.35), {w1.wall / pf:.2f}x the "
              f"pdfium floor (goal <= 3); ms per page by stage: "
              + ", ".join(f"{k} {v}" for k, v in per_page.items()) + f" (tagging target <= 30)")
    if w1.pages and "themes" in w1.stage_seconds:
        ms = 1000 * w1.stage_seconds["themes"] / w1.pages
        out["themes_ms_per_page"] = round(ms, 2)
        print(f"\ntheme stage (classifier, evidence sentences, rules): {ms:.1f} ms per page")
    if len(rows) == 2:
        speedup = rows[0][1].wall / rows[1][1].wall
        out["speedup"] = round(speedup, 2)
        print(f"\n{a.workers} workers vs 1: {speedup:.2f}x throughput")
    # before the dask cluster and the search copies: the local workers fork from this process, and
    # their address-space cap counts what it has mapped by then
    big = tmp / "long-review-300-pages.pdf"
    _scale_module().build(big, random.Random(300), 300)
    s = run([big], 1, tmp / "big.duckdb")
    out["pdf_300_pages"] = {"pages": s.pages, "seconds": round(s.wall, 1), "peak_worker_rss_mb": round(s.peak_rss_mb),
                            "errors": s.errors}
    print(f"{s.pages}-page PDF, 1 worker: {s.wall:.1f} s, peak worker RSS {s.peak_rss_mb:.0f} MB"
          + (f"; FAILED: {s.errors}" if s.failed else ""))
    with _reader("plumber"):
        s = run([big], 1, tmp / "big-plumber.duckdb")
    out["pdf_300_pages_reader_plumber"] = {"pages": s.pages, "seconds": round(s.wall, 1),
                                           "peak_worker_rss_mb": round(s.peak_rss_mb), "errors": s.errors}
    print(f"{s.pages}-page PDF, 1 worker, --reader plumber: {s.wall:.1f} s, peak worker RSS {s.peak_rss_mb:.0f} MB "
          "(target <= 500 MB with either reader)" + (f"; FAILED: {s.errors}" if s.failed else ""))
    out["dask_2_workers"] = dask_vs_local(files, tmp, dict(rows).get(2))

    w, first = rows[-1]
    s = run(files, w, tmp / f"w{w}.duckdb")
    out["rerun_unchanged"] = {"seconds": round(s.wall, 3), "speedup": round(first.wall / s.wall, 1)}
    print(f"re-run on the unchanged corpus: {s.wall:.2f} s ({first.wall / s.wall:.0f}x faster than the first run)")
    out["search_ms"] = search_times(tmp / f"w{w}.duckdb")

    shutil.rmtree(tmp, ignore_errors=True)
    (REPO_ROOT / "build").mkdir(exist_ok=True)
    (REPO_ROOT / "build" / "bench.json").write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
