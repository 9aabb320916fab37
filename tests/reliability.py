"""The reliability run behind the README's figures (``make reliability``): every hostile input at once,
into a database that already holds good reviews, with a reader polling throughout and a kill -9 of
the writer; then the count of what was lost.

1. Ingest the sample corpus (good reviews) and fingerprint every row that belongs to each review.
2. Ingest the good folder again together with every hostile PDF of ``tests/hostile.py`` and the
   filesystem oddities (FIFO, folder named ``*.pdf``, dangling link, link loop, a name that is not
   UTF-8, a name with a newline and a terminal escape, byte-identical broken twins, a good twin),
   with two workers, while another process runs ``scr sql`` in a loop.
3. Check: the summary adds up, every failed input has its own ``ingest_errors`` row, each good review
   has exactly the rows it had (data lost = rows missing or changed), every reader answered.
4. Kill -9 the writer in the middle of a fresh ingest of the good folder, run again, and compare the
   fingerprints with step 1.

Prints a markdown table (pasted into the README) and writes ``build/reliability.json``.
Takes about two minutes on two cores.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import hostile  # noqa: E402

from extract import ingest  # noqa: E402

SCR = [sys.executable, "-m", "extract.cli"]
IGNORED = {"source_path", "source_paths", "ingested_at"}  # where a review lives, and when: not its content


def fingerprint(db: Path) -> dict[str, str]:
    """review_id -> a hash over every row, in every table, that carries that review_id."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "select distinct table_name from information_schema.columns where column_name = 'review_id' "
            "and table_schema = 'main' and table_name in (select table_name from information_schema.tables "
            "where table_type = 'BASE TABLE')").fetchall()]
        out: dict[str, hashlib._Hash] = {}
        for rid, in con.execute("select review_id from reviews").fetchall():
            out[rid] = hashlib.sha256()
        for t in sorted(tables):
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? and table_schema = 'main' "
                "order by ordinal_position", [t]).fetchall() if c not in IGNORED]
            listed = ", ".join(f'"{c}"' for c in cols)
            for row in con.execute(f'select review_id, {listed} from "{t}" order by all').fetchall():
                if row[0] in out:
                    out[row[0]].update(repr((t, row[1:])).encode())
        return {k: v.hexdigest() for k, v in out.items()}
    finally:
        con.close()


def hostile_folder(folder: Path, good: Path) -> list[str]:
    """Every hostile input in ``folder``; returns what each one is, for the table."""
    folder.mkdir(parents=True)
    made = []
    for fn in (hostile.empty, hostile.random_bytes, hostile.random_body, hostile.encrypted_user_password,
               hostile.encrypted_owner_only, hostile.blank_pages, hostile.bomb, hostile.bomb_on_page_2,
               hostile.kids_cycle, hostile.parent_cycle, hostile.deep_tree, hostile.cid_font,
               hostile.word_past_right_edge, hostile.damaged_xref, hostile.bad_mediabox_on_page_2,
               hostile.damaged_xref_and_bad_page_2, hostile.small):
        fn(folder)
        made.append(fn.__name__)
    for pct in (10, 50, 90):
        hostile.truncated(folder, pct)
        made.append(f"truncated_{pct}")
    sub = folder / "sub"
    sub.mkdir()
    hostile.unreadable(sub).rename(folder / "mode-000.pdf")
    sub.rmdir()
    made.append("unreadable (mode 000; readable when run as root)")
    # byte-identical broken twins, and a good review's twin under another name
    shutil.copy(folder / "random.pdf", folder / "random-twin.pdf")
    shutil.copy(sorted(good.glob("*.pdf"))[0], folder / "good-twin.pdf")
    made += ["broken twin", "good twin"]
    # names
    Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9-latin1.pdf")).write_bytes(hostile.small_pdf_bytes(2))
    shutil.copy(folder / "truncated-50.pdf", folder / "new\nline \x1b[31mred.pdf")
    made += ["name not UTF-8", "name with newline and escape"]
    # the filesystem
    os.mkfifo(folder / "fifo.pdf")
    (folder / "folder.pdf").mkdir()
    os.symlink(folder / "nowhere.pdf", folder / "dangling.pdf")
    os.symlink(folder / "loop-b.pdf", folder / "loop-a.pdf")
    os.symlink(folder / "loop-a.pdf", folder / "loop-b.pdf")
    made += ["FIFO", "folder named .pdf", "dangling link", "link loop (2 links)"]
    return made


class Reader(threading.Thread):
    """Runs ``scr sql`` in a loop against the database until stopped; records each answer's latency."""

    def __init__(self, db: Path):
        super().__init__(daemon=True)
        self.db, self.stop, self.times, self.failures, self.counts = db, threading.Event(), [], [], []

    def run(self) -> None:
        while not self.stop.is_set():
            t = time.perf_counter()
            p = subprocess.run(SCR + ["sql", "select count(*) from reviews", "--db", str(self.db), "--format", "csv"],
                               capture_output=True, text=True, cwd=ROOT)
            self.times.append(time.perf_counter() - t)
            if p.returncode:
                self.failures.append(p.stderr.strip())
            else:
                self.counts.append(int(p.stdout.split()[-1]))
            time.sleep(0.2)


def error_paths(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {p for (p,) in con.execute("select source_path from ingest_errors").fetchall()}
    finally:
        con.close()


def kill_writer_mid_run(good: Path, db: Path) -> tuple[int, dict]:
    """Start ``scr ingest`` on ``good``, kill -9 its process group once one review is committed, rerun."""
    proc = subprocess.Popen(SCR + ["ingest", str(good), "--db", str(db), "--workers", "1", "--quiet"],
                            cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed = 0
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.3)
        try:
            con = duckdb.connect(str(db), read_only=True)
            committed = con.execute("select count(*) from reviews").fetchone()[0]
            con.close()
        except (duckdb.Error, OSError):
            continue
        if committed:
            break
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had already finished
        pass
    proc.wait()
    subprocess.run(SCR + ["ingest", str(good), "--db", str(db), "--quiet"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return committed, fingerprint(db)


def main() -> int:
    out = {}
    with tempfile.TemporaryDirectory(prefix="scr-reliability-") as tmp:
        tmp = Path(tmp)
        good = tmp / "good"
        good.mkdir()
        for p in sorted((ROOT / "corpora/sample").glob("*.pdf")):
            shutil.copy(p, good / p.name)
        db = tmp / "shared.duckdb"
        first = ingest.run([good], db, workers=2, quiet=True)
        before = fingerprint(db)

        bad = tmp / "hostile"
        kinds = hostile_folder(bad, good)
        reader = Reader(db)
        reader.start()
        t0 = time.perf_counter()
        s = ingest.run([good, bad], db, workers=2, timeout=120, quiet=True)
        wall = time.perf_counter() - t0
        reader.stop.set()
        reader.join()
        after = fingerprint(db)

        lost = [rid for rid in before if rid not in after]
        changed = [rid for rid in before if rid in after and after[rid] != before[rid]]
        recorded = error_paths(db)
        adds_up = s.ingested + s.unchanged + s.duplicates + s.failed + s.skipped == s.inputs
        killed_at, rerun = kill_writer_mid_run(good, tmp / "killed.duckdb")

        out = {
            "hostile_kinds": kinds,
            "good_reviews": len(before), "good_pages": first.pages,
            "run": s.as_dict(), "run_wall_s": round(wall, 1), "adds_up": adds_up,
            "failed_with_error_row": len(recorded),
            "reviews_lost": len(lost), "reviews_changed": len(changed),
            "reader_answers": len(reader.counts), "reader_failures": reader.failures,
            "reader_max_s": round(max(reader.times, default=0), 2),
            "reader_counts_monotonic": reader.counts == sorted(reader.counts),
            "kill9_committed_before_kill": killed_at,
            "kill9_rerun_identical": rerun == before,
        }
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    (build / "reliability.json").write_text(json.dumps(out, indent=2, default=str))
    r = out["run"]
    skipped = ", ".join(f"{len(v)} {k}" for k, v in sorted(r["skipped_reasons"].items()))
    print("| measure | result |\n|---|---|")
    print(f"| inputs in one run | {r['inputs']}: {out['good_reviews']} good reviews already loaded, "
          f"{r['inputs'] - out['good_reviews']} hostile ({len(out['hostile_kinds'])} kinds) |")
    print(f"| outcomes | unchanged {r['unchanged']}, ingested {r['ingested']} (repaired {r['repaired']}), "
          f"duplicate {r['duplicates']}, failed {r['failed']}, skipped {r['skipped']} ({skipped}) |")
    print(f"| outcomes add up to the inputs | {'yes' if out['adds_up'] else 'NO'} |")
    print(f"| failed inputs with their own `ingest_errors` row | {out['failed_with_error_row']} of {r['failed']} |")
    print(f"| good reviews lost or changed | {out['reviews_lost']} lost, {out['reviews_changed']} changed "
          f"(of {out['good_reviews']}; every row compared) |")
    print(f"| reader (`scr sql` in a loop) during the run | {out['reader_answers']} answers, "
          f"{len(out['reader_failures'])} failures, slowest {out['reader_max_s']} s, "
          f"counts never went down: {'yes' if out['reader_counts_monotonic'] else 'NO'} |")
    print(f"| kill -9 of the writer after {out['kill9_committed_before_kill']} commit(s), then rerun | "
          f"{'identical rows' if out['kill9_rerun_identical'] else 'DIFFERENT rows'} to an uninterrupted run |")
    print(f"| wall time of the hostile run | {out['run_wall_s']} s (2 workers; peak worker RSS "
          f"{r['peak_worker_rss_mb']} MB) |")
    ok = (adds_up and not lost and not changed and not out["reader_failures"] and out["kill9_rerun_identical"]
          and out["failed_with_error_row"] == r["failed"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
