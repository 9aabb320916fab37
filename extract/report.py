"""A self-contained HTML report of a review database, for researchers.

One file, viewable offline (plotly.js is inlined once), with:

1. corpus overview: reviews by publication year and review type;
2. recurring themes: number of reviews (not mentions) carrying each theme;
3. theme co-occurrence: reviews carrying both themes of a pair, as a heatmap;
4. agency types named in findings versus addressed by recommendations;
5. one timeline per review: events as bars from earliest to latest date (a vague date such as
   "summer 2010" is a long bar), coloured by agency type.

Every number links back to its evidence: each chart is followed by a table whose rows give the
review, section number and page behind each count, and every chart element is clickable
(it jumps to the table row).  Reviews and sections have anchors (``#r-<review_id>``,
``#s-<review_id>-<section_id>``) in the per-review part at the end.

The data functions (``overview``, ``theme_counts``, ``cooccurrence``, ``agency_types``,
``timeline``) return plain rows so they can be tested without a browser; ``build`` lays them out.
"""

from __future__ import annotations

import html
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import PIPELINE_VERSION

# agency_type values a finding or recommendation is not addressed to
NO_AGENCY = "no agency named"
UNKNOWN_TYPE = "unknown"
CRITICAL_KINDS = ("finding", "area_for_improvement", "learning", "concern")


@dataclass(frozen=True)
class Ref:
    """Where a counted thing is: review, section (may be None) and page."""

    review_id: str
    section_id: int | None
    page_no: int | None
    what: str = ""  # short label: "finding 4.2.1", "rec 3", "C01 narrative"
    evidence: str = ""  # the sentence that justifies it (a theme tag's evidence), shown on hover


@dataclass
class Row:
    key: Any
    count: int
    refs: list[Ref] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- data

def _has_relation(con, name: str) -> bool:
    return bool(con.execute(
        "SELECT 1 FROM duckdb_views() WHERE view_name = ? UNION ALL "
        "SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name, name]).fetchall())


def theme_labels(con) -> dict[str, str]:
    """code -> label from the themes table, falling back on the taxonomy in models/themes.yaml."""
    labels = {}
    try:
        from .themes import load_taxonomy
        labels = {t["code"]: t["label"] for t in load_taxonomy()}
    except Exception:  # a broken taxonomy file must not stop the report; the table still has labels
        pass
    labels.update({c: l for c, l in con.execute("SELECT code, label FROM themes WHERE label IS NOT NULL").fetchall()})
    return labels


def _cut(text: str, n: int) -> str:
    """At most n characters, cut at a word with an ellipsis."""
    if len(text) <= n:
        return text
    head = text[:n - 1]
    if not text[n - 1].isspace() and " " in head:
        head = head.rsplit(" ", 1)[0]  # do not end inside a word
    return head.rstrip(" ,;:") + "…"


def reviews(con) -> list[dict]:
    have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'reviews'").fetchall()}
    extra = "".join(f", {c}" if c in have else f", NULL AS {c}" for c in ("subject", "deceased", "coroner_area"))
    cur = con.execute(
        "SELECT review_id, title, review_type, published_year, published, page_count, status, partnership, "
        f"source_path{extra} FROM reviews ORDER BY published_year NULLS LAST, review_type, review_id")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def overview(con) -> list[Row]:
    """Reviews by (published_year, review_type); key is (year or None, type or 'unknown')."""
    rows = con.execute(
        "SELECT published_year, coalesce(review_type, 'unknown'), list(review_id ORDER BY review_id) "
        "FROM reviews GROUP BY ALL ORDER BY 1 NULLS LAST, 2").fetchall()
    return [Row((y, t), len(ids), [Ref(i, None, 1) for i in ids]) for y, t, ids in rows]


def _polarity_is(polarity: str) -> str:
    if polarity not in ("concern", "good_practice"):
        raise ValueError(f"polarity must be concern or good_practice, not {polarity!r}")
    return f"coalesce(polarity, 'concern') = '{polarity}'"


def theme_counts(con, polarity: str = "concern") -> list[Row]:
    """Themes by number of distinct reviews raising them with ``polarity`` (concern by default;
    good practice is counted apart); refs are the distinct (review, section, page) tag places."""
    where = _polarity_is(polarity)
    if polarity == "concern" and _has_relation(con, "recurring_themes"):
        order = [c for (c,) in con.execute("SELECT theme FROM recurring_themes WHERE reviews > 0").fetchall()]
    else:
        order = [c for (c,) in con.execute(
            f"SELECT code FROM theme_tags WHERE {where} GROUP BY code "
            "ORDER BY count(DISTINCT review_id) DESC, code").fetchall()]
    refs: dict[str, list[Ref]] = defaultdict(list)
    for code, rid, sid, page, locus, evidence in con.execute(
            "SELECT code, review_id, section_id, page_no, string_agg(DISTINCT locus, '/' ORDER BY locus), "
            "min(evidence) "
            f"FROM theme_tags WHERE {where} GROUP BY ALL ORDER BY code, review_id, page_no NULLS LAST, section_id"
    ).fetchall():
        refs[code].append(Ref(rid, sid, page, locus, evidence or ""))
    return [Row(c, len({r.review_id for r in refs[c]}), refs[c]) for c in order if c in refs]


def cooccurrence(con) -> tuple[list[str], list[list[int]], dict[tuple[str, str], list[str]]]:
    """(codes, matrix of reviews with both themes (diagonal: with the theme), reviews behind each pair).

    Off the diagonal these are the counts of the theme_cooccurrence view (tested to agree); computed
    here from theme_tags so each count comes with the reviews behind it."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for a, b, ids in con.execute(
            f"WITH rc AS (SELECT DISTINCT review_id, code FROM theme_tags WHERE {_polarity_is('concern')}) "
            "SELECT x.code, y.code, list(DISTINCT x.review_id ORDER BY x.review_id) FROM rc x "
            "JOIN rc y ON x.review_id = y.review_id AND x.code <= y.code GROUP BY ALL").fetchall():
        pairs[(a, b)] = ids
    codes = sorted({c for k in pairs for c in k})
    matrix = [[len(pairs.get((min(a, b), max(a, b)), [])) for b in codes] for a in codes]
    return codes, matrix, pairs


def agency_types(con) -> list[Row]:
    """Per agency type: findings whose section names an agency of the type (critical kinds and good
    practice separately) and recommendations addressed to it.  extra = {findings, good_practice,
    recommendations, finding_refs, good_refs, rec_refs}; count = findings + recommendations."""
    found: dict[str, dict[str, list[Ref]]] = defaultdict(lambda: {"finding": [], "good": [], "rec": []})
    for atype, rid, sid, page, kind, number, fid in con.execute(
            "SELECT DISTINCT coalesce(nullif(m.kind, ''), ?) , f.review_id, f.section_id, f.page_no, f.kind, "
            "f.number, f.finding_id FROM findings f JOIN mentions m ON m.review_id = f.review_id "
            "AND m.section_id = f.section_id AND m.label = 'AGENCY' ORDER BY 2, 7, 1", [UNKNOWN_TYPE]).fetchall():
        slot = "good" if kind == "good_practice" else "finding"
        found[atype][slot].append(Ref(rid, sid, page, f"{kind.replace('_', ' ')} {number or '#' + str(fid)}"))
    for atype, rid, sid, page, number, rec_id in con.execute(
            "WITH t AS (SELECT review_id, rec_id, section_id, page_no, number, "
            "CASE WHEN len(coalesce(addressee_types, [])) = 0 THEN [?] ELSE addressee_types END AS types "
            "FROM recommendations) "
            "SELECT DISTINCT coalesce(nullif(unnest(types), ''), ?) AS atype, review_id, section_id, page_no, "
            "number, rec_id FROM t ORDER BY 2, 6, 1", [NO_AGENCY, UNKNOWN_TYPE]).fetchall():
        found[atype]["rec"].append(Ref(rid, sid, page, f"recommendation {number or '#' + str(rec_id)}"))
    rows = []
    for atype, d in found.items():
        extra = {"findings": len(d["finding"]), "good_practice": len(d["good"]), "recommendations": len(d["rec"]),
                 "finding_refs": d["finding"], "good_refs": d["good"], "rec_refs": d["rec"]}
        rows.append(Row(atype, extra["findings"] + extra["recommendations"], [], extra))
    rows.sort(key=lambda r: (-r.count, -r.extra["good_practice"], r.key))
    return rows


def agency_type_map(con) -> dict[tuple[str, str], str]:
    """(review_id, agency name) -> agency_type, from the agencies table and AGENCY mentions."""
    out = {}
    for rid, name, atype in con.execute(
            "SELECT review_id, norm, min(kind) FROM mentions WHERE label = 'AGENCY' AND kind IS NOT NULL "
            "GROUP BY ALL").fetchall():
        out[(rid, name)] = atype
    for rid, name, atype in con.execute("SELECT review_id, agency, agency_type FROM agencies").fetchall():
        if atype:
            out[(rid, name)] = atype
    return out


def timeline(con, review_id: str, types: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """A review's events in date order (undated last): start/end (inclusive) and the agency type of
    its first agency with a known type (NO_AGENCY if it names none)."""
    types = types if types is not None else agency_type_map(con)
    out = []
    for eid, sid, page, start, end, etype, sentence, agencies in con.execute(
            "SELECT event_id, section_id, page_no, earliest, latest, event_type, sentence, agencies FROM events "
            "WHERE review_id = ? ORDER BY earliest NULLS LAST, latest, event_id", [review_id]).fetchall():
        agencies = agencies or []
        known = [types[(review_id, a)] for a in agencies if (review_id, a) in types]
        atype = known[0] if known else (UNKNOWN_TYPE if agencies else NO_AGENCY)
        if start is None and end is not None:
            start = end
        if end is None and start is not None:
            end = start
        out.append({"event_id": eid, "section_id": sid, "page_no": page, "start": start, "end": end,
                    "event_type": etype or "event", "sentence": sentence or "", "agencies": agencies,
                    "agency_type": atype})
    return out


# ---------------------------------------------------------------- layout

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1",
           "#636363", "#9c9ede", "#cedb9c", "#e7cb94", "#e7969c", "#de9ed6", "#6baed6", "#fd8d3c", "#74c476",
           "#9e9ac8"]
GREY = "#9a9a9a"

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#23395d;color:#fff;padding:18px 32px}header h1{margin:0;font-size:1.5em}
header p{margin:4px 0 0;opacity:.85;font-size:.9em}
nav{padding:8px 32px;background:#e8edf4;font-size:.9em}nav a{margin-right:14px}
main{padding:0 32px 40px;max-width:1200px}
section.part{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 20px;margin:18px 0}
h2{font-size:1.25em;margin:.4em 0}h3{font-size:1.05em;margin:1em 0 .3em}
p.note{color:#555;font-size:.88em;margin:.2em 0 .6em}p.empty{color:#888;font-style:italic}
table.evidence{border-collapse:collapse;font-size:.82em;width:100%;margin:8px 0}
table.evidence th,table.evidence td{border-bottom:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
table.evidence th{background:#f2f4f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr:target,h3:target,li:target{background:#fff3b0}
details{margin:6px 0}summary{cursor:pointer;color:#23395d;font-size:.9em}
.refs a{white-space:nowrap}.refs a.rv{white-space:normal}
table.evidence td{overflow-wrap:anywhere}.refs div{margin:1px 0 1px 0}.chart{min-height:120px}
"""

# Charts are drawn by plotly.js from JSON made by plotly's Python figures.  The summary charts are
# drawn at load; the per-review timelines when they scroll near the viewport (IntersectionObserver),
# so a report of hundreds of reviews opens as fast as one of three.  A click on a chart element
# jumps to its evidence row (the trace's customdata is the row's anchor).
LOADER_JS = """(function(){
var CONFIG={displaylogo:false,responsive:true};
function draw(el){if(el.getAttribute('data-drawn'))return;el.setAttribute('data-drawn','1');
var f=JSON.parse(document.getElementById(el.id+'-fig').textContent);
Plotly.newPlot(el,f.data,f.layout,CONFIG).then(function(gd){gd.on('plotly_click',function(d){
var c=d&&d.points&&d.points[0]&&d.points[0].customdata;if(Array.isArray(c))c=c[0];if(c){location.hash=c;}});});}
window.scrDrawAll=function(){document.querySelectorAll('div.chart').forEach(draw);};
window.addEventListener('beforeprint',window.scrDrawAll);
document.querySelectorAll('div.chart:not(.lazy)').forEach(draw);
var lazy=[].slice.call(document.querySelectorAll('div.chart.lazy'));
if('IntersectionObserver' in window){var io=new IntersectionObserver(function(es){es.forEach(function(e){
if(e.isIntersecting){io.unobserve(e.target);draw(e.target);}});},{rootMargin:'600px 0px'});
lazy.forEach(function(el){io.observe(el);});}else{lazy.forEach(draw);}
})();"""

# A small template made once (plotly's named templates are copied into every figure, which is slow).
_TEMPLATE = {"layout": {"paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": PALETTE,
                        "font": {"size": 12},
                        "xaxis": {"gridcolor": "#ebeef2", "zerolinecolor": "#d5d9df", "linecolor": "#d5d9df"},
                        "yaxis": {"gridcolor": "#ebeef2", "zerolinecolor": "#d5d9df", "linecolor": "#d5d9df"},
                        "hoverlabel": {"align": "left"}}}


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _slug(v: Any) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(v))


class _Ctx:
    """Lookups shared by the layout functions."""

    def __init__(self, con):
        self.reviews = reviews(con)
        self.by_id = {r["review_id"]: r for r in self.reviews}
        self.sections: dict[tuple[str, int], tuple] = {}
        self.section_list: dict[str, list[tuple]] = defaultdict(list)
        for rid, sid, number, title, level, p0, p1 in con.execute(
                "SELECT review_id, section_id, number, title, level, page_start, page_end FROM sections "
                "ORDER BY review_id, ordinal, section_id").fetchall():
            self.sections[(rid, sid)] = (number, title, p0, p1)
            self.section_list[rid].append((sid, number, title, level, p0, p1))
        self.labels = theme_labels(con)
        self.colours: dict[str, str] = {}
        self.title_count: dict[str, int] = defaultdict(int)  # reviews that share a title need more to their name
        for r in self.reviews:
            self.title_count[r.get("title") or ""] += 1

    def theme_name(self, code: str) -> str:
        """'Domestic abuse (C01)': the label a person reads, the code as a suffix."""
        label = self.labels.get(code, "")
        return f"{label} ({code})" if label else code

    def colour(self, atype: str) -> str:
        if atype in (NO_AGENCY, UNKNOWN_TYPE):
            return GREY
        if atype not in self.colours:
            self.colours[atype] = PALETTE[len(self.colours) % len(PALETTE)]
        return self.colours[atype]

    def review_link(self, rid: str) -> str:
        r = self.by_id.get(rid, {})
        return f'<a class="rv" href="#r-{_slug(rid)}" title="{_e(r.get("title"))}">{_e(self.short(rid))}</a>'

    def short(self, rid: str) -> str:
        """'Serious Case Review concerning Child S (SCR 2015)'; reviews that share a title (every coroner's
        report is a "Regulation 28 report") are told apart by who they are about or where they are from."""
        r = self.by_id.get(rid, {})
        bits = [b for b in (r.get("review_type"), r.get("published_year")) if b]
        title = r.get("title") or rid
        who = next((w for w in (r.get("deceased"), r.get("subject"), r.get("coroner_area"), r.get("partnership"))
                    if w and w.lower() not in title.lower()), None)
        if who and (self.title_count[r.get("title") or ""] > 1
                    or re.search(r"regulation\s+28|prevention\s+of\s+future\s+deaths", title, re.I)):
            title = f"{_cut(title, 40)}: {who}"
        title = _cut(title, 70)
        return f"{title} ({' '.join(map(str, bits))})" if bits else title

    def place(self, ref: Ref) -> str:
        """'§4.2 p.8' with the section linked (an unnumbered section shows its title)."""
        parts = []
        sec = self.sections.get((ref.review_id, ref.section_id)) if ref.section_id is not None else None
        if sec:
            number, title, _, _ = sec
            label = f"§{number}" if number else _cut(title or "section", 30)
            parts.append(f'<a href="#s-{_slug(ref.review_id)}-{ref.section_id}" title="{_e(title)}">{_e(label)}</a>')
        if ref.page_no is not None:
            pdf = self.pdf_url(ref.review_id, ref.page_no)
            parts.append(f'<a class="pdf" href="{_e(pdf)}" title="open the PDF at this page">p.{ref.page_no}</a>'
                         if pdf else f"p.{ref.page_no}")
        return " ".join(parts)

    def pdf_url(self, rid: str, page: int | None) -> str | None:
        """file:///…/review.pdf#page=N: the PDF where it was read, at the page (PDF viewers honour #page)."""
        path = self.by_id.get(rid, {}).get("source_path")
        if not path or not str(path).startswith("/"):
            return None
        from urllib.parse import quote

        return f"file://{quote(str(path))}" + (f"#page={page}" if page else "")

    def ref(self, ref: Ref, with_review: bool = True) -> str:
        parts = ([self.review_link(ref.review_id)] if with_review else []) + [self.place(ref)]
        if ref.what:
            parts.append(f"<i>{_e(ref.what)}</i>")
        return " ".join(p for p in parts if p)

    def refs(self, refs: list[Ref]) -> str:
        """Refs grouped by review, then by place: 'Review (SCR 2015): §5 p.4 concern 1, concern 2; §6 p.5'."""
        by_review: dict[str, dict[tuple, list[str]]] = {}
        said: dict[tuple, str] = {}
        for r in refs:
            places = by_review.setdefault(r.review_id, {})
            places.setdefault((r.section_id, r.page_no), [])
            if r.what and r.what not in places[(r.section_id, r.page_no)]:
                places[(r.section_id, r.page_no)].append(r.what)
            if r.evidence:
                said.setdefault((r.review_id, r.section_id, r.page_no), r.evidence)
        out = []
        for rid, places in by_review.items():
            items = []
            for (sid, page), whats in places.items():
                ev = said.get((rid, sid, page))
                tip = f' title="{_e(_cut(" ".join(ev.split()), 300))}"' if ev else ""
                bits = [self.place(Ref(rid, sid, page))] + ([f"<i{tip}>{_e(', '.join(whats))}</i>"] if whats else [])
                items.append(" ".join(b for b in bits if b))
            out.append(f"<div>{self.review_link(rid)}: {'; '.join(items)}</div>")
        return "<span class=refs>" + "".join(out) + "</span>"


def _fig_html(fig, div_id: str, lazy: bool = False) -> str:
    """A chart's placeholder div and its figure JSON (drawn by LOADER_JS)."""
    fig.update_layout(template=_TEMPLATE)
    if not fig.layout.margin.t:
        fig.update_layout(margin=dict(l=10, r=10, t=30, b=10))
    data = fig.to_json().replace("</", "<\\/")  # no '</script>' inside the JSON
    height = f' style="height:{fig.layout.height}px"' if fig.layout.height else ""
    return (f'<div class="chart{" lazy" if lazy else ""}" id="{div_id}"{height}></div>'
            f'<script type="application/json" id="{div_id}-fig">{data}</script>')


def _overview_part(con, ctx: _Ctx) -> str:
    import plotly.graph_objects as go

    rows = overview(con)
    out = ['<section class="part" id="overview"><h2>1. Corpus overview</h2>',
           f'<p class="note">{len(ctx.reviews)} reviews, {sum(r["page_count"] or 0 for r in ctx.reviews)} pages. '
           'Reviews by year of publication and type (year unknown shown as "unknown").</p>']
    if not rows:
        return "".join(out) + '<p class="empty">No reviews in this database.</p></section>'
    years = sorted({r.key[0] for r in rows if r.key[0] is not None})
    xs = [str(y) for y in years] + (["unknown"] if any(r.key[0] is None for r in rows) else [])
    fig = go.Figure()
    for rtype in sorted({r.key[1] for r in rows}):
        cells = {("unknown" if r.key[0] is None else str(r.key[0])): r for r in rows if r.key[1] == rtype}
        fig.add_bar(name=rtype, x=xs, y=[cells[x].count if x in cells else 0 for x in xs],
                    customdata=[f"y-{_slug(x)}-{_slug(rtype)}" for x in xs],
                    hovertemplate=f"{_e(rtype)} %{{x}}: %{{y}} reviews<extra></extra>")
    fig.update_layout(barmode="stack", height=320, xaxis=dict(type="category", title="year published"),
                      yaxis=dict(title="reviews", dtick=1 if max(r.count for r in rows) < 10 else None),
                      legend=dict(title="review type"))
    out.append(_fig_html(fig, "chart-overview"))
    out.append('<table class="evidence"><tr><th>year</th><th>type</th><th>reviews</th><th>which</th></tr>')
    for r in rows:
        y, t = r.key
        ys = "unknown" if y is None else str(y)
        out.append(f'<tr id="y-{_slug(ys)}-{_slug(t)}"><td>{_e(ys)}</td><td>{_e(t)}</td><td class="n">{r.count}</td>'
                   f'<td>{"; ".join(ctx.review_link(ref.review_id) for ref in r.refs)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _theme_table(rows: list[Row], ctx: "_Ctx", anchor: str) -> str:
    out = ['<table class="evidence"><tr><th>theme</th><th>label</th><th>reviews</th>'
           '<th>where (review, section, page, locus)</th></tr>']
    for r in rows:
        out.append(f'<tr id="{anchor}-{_slug(r.key)}"><td>{_e(r.key)}</td><td>{_e(ctx.labels.get(r.key, ""))}</td>'
                   f'<td class="n">{r.count}</td><td>{ctx.refs(r.refs)}</td></tr>')
    out.append("</table>")
    return "".join(out)


def _themes_part(con, ctx: _Ctx) -> str:
    import plotly.graph_objects as go

    rows = theme_counts(con)
    out = ['<section class="part" id="themes"><h2>2. Recurring themes</h2>',
           '<p class="note">Number of <b>reviews</b> raising each theme as a <b>concern</b> (a failing, gap '
           'or risk) at any locus (finding, recommendation or narrative); a review counts once however often '
           'the theme recurs in it. Themes praised as good practice are counted apart, below.</p>']
    if not rows:
        return "".join(out) + '<p class="empty">No theme tags in this database.</p></section>'
    shown = list(reversed(rows))  # largest at the top of a horizontal bar chart
    fig = go.Figure(go.Bar(
        orientation="h", x=[r.count for r in shown],
        y=[ctx.theme_name(r.key) for r in shown],
        customdata=[f"t-{_slug(r.key)}" for r in shown], marker_color="#23395d",
        hovertemplate="%{y}: %{x} reviews<extra></extra>"))
    fig.update_layout(height=max(220, 26 * len(rows) + 60), xaxis=dict(title="reviews", dtick=1 if rows[0].count < 10 else None),
                      yaxis=dict(automargin=True))
    out.append(_fig_html(fig, "chart-themes"))
    out.append(_theme_table(rows, ctx, "t"))
    good = theme_counts(con, "good_practice")
    out.append('<h3 id="good-practice">Good practice</h3><p class="note">Reviews praising practice on each '
               'theme (not counted above).</p>')
    if good:
        out.append(_theme_table(good, ctx, "g"))
    else:
        out.append('<p class="empty">No good-practice tags in this database.</p>')
    out.append("</section>")
    return "".join(out)


def _cooccurrence_part(con, ctx: _Ctx) -> str:
    import plotly.graph_objects as go

    codes, matrix, pairs = cooccurrence(con)
    out = ['<section class="part" id="cooccurrence"><h2>3. Theme co-occurrence</h2>',
           '<p class="note">Cell = number of reviews raising both themes as concerns (the diagonal: with the theme). '
           'Click a cell for the reviews.</p>']
    if not codes:
        return "".join(out) + '<p class="empty">No theme tags in this database.</p></section>'
    anchors = [[f"p-{_slug(min(a, b))}-{_slug(max(a, b))}" for b in codes] for a in codes]
    # the count is written into each hover text: Plotly does not fill %{z} inside hovertext
    hover = [[f"{_e(ctx.theme_name(a))}<br>{_e(ctx.theme_name(b))}<br>{matrix[i][j]} review{'s' if matrix[i][j] != 1 else ''}"
              for j, b in enumerate(codes)] for i, a in enumerate(codes)]
    names = [ctx.theme_name(c) for c in codes]
    fig = go.Figure(go.Heatmap(z=matrix, x=names, y=names, customdata=anchors, colorscale="Blues", zmin=0,
                               text=matrix, texttemplate="%{text}", hovertext=hover,
                               hovertemplate="%{hovertext}<extra></extra>", colorbar=dict(title="reviews")))
    side = max(320, 34 * len(codes) + 120)
    fig.update_layout(height=side + 160, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(type="category", side="top", tickangle=-40, automargin=True),
                      yaxis=dict(type="category", autorange="reversed", automargin=True))
    out.append(_fig_html(fig, "chart-cooccurrence"))
    out.append('<details><summary>Reviews behind each pair</summary><table class="evidence"><tr><th>theme</th>'
               '<th>with</th><th>reviews</th><th>which</th></tr>')
    for (a, b), ids in sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f'<tr id="p-{_slug(a)}-{_slug(b)}"><td>{_e(ctx.theme_name(a))}</td>'
                   f'<td>{_e(ctx.theme_name(b) if b != a else "(itself)")}</td>'
                   f'<td class="n">{len(ids)}</td><td>{"; ".join(ctx.review_link(i) for i in ids)}</td></tr>')
    out.append("</table></details></section>")
    return "".join(out)


def _agencies_part(con, ctx: _Ctx) -> str:
    import plotly.graph_objects as go

    rows = agency_types(con)
    out = ['<section class="part" id="agencies"><h2>4. Agencies in findings vs recommendations</h2>',
           '<p class="note">By agency type: findings (criticism, learning, concerns) and good practice whose '
           'section names an agency of the type, and recommendations addressed to it.</p>']
    if not rows:
        return "".join(out) + '<p class="empty">No findings or recommendations in this database.</p></section>'
    from .labels import agency_type_label, agency_types as type_table, is_agency

    plotted = [r for r in rows if is_agency(r.key)]  # "unknown", "other", "no agency named" are not agencies
    apart = [r for r in rows if not is_agency(r.key)]
    xs = [agency_type_label(r.key) for r in plotted]
    fig = go.Figure()
    for key, name, colour in (("findings", "findings", "#c0392b"), ("good_practice", "good practice", "#27ae60"),
                              ("recommendations", "recommendations", "#2c6fbb")):
        fig.add_bar(name=name, x=xs, y=[r.extra[key] for r in plotted], marker_color=colour,
                    customdata=[f"a-{_slug(r.key)}" for r in plotted],
                    hovertemplate=f"%{{x}}: %{{y}} {name}<extra></extra>")
    fig.update_layout(barmode="group", height=380, xaxis=dict(tickangle=-35, automargin=True),
                      yaxis=dict(title="count"), legend=dict(orientation="h", y=1.1))
    out.append(_fig_html(fig, "chart-agencies"))
    if apart:
        notes = "; ".join(f"<b>{_e(agency_type_label(r.key))}</b> ({r.extra['findings']} findings, "
                          f"{r.extra['recommendations']} recommendations): {_e(type_table().get(r.key, {}).get('note', ''))}"
                          for r in apart)
        out.append(f'<p class="note">Not plotted, as they are not agencies: {notes}. They are listed in the table.</p>')
    out.append('<table class="evidence"><tr><th>agency type</th><th>findings</th><th>good practice</th>'
               '<th>recs</th><th>where</th></tr>')
    for r in rows:
        where = []
        for label, key in (("findings", "finding_refs"), ("good practice", "good_refs"), ("recommendations", "rec_refs")):
            if r.extra[key]:
                where.append(f"<div><b>{label}</b></div>{ctx.refs(r.extra[key])}")
        out.append(f'<tr id="a-{_slug(r.key)}"><td>{_e(agency_type_label(r.key))}</td><td class="n">{r.extra["findings"]}</td>'
                   f'<td class="n">{r.extra["good_practice"]}</td><td class="n">{r.extra["recommendations"]}</td>'
                   f'<td>{"".join(where)}</td></tr>')
    out.append("</table></section>")
    return "".join(out)


def _timeline_fig(rid: str, events: list[dict], ctx: _Ctx):
    import plotly.graph_objects as go

    dated = [e for e in events if e["start"] is not None]
    fig = go.Figure()
    by_type: dict[str, list[dict]] = defaultdict(list)
    for e in dated:
        by_type[e["agency_type"]].append(e)
    lanes = list(dict.fromkeys(e["event_type"] for e in dated))
    for atype in sorted(by_type, key=lambda t: (t in (NO_AGENCY, UNKNOWN_TYPE), t)):
        evs = by_type[atype]
        fig.add_bar(
            orientation="h", name=atype, marker_color=ctx.colour(atype),
            y=[e["event_type"] for e in evs],
            base=[e["start"].isoformat() for e in evs],
            # inclusive interval: a one-day event is one day long
            x=[((e["end"] - e["start"]).days + 1) * 86_400_000 for e in evs],
            customdata=[f"e-{_slug(rid)}-{e['event_id']}" for e in evs],
            hovertext=[f"{_e(e['start'])} – {_e(e['end'])}<br>{_e(', '.join(e['agencies']) or NO_AGENCY)}"
                       f"<br>{_e(_cut(e['sentence'], 120))}" for e in evs],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>", legendgroup=atype)
        # a marker at each interval's middle keeps one-day events visible on a years-long axis
        fig.add_scatter(
            mode="markers", name=atype, legendgroup=atype, showlegend=False,
            marker=dict(color=ctx.colour(atype), symbol="diamond", size=9, line=dict(width=1, color="#fff")),
            y=[e["event_type"] for e in evs],
            x=[(e["start"] + (e["end"] - e["start"]) / 2).isoformat() for e in evs],
            customdata=[f"e-{_slug(rid)}-{e['event_id']}" for e in evs], hoverinfo="skip")
    fig.update_layout(barmode="overlay", height=max(200, 34 * len(lanes) + 110),
                      xaxis=dict(type="date", title=None), yaxis=dict(categoryorder="array", categoryarray=lanes[::-1],
                                                                    automargin=True),
                      legend=dict(title="agency type"))
    fig.update_traces(opacity=0.75)
    return fig


def _reviews_part(con, ctx: _Ctx) -> str:
    types = agency_type_map(con)
    out = ['<section class="part" id="reviews"><h2>5. Reviews and their timelines</h2>',
           '<p class="note">Each event is a bar from the earliest to the latest date its text allows, so a vague date '
           '("summer 2010") shows as a long bar; colour is the agency type of the first agency involved. '
           'Click a bar for the event\'s section and page.</p>']
    for n, r in enumerate(ctx.reviews, start=1):
        rid = r["review_id"]
        out.append(f'<h3 id="r-{_slug(rid)}">{n}. {_e(r["title"] or "(untitled)")}</h3>')
        meta = [f"review_id <code>{_e(rid)}</code>", _e(r["review_type"] or "type unknown"),
                f"published {_e(r['published'] or r['published_year'] or 'unknown')}",
                f"{_e(r['page_count'])} pages"]
        if r["partnership"]:
            meta.append(_e(r["partnership"]))
        if r["status"] != "ok":
            meta.append(f"status <b>{_e(r['status'])}</b>")
        out.append(f'<p class="note">{" · ".join(meta)}<br><small>{_e(r["source_path"])}</small></p>')
        events = timeline(con, rid, types)
        if any(e["start"] is not None for e in events):
            out.append(_fig_html(_timeline_fig(rid, events, ctx), f"chart-timeline-{_slug(rid)}", lazy=True))
        else:
            out.append('<p class="empty">No dated events for this review.</p>')
        if events:
            out.append('<details><summary>Events (' + str(len(events)) + ')</summary><table class="evidence">'
                       '<tr><th>#</th><th>from</th><th>to</th><th>type</th><th>agencies</th><th>where</th>'
                       '<th>sentence</th></tr>')
            for e in events:
                out.append(f'<tr id="e-{_slug(rid)}-{e["event_id"]}"><td>{e["event_id"]}</td><td>{_e(e["start"])}</td>'
                           f'<td>{_e(e["end"])}</td><td>{_e(e["event_type"])}</td>'
                           f'<td>{_e(", ".join(e["agencies"]))}</td>'
                           f'<td>{ctx.ref(Ref(rid, e["section_id"], e["page_no"]), with_review=False)}</td>'
                           f'<td>{_e(_cut(e["sentence"], 200))}</td></tr>')
            out.append("</table></details>")
        secs = ctx.section_list.get(rid, [])
        if secs:
            out.append(f'<details><summary>Sections ({len(secs)})</summary><table class="evidence">'
                       '<tr><th>section</th><th>title</th><th>pages</th></tr>')
            for sid, number, title, level, p0, p1 in secs:
                pages = f"p.{p0}" if p0 == p1 else f"pp.{p0}–{p1}"
                indent = "&nbsp;" * 3 * max((level or 1) - 1, 0)
                out.append(f'<tr id="s-{_slug(rid)}-{sid}"><td>{_e(number or "")}</td>'
                           f'<td>{indent}{_e(title)}</td><td>{pages}</td></tr>')
            out.append("</table></details>")
    out.append("</section>")
    return "".join(out)


def build(con, title: str = "Safeguarding reviews: corpus report") -> str:
    """The whole report as one HTML string (plotly.js inlined: no network needed to view it)."""
    from plotly.offline import get_plotlyjs

    ctx = _Ctx(con)
    parts = [_overview_part(con, ctx), _themes_part(con, ctx), _cooccurrence_part(con, ctx),
             _agencies_part(con, ctx), _reviews_part(con, ctx)]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)}</title>"
        f"<style>{CSS}</style><script type=\"text/javascript\">{get_plotlyjs()}</script></head><body>"
        f"<header><h1>{_e(title)}</h1><p>{len(ctx.reviews)} reviews · generated {stamp} · "
        f"scr-extract {PIPELINE_VERSION}</p></header>"
        '<nav><a href="#overview">Overview</a><a href="#themes">Themes</a><a href="#cooccurrence">Co-occurrence</a>'
        '<a href="#agencies">Agencies</a><a href="#reviews">Reviews &amp; timelines</a></nav>'
        f"<main>{''.join(parts)}</main><script>{LOADER_JS}</script></body></html>\n")


def matching_reviews(con, review_type: str | None = None, since: int | None = None, until: int | None = None,
                     theme: str | None = None) -> list[str]:
    """review_ids of the reviews of that type, published since/until (inclusive), raising the theme
    as a concern; a filter left None does not filter."""
    return [r for (r,) in con.execute(
        "SELECT review_id FROM reviews r WHERE (?::VARCHAR IS NULL OR upper(review_type) = upper(?)) "
        "AND (?::INTEGER IS NULL OR published_year >= ?) AND (?::INTEGER IS NULL OR published_year <= ?) "
        "AND (?::VARCHAR IS NULL OR EXISTS (SELECT 1 FROM theme_tags t WHERE t.review_id = r.review_id "
        "AND t.code = upper(?) AND coalesce(t.polarity, 'concern') = 'concern')) ORDER BY review_id",
        [review_type, review_type, since, since, until, until, theme, theme]).fetchall()]


def subset(con, review_type: str | None = None, since: int | None = None, until: int | None = None,
           theme: str | None = None):
    """An in-memory database holding only the reviews that pass the filters (type, published year
    since/until inclusive, a theme code they raise as a concern), every row of theirs, and the
    taxonomy; the views are rebuilt over it, so every count of the report is over the subset."""
    from . import store

    ids = matching_reviews(con, review_type, since, until, theme)
    mem = store.connect(":memory:")
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema = 'main' ORDER BY table_name").fetchall()]
    have = {t for (t,) in mem.execute("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_type = 'BASE TABLE'").fetchall()}
    for table in tables:
        if table not in have or table in ("themes", "agency_types"):
            continue  # the taxonomy is the current one, loaded by store.connect
        cols = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                          "ORDER BY ordinal_position", [table]).fetchall()]
        mine = {c for (c,) in mem.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                                          [table]).fetchall()}
        cols = [c for c in cols if c in mine]
        if "review_id" not in cols:
            continue
        names = ", ".join(f'"{c}"' for c in cols)
        batch = con.sql(f"SELECT {names} FROM {table} WHERE list_contains(?, review_id)", params=[ids]).to_arrow_table()  # noqa: F841
        mem.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM batch")
    return mem


def write(con, out: str | Path, **filters) -> float:
    """Write the report to ``out`` (over the reviews passing ``filters``: see ``subset``); returns the
    seconds it took."""
    t = time.perf_counter()
    wanted = {k: v for k, v in filters.items() if v is not None}
    if wanted:
        con = subset(con, **wanted)
        shown_f = ", ".join(f"{k.replace('review_type', 'type')} {v}" for k, v in wanted.items())
        text = build(con, title=f"Safeguarding reviews: corpus report ({shown_f})")
    else:
        text = build(con)
    Path(out).write_text(text, encoding="utf-8")
    return time.perf_counter() - t
