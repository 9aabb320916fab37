"""The researchers' query library: named, commented SQL files in ``queries/``.

Each file starts with a comment header::

    -- name: themes_by_year
    -- description: Themes recurring by year ...
    -- params: min_reviews=1, theme=C01

and uses DuckDB named parameters (``$min_reviews``).  A parameter's type is that of its
default: an integer default makes an integer parameter, ``true``/``false`` a boolean,
anything else a string.  ``run_query`` validates the parameters it is given against the
header (an unknown name or a value of the wrong type is a clear ``QueryError``).

A string parameter whose default is a theme code (``theme=C01``) is a theme parameter: its value
is upper-cased (``c03`` is ``C03``) and must be a code of ``models/themes.yaml``, or it is a
``ParamError`` listing the codes (the CLI's usage error, exit 2), never a silent empty result.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from . import MODELS_DIR

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
THEMES_FILE = MODELS_DIR / "themes.yaml"
_CODE_LIKE = re.compile(r"^[A-Za-z]\d{2,}$")  # only such defaults can be theme codes (saves reading the file)

_KEY = re.compile(r"^--\s*(name|description|params)\s*:\s*(.*)$")
_PARAM_SPLIT = re.compile(r",\s*(?=[A-Za-z_]\w*\s*=)")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s*=(.*)$")
_USED = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")


class QueryError(ValueError):
    """A query file that cannot be read, or a bad query name or parameter."""


class ParamError(QueryError):
    """A parameter value that is not one of the values it can take (a usage error)."""


@functools.lru_cache(maxsize=4)
def theme_codes(path: Path | str = THEMES_FILE) -> tuple[str, ...]:
    """Every code in the theme taxonomy (retired ones too: old databases may hold them), sorted."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return tuple(sorted(str(t["code"]) for t in data["themes"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        raise QueryError(f"{path}: cannot read the theme codes ({type(e).__name__}: {e})") from None


def is_theme_param(default: Any) -> bool:
    """A parameter is a theme code when its default is one."""
    return isinstance(default, str) and bool(_CODE_LIKE.match(default)) and default.upper() in theme_codes()


def _theme_code(query: Query, key: str, value: str) -> str:
    code = value.strip().upper()
    codes = theme_codes()
    if code not in codes:
        raise ParamError(f"query {query.name!r}: parameter {key}={value!r} is not a theme code; the codes are "
                         f"those of {THEMES_FILE}: {', '.join(codes)}")
    return code


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: dict[str, Any]  # name -> default (already typed)
    sql: str
    path: Path


def _typed(text: str) -> Any:
    t = text.strip()
    if _INT.match(t):
        return int(t)
    if _FLOAT.match(t):
        return float(t)
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    return t


def _strip_comments(sql: str) -> str:
    """SQL without -- comments and string literals (to find the $params really used)."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*", " ", sql)


def parse(path: Path) -> Query:
    """Read one query file; a missing or inconsistent header is a QueryError naming the file and line."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, tuple[int, str]] = {}
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("--"):
            break
        m = _KEY.match(line.strip())
        if m:
            if m.group(1) in header:
                raise QueryError(f"{path}:{no}: duplicate '-- {m.group(1)}:' line")
            header[m.group(1)] = (no, m.group(2).strip())
    for key in ("name", "description", "params"):
        if key not in header:
            raise QueryError(f"{path}: the comment header has no '-- {key}:' line")
    name = header["name"][1]
    if name != path.stem:
        raise QueryError(f"{path}:{header['name'][0]}: name {name!r} differs from the file name {path.stem!r}")
    params: dict[str, Any] = {}
    no, spec = header["params"]
    if spec and spec.lower() != "none":
        for item in _PARAM_SPLIT.split(spec):
            m = _PARAM.match(item.strip())
            if not m:
                raise QueryError(f"{path}:{no}: bad parameter {item.strip()!r} (expected name=default)")
            if m.group(1) in params:
                raise QueryError(f"{path}:{no}: parameter {m.group(1)!r} declared twice")
            params[m.group(1)] = _typed(m.group(2))
    used = set(_USED.findall(_strip_comments(text)))
    if used != set(params):
        missing, unused = sorted(used - set(params)), sorted(set(params) - used)
        parts = ([f"used but not declared: {', '.join('$' + p for p in missing)}"] if missing else []) + \
                ([f"declared but not used: {', '.join(unused)}"] if unused else [])
        raise QueryError(f"{path}:{no}: params header disagrees with the SQL ({'; '.join(parts)})")
    return Query(name, header["description"][1], params, text, path)


def list_queries(queries_dir: Path | str | None = None) -> list[Query]:
    """Every query in the library, by name."""
    d = Path(queries_dir) if queries_dir else QUERIES_DIR
    if not d.is_dir():
        raise QueryError(f"{d}: no query library here")
    return [parse(p) for p in sorted(d.glob("*.sql"))]


def get_query(name: str, queries_dir: Path | str | None = None) -> Query:
    queries = {q.name: q for q in list_queries(queries_dir)}
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(queries)) or '(none)'}")
    return queries[name]


def bind(query: Query, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults overlaid with ``params``; strings are converted to the default's type."""
    out = dict(query.params)
    for key, value in (params or {}).items():
        if key not in query.params:
            known = ", ".join(query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {key!r} (its parameters: {known})")
        default = query.params[key]
        if isinstance(value, str) and not isinstance(default, str):
            typed = _typed(value)
            if isinstance(default, float) and isinstance(typed, int) and not isinstance(typed, bool):
                typed = float(typed)
            value = typed
        if type(value) is not type(default):
            raise QueryError(f"query {query.name!r}: parameter {key!r} must be {type(default).__name__} "
                             f"like its default {default!r}, got {value!r}")
        if is_theme_param(default):
            value = _theme_code(query, key, value)
        out[key] = value
    return out


def parse_params(items: list[str] | None) -> dict[str, str]:
    """CLI ``k=v`` strings -> dict (a string without '=' is a QueryError)."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad --param {item!r}: expected name=value")
        out[key.strip()] = value
    return out


def run_query(con, name: str, params: Mapping[str, Any] | None = None,
              queries_dir: Path | str | None = None) -> tuple[list[str], list[tuple]]:
    """Run a named query; returns (column names, rows)."""
    query = get_query(name, queries_dir)
    values = bind(query, params)
    cur = con.execute(query.sql, values) if values else con.execute(query.sql)
    return [d[0] for d in cur.description], cur.fetchall()
