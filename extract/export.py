"""Export every table and view of a review database, one file per relation.

Parquet keeps DuckDB's types (lists, nested lists, dates, timestamps, booleans), so
``SELECT * FROM 'findings.parquet'`` in DuckDB, pandas or R (arrow) gives back the same
columns.  CSV is for spreadsheets: lists are written in DuckDB's ``[a, b]`` text form.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def relations(con) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of every user table and view in the main schema, tables first."""
    rows = con.execute(
        "SELECT table_name, 'table' FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION ALL "
        "SELECT view_name, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY 2, 1").fetchall()
    return [(n, k) for n, k in rows]


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(con, out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every table and view to ``out_dir/<name>.<fmt>``; returns the files written."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (parquet or csv)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _kind in relations(con):
        path = out / f"{name}.{fmt}"
        con.execute(f"COPY (SELECT * FROM {_quote_ident(name)}) TO {_quote_path(path)} {FORMATS[fmt]}")
        written.append(path)
    return written
