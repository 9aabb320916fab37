"""Text renderings of query results and reviews for the CLI (no logic beyond layout)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any, Sequence

from .errors import shown

FORMATS = ("table", "csv", "json", "markdown")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(_cell(x) for x in v)
    return str(v)


def _line(text: str) -> str:
    return shown(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def render(cols: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table", width: int = 60) -> str:
    """Rows as an aligned table, CSV, JSON or a Markdown table."""
    if fmt == "json":
        return json.dumps([dict(zip(cols, r)) for r in rows], default=_cell, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([[_cell(c) for c in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    # a terminal gets one line per row and no control characters (a path or title can hold \x1b)
    cells = [[_line(_cell(c)) for c in r] for r in rows]
    cols = [_line(str(c)) for c in cols]
    if fmt == "markdown":
        out = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in cells]
        return "\n".join(out)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in r] for r in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = lambda r: "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def section_tree(con, review_id: str) -> str:
    r = con.execute(
        "SELECT title, review_type, subject, partnership, author, published, published_year, page_count, status "
        "FROM reviews WHERE review_id = ?", [review_id]).fetchone()
    title, rtype, subject, partnership, author, published, year, pages, status = r
    out = [f"{review_id}  {title or '(untitled)'}",
           f"  type: {rtype or '?'}   subject: {subject or '?'}   partnership: {partnership or '?'}",
           f"  author: {author or '?'}   published: {published or year or '?'}   pages: {pages}   status: {status}",
           ""]
    for number, stitle, level, p0, p1 in con.execute(
            "SELECT number, title, level, page_start, page_end FROM sections WHERE review_id = ? ORDER BY ordinal",
            [review_id]).fetchall():
        indent = "  " * max(level - 1, 0)
        pages_ = f"p{p0}" if p0 == p1 else f"pp{p0}-{p1}"
        out.append(f"{indent}{(number + ' ') if number else ''}{stitle}  [{pages_}]")
    return "\n".join(_line(line) for line in out + _review_parts(con, review_id, r))


def _short(text: str | None, n: int = 110) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"


def _review_parts(con, review_id: str, meta) -> list[str]:
    """What a reader checks after the sections: findings, recommendations with their addressees,
    the themes raised, and for a coroner's report the coroner and the deceased."""
    from .labels import agency_type_label

    out: list[str] = []
    row = con.execute("SELECT coroner, coroner_area, deceased FROM reviews WHERE review_id = ?", [review_id]).fetchone()
    if row and any(row):
        out += ["", f"coroner: {row[0] or '?'}   area: {row[1] or '?'}   deceased: {row[2] or '?'}"]
    found = con.execute("SELECT kind, number, title, text, page_no, themes FROM findings WHERE review_id = ? "
                        "ORDER BY finding_id", [review_id]).fetchall()
    if found:
        out += ["", f"findings ({len(found)}):"]
        for kind, number, title, text, page, themes in found:
            label = " ".join(x for x in (kind.replace("_", " "), number) if x)
            codes = f"  {{{', '.join(themes)}}}" if themes else ""
            out.append(f"  {label} [p{page}]: {_short(title or text)}{codes}")
    recs = con.execute("SELECT number, text, page_no, addressees, addressee_types, scope FROM recommendations "
                       "WHERE review_id = ? ORDER BY rec_id", [review_id]).fetchall()
    if recs:
        out += ["", f"recommendations ({len(recs)}):"]
        for number, text, page, names, types, scope in recs:
            to = "; ".join(f"{n} ({agency_type_label(t)})" for n, t in zip(names or [], types or [])) or "no addressee found"
            out.append(f"  {number or '-'} [p{page}] to {to}; {scope or '?'}: {_short(text, 90)}")
    themes = con.execute(
        "SELECT t.code, any_value(th.label), count(*) FROM theme_tags t LEFT JOIN themes th USING (code) "
        "WHERE t.review_id = ? AND t.polarity = 'concern' GROUP BY t.code ORDER BY count(*) DESC, t.code",
        [review_id]).fetchall()
    if themes:
        out += ["", "themes raised (concern tags):"]
        out.append("  " + ", ".join(f"{label or code} ({code}) x{n}" for code, label, n in themes))
    return out
