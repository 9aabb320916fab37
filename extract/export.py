"""Export every table and view of a review database, one file per relation.

Parquet keeps DuckDB's types (lists, nested lists, dates, timestamps, booleans), so
``SELECT * FROM 'findings.parquet'`` in DuckDB, pandas or R (arrow) gives back the same
columns.  CSV is for spreadsheets: lists are written in DuckDB's ``[a, b]`` text form.

Files are written only inside the target folder: a relation's file name is its name with
anything outside ``[A-Za-z0-9_.-]`` replaced by ``_`` (a shared database can hold a view named
``../x`` or ``/tmp/x``), and two relations whose safe names collide get ``_2``, ``_3``, ...
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_MAX_STEM = 120  # characters: well under the usual 255-byte file name limit, with room for a suffix


def relations(con) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of every user table and view in the main schema, tables first; not the
    search index, which is derived from the other tables and rebuilt from them."""
    from .store import INDEX_TABLES

    rows = con.execute(
        "SELECT table_name, 'table' FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION ALL "
        "SELECT view_name, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY 2, 1").fetchall()
    return [(n, k) for n, k in rows if n not in INDEX_TABLES]


def safe_stem(name: str) -> str:
    """A file name stem for a relation: only ``[A-Za-z0-9_.-]``, never starting with ``.``."""
    stem = _UNSAFE.sub("_", name)[:_MAX_STEM]
    stem = re.sub(r"^\.+", lambda m: "_" * len(m.group()), stem)
    return stem or "_"


def file_stems(names: list[str]) -> dict[str, str]:
    """Relation name -> distinct safe stem.  Names already safe keep their own name; the others
    take their safe form, with ``_2``, ``_3``, ... when it is taken (compared case-insensitively,
    for case-insensitive file systems)."""
    stems: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if safe_stem(name) == name and name.casefold() not in used:
            stems[name] = name
            used.add(name.casefold())
    for name in names:
        if name in stems:
            continue
        base = stem = safe_stem(name)
        n = 1
        while stem.casefold() in used:
            n += 1
            stem = f"{base}_{n}"
        stems[name] = stem
        used.add(stem.casefold())
    return stems


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(con, out_dir: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every table and view to ``out_dir/<safe name>.<fmt>``; returns the files written.

    Raises ValueError for an unknown format or a file that would land outside ``out_dir``
    (e.g. through a symlink already there), NotADirectoryError if ``out_dir`` is a file.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (parquet or csv)")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(out))
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    rels = relations(con)
    stems = file_stems([n for n, _ in rels])
    written = []
    for name, _kind in rels:
        path = (root / f"{stems[name]}.{fmt}").resolve()
        if path.parent != root:
            raise ValueError(f"refusing to write relation {name!r} to {path}: outside the export folder {root}")
        con.execute(f"COPY (SELECT * FROM {_quote_ident(name)}) TO {_quote_path(path)} {FORMATS[fmt]}")
        written.append(path)
    return written
