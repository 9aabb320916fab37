"""Stage 5: DuckDB (the only module that touches the database).

The schema and views are SQL files applied in order; each review is written in
one transaction, so a failure never leaves half a review; a re-ingested review
replaces its old rows.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from . import PIPELINE_VERSION
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


def connect(db: str | Path = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a review database with the schema and views applied."""
    if read_only:
        return duckdb.connect(str(db), read_only=True)
    con = duckdb.connect(str(db))
    apply_schema(con)
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((SQL_DIR / "schema.sql").read_text())
    for view in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(view.read_text())
    load_taxonomy(con)


def load_taxonomy(con: duckdb.DuckDBPyConnection) -> None:
    """The ``themes`` table mirrors models/themes.yaml (codes are stable; labels may be refined)."""
    from .themes import taxonomy_rows

    rows = taxonomy_rows()
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM themes")
    _insert(con, "themes", rows)
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
            "review_type": meta.review_type, "page_count": doc.page_count, "status": review.status,
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
        "toc_text": text(Role.TOC), "cover_text": text(Role.COVER),
        "char_count": page.chars, "cid_glyphs": page.cid_glyphs,
    }


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    arrow = pa.Table.from_pylist(rows)  # noqa: F841  (read by DuckDB's replacement scan)
    names = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM arrow")


def load(con: duckdb.DuckDBPyConnection, review: Review) -> None:
    """Write one review in one transaction, replacing any earlier rows of the same review or path."""
    rows = review_rows(review)
    con.execute("BEGIN TRANSACTION")
    try:
        old = con.execute(
            "SELECT review_id, source_paths FROM reviews WHERE review_id = ? OR source_path = ?",
            [review.review_id, review.document.source_path],
        ).fetchall()
        paths = [review.document.source_path]
        for rid, old_paths in old:
            if rid == review.review_id:  # same bytes re-ingested: keep every path they were seen at
                paths += [p for p in (old_paths or []) if p not in paths]
            delete_review(con, rid)
        rows["reviews"][0]["source_paths"] = paths
        for table in REVIEW_TABLES:
            _insert(con, table, rows[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def delete_review(con: duckdb.DuckDBPyConnection, review_id: str) -> None:
    for table in REVIEW_TABLES:
        con.execute(f"DELETE FROM {table} WHERE review_id = ?", [review_id])


def current(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    """review_id of these bytes if they were ingested by this pipeline version."""
    row = con.execute(
        "SELECT review_id FROM reviews WHERE sha256 = ? AND pipeline_version = ?", [sha256, PIPELINE_VERSION]
    ).fetchone()
    return row[0] if row else None


def add_path(con: duckdb.DuckDBPyConnection, review_id: str, path: str) -> bool:
    """Record another path holding the same bytes; True if it was new."""
    paths = con.execute("SELECT source_paths FROM reviews WHERE review_id = ?", [review_id]).fetchone()[0] or []
    if path in paths:
        return False
    con.execute("UPDATE reviews SET source_paths = list_append(source_paths, ?) WHERE review_id = ?", [path, review_id])
    return True


def record_error(con: duckdb.DuckDBPyConnection, path: str, sha256: str | None, stage: str,
                 page: int | None, message: str) -> None:
    con.execute(
        "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?, ?)",
        [str(path), sha256, stage, page, message, datetime.now(timezone.utc).replace(tzinfo=None)],
    )


def clear_errors(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A file that now loads has no outstanding errors."""
    con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [str(path)])


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


def shard_sha(shard: Path) -> str | None:
    """sha256 and pipeline version recorded in a shard, as 'sha:version'."""
    import pyarrow.parquet as pq

    f = shard / "reviews.parquet"
    if not f.exists():
        return None
    row = pq.read_table(f, columns=["sha256", "pipeline_version"]).to_pylist()[0]
    return f"{row['sha256']}:{row['pipeline_version']}"


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
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        n += 1
    return n
