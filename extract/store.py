"""Stage 5: DuckDB (the only module that touches the database).

The schema and views are SQL files applied in order; each review is written in
one transaction, so a failure never leaves half a review; a re-ingested review
replaces its old rows.
"""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb

from . import PIPELINE_VERSION, search
from .ocr import HOW_TO as OCR_HINT
from .model import (Agency, Event, Finding, Mention, Page, Person, Recommendation, Review, Role,
                    Section, ThemeTag, Timex)

SQL_DIR = Path(__file__).parent / "sql"

# table -> (dataclass, id column added by position, or None)
ROW_TABLES: dict[str, tuple[type, str | None]] = {
    "sections": (Section, None),
    "mentions": (Mention, "mention_id"),
    "agencies": (Agency, None),
    "people": (Person, None),
    "timexes": (Timex, None),
    "events": (Event, None),
    "findings": (Finding, None),
    "recommendations": (Recommendation, None),
    "theme_tags": (ThemeTag, None),
}
REVIEW_TABLES = ["reviews", "pages", *ROW_TABLES]
INDEX_TABLES = ["search_postings", "search_docs"]  # derived from the review's rows (search.index_review)


# What user SQL (scr sql, scr query, scr search, scr report) may reach: the opened database
# and nothing else (no files read or written, no ATTACH, no extensions), with the settings
# locked so SQL cannot undo it. ``allow_dirs`` opens named folders (read and write) on purpose.
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                 "allow_community_extensions": False}
# seconds a reader waits for an ingest's write window to close (SCR_READ_WAIT overrides it)
READ_WAIT = float(os.environ.get("SCR_READ_WAIT", "15"))


def connect(db: str | Path = ":memory:", read_only: bool = False, sandbox: bool = True,
            wait: float | None = None, on_wait=None,
            allow_dirs: Iterable[str | Path] = ()) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a review database with the schema and views applied.

    ``read_only`` opens it for reading, by default sandboxed (only this database is reachable,
    and the folders in ``allow_dirs``); a writer holding the file is waited for up to ``wait``
    seconds (an ingest holds it only while it commits). A lock still held after that raises
    DuckDB's own IOException, which names the holder's PID.
    """
    if read_only:
        con = _with_lock_wait(lambda: duckdb.connect(str(db), read_only=True,
                                                     config=dict(NO_EXTENSIONS) if sandbox else {}),
                              READ_WAIT if wait is None else wait)
        if sandbox:
            seal(con, allow_dirs)
        return con
    con = _with_lock_wait(lambda: duckdb.connect(str(db)), wait or 0.0, on_wait)
    apply_schema(con)
    return con


def seal(con: duckdb.DuckDBPyConnection, allow_dirs: Iterable[str | Path] = ()) -> None:
    """No file system access beyond ``allow_dirs``, and no setting can be changed after this."""
    dirs = [os.path.join(os.path.realpath(d), "") for d in allow_dirs]
    locked, external = con.execute(
        "SELECT current_setting('lock_configuration'), current_setting('enable_external_access')").fetchone()
    if locked:  # DuckDB shares one instance per file within a process: sealed by an earlier open
        if external:
            raise duckdb.InvalidInputException("database opened unsealed earlier in this process")
        return
    if dirs:
        con.execute("SET allowed_directories = ?", [dirs])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def open_writer(db: str | Path, wait: float, on_wait=None) -> duckdb.DuckDBPyConnection:
    """A write connection to a database whose schema is already applied (a short write window).
    ``on_wait(message)`` is called once if the file is held by another process for over 1 s."""
    return _with_lock_wait(lambda: duckdb.connect(str(db)), wait, on_wait)


def is_lock_error(e: BaseException) -> bool:
    text = str(e)
    return isinstance(e, duckdb.IOException) and ("Could not set lock" in text or "Conflicting lock" in text)


def _with_lock_wait(open_, wait: float, on_wait=None):
    start = time.monotonic()
    delay = 0.02
    while True:
        try:
            return open_()
        except duckdb.IOException as e:
            if not is_lock_error(e) or time.monotonic() + delay > start + wait:
                raise
            if on_wait is not None and time.monotonic() - start > 1:
                on_wait(str(e))
                on_wait = None
        time.sleep(delay)
        delay = min(delay * 1.5, 0.25)


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((SQL_DIR / "schema.sql").read_text())
    for view in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(view.read_text())
    load_taxonomy(con)
    search.index_missing(con)  # a database made before the search index gets it once


def load_taxonomy(con: duckdb.DuckDBPyConnection) -> None:
    """The ``themes`` table mirrors models/themes.yaml (codes are stable; labels may be refined)."""
    from .themes import taxonomy_rows

    from .labels import agency_type_rows

    rows = taxonomy_rows()
    types = agency_type_rows()
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM themes")
    _insert(con, "themes", rows)
    con.execute("DELETE FROM agency_types")  # the display names of agency types, refreshed with the taxonomy
    _insert(con, "agency_types", types)
    con.execute("COMMIT")


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_cell(v) for v in value]
    if isinstance(value, Role):
        return value.value
    return value


def object_rows(review_id: str, table: str, objects: Iterable[Any]) -> list[dict]:
    """Dataclass objects -> row dicts for ``table`` (the inverse of ``read_objects``)."""
    _, id_col = ROW_TABLES[table]
    rows = []
    for i, obj in enumerate(objects, start=1):
        row = {"review_id": review_id}
        if id_col:
            row[id_col] = i
        row.update({f.name: _cell(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
        rows.append(row)
    return rows


def review_rows(review: Review, source_paths: list[str] | None = None) -> dict[str, list[dict]]:
    """Every row a review writes, by table."""
    doc, meta = review.document, review.meta
    rows: dict[str, list[dict]] = {
        "reviews": [{
            "review_id": review.review_id, "sha256": doc.sha256, "source_path": doc.source_path,
            "source_paths": source_paths or [doc.source_path],
            "title": meta.title, "subject": meta.subject, "partnership": meta.partnership,
            "author": meta.author, "published": meta.published, "published_year": meta.published_year,
            "review_type": meta.review_type, "coroner": meta.coroner, "coroner_area": meta.coroner_area,
            "deceased": meta.deceased, "page_count": doc.page_count, "status": review.status,
            "pipeline_version": PIPELINE_VERSION,
            "ingested_at": datetime.now(timezone.utc).replace(tzinfo=None),
            "warnings": list(doc.warnings),
        }],
        "pages": [page_row(review.review_id, p) for p in doc.pages],
    }
    for table in ROW_TABLES:
        rows[table] = object_rows(review.review_id, table, getattr(review, table))
    return rows


def page_row(review_id: str, page: Page) -> dict:
    def text(*roles: Role) -> str | None:
        t = "\n".join(l.text for l in page.lines if l.role in roles)
        return t or None

    return {
        "review_id": review_id, "page_no": page.page_no,
        "body_text": text(Role.BODY), "header_text": text(Role.HEADER),
        "footer_text": text(Role.FOOTER, Role.PAGE_NUMBER), "footnotes_text": text(Role.FOOTNOTE),
        "toc_text": text(Role.TOC), "cover_text": text(Role.COVER), "sidebar_text": text(Role.SIDEBAR),
        "char_count": page.chars, "cid_glyphs": page.cid_glyphs,
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    import pyarrow as pa  # here, not at import: `scr sql` never inserts (start-up)

    arrow = pa.Table.from_pylist(rows)  # noqa: F841  (read by DuckDB's replacement scan)
    names = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM arrow")


def path_text(path: str | os.PathLike) -> str:
    """How a path is stored: absolute, links resolved, and text (a byte that is not UTF-8 -> \\xNN)."""
    p = os.path.realpath(os.fspath(path))
    try:
        p.encode("utf-8")
        return p
    except UnicodeEncodeError:  # surrogate-escaped bytes from a non-UTF-8 file name
        return os.fsencode(p).decode("utf-8", "backslashreplace")


def note_path_bytes(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Keep the real bytes of a file name that is not UTF-8 (looked up by ``original_path``)."""
    p = os.path.realpath(os.fspath(path))
    text = path_text(p)
    if text != p:
        con.execute("INSERT OR REPLACE INTO path_bytes VALUES (?, ?)", [text, os.fsencode(p)])


def original_path(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """The file name a stored path stands for (the inverse of ``path_text``)."""
    row = con.execute("SELECT raw FROM path_bytes WHERE source_path = ?", [text]).fetchone()
    return os.fsdecode(bytes(row[0])) if row else text


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open (DuckDB aborts it itself on an I/O error)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def load(con: duckdb.DuckDBPyConnection, review: Review) -> None:
    """Write one review in one transaction, replacing any earlier rows of the same review.

    Its path now holds these bytes: the path is detached from any other review, and a review
    left with no path is deleted (its bytes are nowhere any more). A review with other paths
    stays. Paths are stored by ``path_text`` (absolute), so the same relative path typed in
    two folders is two files.
    """
    path = path_text(review.document.source_path)
    rows = review_rows(review)
    rows["reviews"][0]["source_path"] = path
    con.execute("BEGIN TRANSACTION")
    try:
        old = con.execute("SELECT source_path, source_paths FROM reviews WHERE review_id = ?",
                          [review.review_id]).fetchone()
        paths = [path]
        if old:  # same bytes re-ingested: keep every path they were seen at, and the first one
            paths = list(dict.fromkeys([old[0], *(old[1] or []), path]))
            rows["reviews"][0]["source_path"] = old[0]
            delete_review(con, review.review_id)
        _detach(con, path, review.review_id)
        rows["reviews"][0]["source_paths"] = paths
        for table in REVIEW_TABLES:
            _insert(con, table, rows[table])
        search.index_review(con, review.review_id)
        note_path_bytes(con, review.document.source_path)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _detach(con: duckdb.DuckDBPyConnection, path: str, keep: str | None) -> None:
    """``path`` no longer holds the bytes of any review but ``keep``."""
    for rid, first, paths in con.execute(
            "SELECT review_id, source_path, source_paths FROM reviews "
            "WHERE (source_path = ? OR list_contains(source_paths, ?)) AND review_id IS DISTINCT FROM ?",
            [path, path, keep]).fetchall():
        rest = [p for p in (paths or [first]) if p != path]
        if not rest:
            delete_review(con, rid)
        else:
            con.execute("UPDATE reviews SET source_paths = ?, source_path = ? WHERE review_id = ?",
                        [rest, first if first != path else rest[0], rid])


def delete_review(con: duckdb.DuckDBPyConnection, review_id: str) -> None:
    for table in [*REVIEW_TABLES, *INDEX_TABLES]:
        con.execute(f"DELETE FROM {table} WHERE review_id = ?", [review_id])


def current(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """review_id of these bytes if they were ingested by this pipeline version."""
    row = con.execute(
        "SELECT review_id FROM reviews WHERE sha256 = ? AND pipeline_version = ?", [sha256, PIPELINE_VERSION]
    ).fetchone()
    return row[0] if row else None


@dataclasses.dataclass
class Snapshot:
    """What a run needs to know before it starts: current reviews, their paths, past failures."""

    by_sha: dict[str, str]                  # sha256 -> review_id (this pipeline version)
    paths: dict[str, set[str]]              # review_id -> its stored paths
    timed_out: set[tuple[str, str]]         # (path, sha256) that timed out with this pipeline version
    # sha256 stored as no_text_layer without OCR being tried (its warnings hold the how-to-OCR hint):
    # current for a run without --ocr, not for one with it (OCR changes the result)
    not_ocred: set[str] = dataclasses.field(default_factory=set)


def snapshot(con: duckdb.DuckDBPyConnection) -> Snapshot:
    by_sha, paths = {}, {}
    for rid, sha, first, more in con.execute(
            "SELECT review_id, sha256, source_path, source_paths FROM reviews WHERE pipeline_version = ?",
            [PIPELINE_VERSION]).fetchall():
        by_sha[sha] = rid
        paths[rid] = {first, *(more or [])}
    timed_out = set(con.execute(
        "SELECT source_path, sha256 FROM ingest_errors WHERE pipeline_version = ? AND message LIKE 'timed out%'",
        [PIPELINE_VERSION]).fetchall())
    not_ocred = {sha for (sha,) in con.execute(
        "SELECT sha256 FROM reviews WHERE pipeline_version = ? AND status = 'no_text_layer' "
        "AND list_contains(warnings, ?)", [PIPELINE_VERSION, OCR_HINT]).fetchall()}
    return Snapshot(by_sha, paths, timed_out, not_ocred)


def add_path(con: duckdb.DuckDBPyConnection, review_id: str, path: str) -> bool:
    """Record another path holding the same bytes (detached from any other review); True if new."""
    text = path_text(path)
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("SELECT source_paths FROM reviews WHERE review_id = ?", [review_id]).fetchone()
        if row is None:
            con.execute("ROLLBACK")
            return False
        new = text not in (row[0] or [])
        if new:
            con.execute("UPDATE reviews SET source_paths = list_append(source_paths, ?) WHERE review_id = ?",
                        [text, review_id])
        _detach(con, text, review_id)
        note_path_bytes(con, path)
        con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [text])
        con.execute("COMMIT")
        return new
    except BaseException:
        _rollback(con)
        raise


def record_error(con: duckdb.DuckDBPyConnection, path: str, sha256: str | None, stage: str,
                 page: int | None, message: str) -> None:
    """One current row per (path, bytes): a repeat raises ``attempts``; other bytes' rows go.

    A review already loaded from the path's earlier bytes stays: the failure is recorded, and
    nothing that was loaded is lost because a new copy of a file is broken.
    """
    text = path_text(path)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("SELECT attempts, first_seen FROM ingest_errors WHERE source_path = ? "
                          "AND sha256 IS NOT DISTINCT FROM ?", [text, sha256]).fetchone()
        con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [text])
        attempts, first = (int(row[0] or 1) + 1, row[1] or now) if row else (1, now)
        con.execute(
            "INSERT INTO ingest_errors (source_path, sha256, stage, page_no, message, occurred_at, attempts, "
            "first_seen, pipeline_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [text, sha256, stage, page, message, now, attempts, first, PIPELINE_VERSION])
        note_path_bytes(con, path)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def clear_errors(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A file that now loads has no outstanding errors."""
    con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [path_text(path)])


def read_objects(con: duckdb.DuckDBPyConnection, table: str, review_id: str) -> list[Any]:
    """Rows of ``table`` for a review -> dataclass objects (the inverse of ``object_rows``)."""
    cls, id_col = ROW_TABLES[table]
    fields = dataclasses.fields(cls)
    names = ", ".join(f'"{f.name}"' for f in fields)
    order = id_col or ("section_id" if table == "sections" else "rowid")
    cur = con.execute(f"SELECT {names} FROM {table} WHERE review_id = ? ORDER BY {order}", [review_id])
    out = []
    for row in cur.fetchall():
        kwargs = {}
        for f, v in zip(fields, row):
            if isinstance(v, list):
                v = tuple(tuple(x) if isinstance(x, list) else x for x in v)
            kwargs[f.name] = v
        out.append(cls(**kwargs))
    return out


# --- Parquet shards: the same rows, one file set per review, for engines beyond one machine ---

def write_shard(review: Review, out_dir: str | Path) -> Path:
    """Write a review's rows as <out_dir>/<review_id>/<table>.parquet (atomically, by rename)."""
    import os
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    final = out_dir / review.review_id
    tmp = out_dir / f".{review.review_id}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for table, rows in review_rows(review).items():
        if rows:
            pq.write_table(pa.Table.from_pylist(rows), tmp / f"{table}.parquet")
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return final


def current_shards(shard_dir: str | Path, ocr: bool = False) -> set[str]:
    """'sha:version' of every complete shard under ``shard_dir``: the files ``scr ingest --shards`` need
    not extract again. With ``ocr``, a scan written without OCR (status ``no_text_layer``) is not current:
    OCR changes its result."""
    import pyarrow.parquet as pq

    shard_dir = Path(shard_dir)
    if not shard_dir.exists():
        return set()
    out = set()
    for p in shard_dir.iterdir():
        f = p / "reviews.parquet"
        if not p.is_dir() or not f.exists():
            continue
        row = pq.read_table(f, columns=["sha256", "pipeline_version", "status"]).to_pylist()[0]
        if not (ocr and row["status"] == "no_text_layer"):
            out.add(f"{row['sha256']}:{row['pipeline_version']}")
    return out


def load_shards(con: duckdb.DuckDBPyConnection, shard_dir: str | Path) -> int:
    """Load every complete shard below ``shard_dir``, one transaction per review; returns how many."""
    n = 0
    for shard in sorted(p for p in Path(shard_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not (shard / "reviews.parquet").exists():
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            delete_review(con, shard.name)
            for table in REVIEW_TABLES:
                f = shard / f"{table}.parquet"
                if f.exists():
                    described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(f)]).fetchall()
                    cols = ", ".join(f'"{c[0]}"' for c in described)
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?)", [str(f)])
            search.index_review(con, shard.name)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        n += 1
    return n
