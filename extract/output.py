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


def _rows(con, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def review_record(con, review_id: str) -> dict:
    """One review as a reader checks it: metadata, section tree, findings, recommendations with their
    addressees, the themes raised (concern tags) and the timeline's first and last events.
    ``scr show`` prints it; ``scr show --json`` gives it as one object."""
    meta = _rows(con, "SELECT review_id, title, review_type, subject, partnership, author, published, published_year, "
                      "page_count, status, coroner, coroner_area, deceased FROM reviews WHERE review_id = ?",
                 [review_id])[0]
    meta["sections"] = _rows(con, "SELECT number, title, level, page_start, page_end FROM sections "
                                  "WHERE review_id = ? ORDER BY ordinal", [review_id])
    meta["findings"] = _rows(con, "SELECT kind, number, title, text, page_no, themes FROM findings "
                                  "WHERE review_id = ? ORDER BY finding_id", [review_id])
    meta["recommendations"] = _rows(con, "SELECT number, text, page_no, addressees, addressee_types, scope, themes "
                                         "FROM recommendations WHERE review_id = ? ORDER BY rec_id", [review_id])
    meta["themes"] = _rows(con, "SELECT t.code, any_value(th.label) AS label, count(*) AS tags FROM theme_tags t "
                                "LEFT JOIN themes th USING (code) WHERE t.review_id = ? AND t.polarity = 'concern' "
                                "GROUP BY t.code ORDER BY count(*) DESC, t.code", [review_id])
    events = _rows(con, "SELECT seq, earliest, latest, date_text, event_type, agencies, page_no, sentence "
                        "FROM timeline WHERE review_id = ? ORDER BY seq", [review_id])
    dated = [e for e in events if e["earliest"] is not None]
    meta["timeline"] = {"events": len(events), "dated": len(dated),
                        "first": dated[0] if dated else None, "last": dated[-1] if dated else None}
    return meta


def review_json(record: dict) -> str:
    return json.dumps(record, default=_cell, indent=2, ensure_ascii=False)


def section_tree(con, review_id: str) -> str:
    """``review_record`` as text for a terminal."""
    r = review_record(con, review_id)
    out = [f"{review_id}  {r['title'] or '(untitled)'}",
           f"  type: {r['review_type'] or '?'}   subject: {r['subject'] or '?'}   partnership: {r['partnership'] or '?'}",
           f"  author: {r['author'] or '?'}   published: {r['published'] or r['published_year'] or '?'}   "
           f"pages: {r['page_count']}   status: {r['status']}",
           ""]
    for s in r["sections"]:
        indent = "  " * max(s["level"] - 1, 0)
        p0, p1 = s["page_start"], s["page_end"]
        pages_ = f"p{p0}" if p0 == p1 else f"pp{p0}-{p1}"
        out.append(f"{indent}{(s['number'] + ' ') if s['number'] else ''}{s['title']}  [{pages_}]")
    return "\n".join(_line(line) for line in out + _review_parts(r))


def _short(text: str | None, n: int = 110) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= n else flat[: n - 1].rstrip() + "…"


def _event(e: dict) -> str:
    when = _cell(e["earliest"]) if e["earliest"] == e["latest"] else f"{_cell(e['earliest'])}..{_cell(e['latest'])}"
    return f"{when} [p{e['page_no']}] {e['event_type']}: {_short(e['sentence'], 90)}"


def _review_parts(r: dict) -> list[str]:
    """What a reader checks after the sections: findings, recommendations with their addressees,
    the themes raised, the timeline's ends, and for a coroner's report the coroner and the deceased."""
    from .labels import agency_type_label

    out: list[str] = []
    if r["coroner"] or r["coroner_area"] or r["deceased"]:
        out += ["", f"coroner: {r['coroner'] or '?'}   area: {r['coroner_area'] or '?'}   deceased: {r['deceased'] or '?'}"]
    if r["findings"]:
        out += ["", f"findings ({len(r['findings'])}):"]
        for f in r["findings"]:
            label = " ".join(x for x in (f["kind"].replace("_", " "), f["number"]) if x)
            codes = f"  {{{', '.join(f['themes'])}}}" if f["themes"] else ""
            out.append(f"  {label} [p{f['page_no']}]: {_short(f['title'] or f['text'])}{codes}")
    if r["recommendations"]:
        out += ["", f"recommendations ({len(r['recommendations'])}):"]
        for x in r["recommendations"]:
            to = "; ".join(f"{n} ({agency_type_label(t)})" for n, t in zip(x["addressees"] or [], x["addressee_types"] or []))
            out.append(f"  {x['number'] or '-'} [p{x['page_no']}] to {to or 'no addressee found'}; "
                       f"{x['scope'] or '?'}: {_short(x['text'], 90)}")
    if r["themes"]:
        out += ["", "themes raised (concern tags):"]
        out.append("  " + ", ".join(f"{t['label'] or t['code']} ({t['code']}) x{t['tags']}" for t in r["themes"]))
    tl = r["timeline"]
    if tl["events"]:
        out += ["", f"timeline ({tl['events']} events, {tl['dated']} dated; scr timeline for all):"]
        if tl["first"]:
            out.append(f"  first: {_event(tl['first'])}")
        if tl["last"] and tl["last"] is not tl["first"]:
            out.append(f"  last:  {_event(tl['last'])}")
    return out
