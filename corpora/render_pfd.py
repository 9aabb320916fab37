"""Render rows of the real coroners' reports (../shared/corpora/pfd_reports/pfd_reports.csv) as
Regulation 28 report PDFs, so the pipeline can be measured on real prose with known answers.

    .venv/bin/python corpora/render_pfd.py [--n N] [--out build/pfd]

The row's own boxes (3 inquest, 4 circumstances, 5 concerns) are set in the layout of the official
template: numbered, ruled boxes ("boxed") or bold numbered headings without rules ("plain"), with the
statutory preamble of box 5 (read from the blank template in ../shared) before the coroner's text, and the recipients from the row's
``receiver``. The known answer for box 5 is ``extract.units.concern_items`` on the row's text.

The PDFs are derived copies of shared material: build/ is git-ignored and they are never committed.
Tests call ``render_row(row, path, layout)`` and skip where ../shared is absent.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle  # noqa: E402

import generate as g  # noqa: E402

TEMPLATE = Path("corpora/pdf/PFD_Template.pdf")  # the blank official form, in ../shared


@functools.lru_cache(maxsize=4)
def preamble(shared: Path | None = None) -> tuple[str, str]:
    """Box 5's statutory preamble and its lead-in ("The MATTERS OF CONCERN are as follows"), read
    from the official blank template in ../shared rather than copied into the repository."""
    import pdfplumber

    from extract import SHARED_DIR
    with pdfplumber.open((shared or SHARED_DIR) / TEMPLATE) as pdf:
        text = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    m = re.search(r"CONCERNS\s+(During the course.*?\.)\s+(The MATTERS OF CONCERN are as follows)", text)
    if not m:
        raise ValueError(f"{TEMPLATE}: box 5 preamble not found")
    return m.group(1), m.group(2) + ":"
# a paragraph the document markup would read as a directive
_MARKUP = re.compile(r"^(?:#\d|N\s+\S+\s*\||(?:Q|B|SPACE|TEMPLATE|RAW)\s|PAGEBREAK$|TOC$|FRAMEBREAK$|[-*]\s)")


def _paras(text: str) -> list[str]:
    """One paragraph per line of the row's text (the CSV keeps a logical line per item)."""
    out = []
    for ln in (text or "").splitlines():
        ln = " ".join(ln.split())
        if ln:
            out.append(("\u2009" + ln) if _MARKUP.match(ln) else ln)
    return out


def recipients(receiver: str) -> list[str]:
    parts = re.split(r"\s*(?:;|\n|\s\|\s)\s*", receiver or "")
    return [p.strip(" ,.") for p in parts if p.strip(" ,.")]


def spec_for(row: dict, layout: str = "boxed", stem: str = "pfd") -> g.Spec:
    boxes = [("1", "CORONER", [f"I am {row.get('coroner') or 'the coroner'}, coroner for the coroner area of "
                                f"{row.get('area') or 'the area'}."]),
             ("2", "CORONER'S LEGAL POWERS", ["I make this report under paragraph 7, Schedule 5, of the Coroners "
                                               "and Justice Act 2009 and Regulations 28 and 29 of the Coroners "
                                               "(Investigations) Regulations 2013."]),
             ("3", "INVESTIGATION and INQUEST", _paras(row.get("investigation")) or ["Not stated."]),
             ("4", "CIRCUMSTANCES OF THE DEATH", _paras(row.get("circumstances")) or ["Not stated."]),
             ("5", "CORONER'S CONCERNS", list(preamble()) + _paras(row.get("concerns"))),
             ("6", "ACTION SHOULD BE TAKEN", ["In my opinion action should be taken to prevent future deaths and I "
                                               "believe you have the power to take such action."]),
             ("7", "YOUR RESPONSE", ["You are under a duty to respond to this report within 56 days of the date "
                                      "of this report."]),
             ("8", "COPIES and PUBLICATION", ["I have sent a copy of my report to the Chief Coroner."])]
    lines = ["RAW title", ""]
    for num, title, paras in boxes:
        lines += [f"#1 {num} | {title}", ""]
        for p in paras:
            lines += [p, ""]
    src = "\n".join(lines)
    sent = recipients(row.get("receiver", ""))

    def title(st, state, arg, pt):
        big = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=TA_CENTER)
        cell = ParagraphStyle("c", fontName="Helvetica", fontSize=11, leading=15)
        bold = ParagraphStyle("cb", parent=cell, fontName="Helvetica-Bold")
        body = [Paragraph("THIS REPORT IS BEING SENT TO:", bold)] + [
            Paragraph(pt(f"{i}. {x}"), cell) for i, x in enumerate(sent, 1)]
        t = Table([[Paragraph("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", big)], [body]],
                  colWidths=[g.PAGE_W - 5.6 * cm])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        return [t, Spacer(1, 12)]

    hook = g.pfd_box_hook if layout == "boxed" else None

    return g.Spec(
        stem=stem, meta={"review_type": "PFD", "published": row.get("date")}, src=src, font="Helvetica",
        size=11, leading=15, align=TA_LEFT, h_sizes=(12, 12, 12, 12),
        heading_fmt=(lambda el: el.text) if layout == "boxed" else (lambda el: f"{el.number}. {el.text}"),
        margins=(2.6 * cm, 2.6 * cm, 2.2 * cm, 2.4 * cm), hook=hook,
        furniture=g.furniture_factory(footer="{n}", size=9), furniture_from=1, extra={"title": title},
        creator="Microsoft® Word for Microsoft 365", producer="Microsoft® Word for Microsoft 365",
        pdf_title=f"Prevention of future deaths report {row.get('id', '')}")


def render_row(row: dict, path: Path, layout: str = "boxed") -> Path:
    spec = spec_for(row, layout, stem=Path(path).stem)
    out, _gold, _pages = g.build(spec, Path(path).parent, path=Path(path))
    return out


def sample_rows(n: int, seed: int = 28) -> list[dict]:
    """A seeded sample of rows with a non-empty concerns box, half suicide, half road."""
    import random

    from extract.theme_corpus import _pfd_rows
    from extract import SHARED_DIR
    rows = [r for r in _pfd_rows(SHARED_DIR) if r["concerns"].strip()]
    rnd = random.Random(seed)
    by = {"suicide": [r for r in rows if r["source"] == "suicide"], "road": [r for r in rows if r["source"] == "road"]}
    pick = rnd.sample(by["suicide"], n // 2) + rnd.sample(by["road"], n - n // 2)
    return pick


# ------------------------------------------------------------------------------- the layout set
#
# Real producers set the same form in many ways. Each Layout is one such way; ``render_layout`` sets a
# row in it and returns the known answers: the box headings and the physical page each landed on (from
# the generator), and the row's published date, coroner, area and recipients (from the CSV).

@dataclass(frozen=True)
class Layout:
    name: str
    boxes: str = "rows"  # rows: the official form (number column, heading over text); grid: number |
    #                      heading | text in a ruled three-column table; plain: "1. CORONER"; bare: "1 CORONER"
    letter: bool = False  # US Letter instead of A4
    footer: str | None = "{n}"  # "{n}", "Page {n} of {m}" or None
    header: str | None = None  # a running header
    straight: bool = False  # straight quotes everywhere (else curly, as Word sets them)
    recipients: str = "numbered"  # numbered | inline | people (a named person before each) | addressed
    date_fmt: str = "ordinal"  # ordinal (12th May 2022) | long (12 May 2022) | slash (12/05/2022) | dots (12.05.22)
    date_label: str = ""  # printed before the date in box 9 ("Dated: ", "Date: ")
    font: str = "Helvetica"  # the body's face and size
    size: float = 11


LAYOUTS = (
    Layout("official"),
    Layout("grid", boxes="grid", footer="Page {n} of {m}", straight=True, recipients="addressed", date_fmt="slash",
           date_label="Date: "),
    Layout("plain-letter", boxes="plain", letter=True, footer="Page {n} of {m}", recipients="inline", date_fmt="long"),
    Layout("bare-header", boxes="bare", footer=None, header="OFFICIAL", straight=True, date_fmt="dots"),
    Layout("grid-letter", boxes="grid", letter=True, recipients="people", date_fmt="long", date_label="Dated: "),
    Layout("rows-addressed", footer="Page {n} of {m}", straight=True, recipients="addressed"),
)

# Layouts added later and measured once before any rule was changed for them (the "new layouts" set of
# make eval), so that the project keeps a measure of layouts it was not tuned on.
NEW_LAYOUTS = (
    Layout("serif-annex", boxes="plain", font="Times-Roman", size=12, header="ANNEX A",
           footer="Regulation 28 report, page {n}", recipients="bullets", date_fmt="ordinal", date_label="Signed: "),
    Layout("serif-bare-letter", boxes="bare", letter=True, font="Times-Roman", footer="{n}", straight=True,
           recipients="people", date_fmt="slash"),
)

# invented people and places (nothing here names a real person or address)
_PEOPLE = ("Mrs A. Harlow", "Dr. P. R. Okafor", "Mr Daniel Fenwick", "Ms K Marchetti", "Professor L. Brandt",
           "Sir Colin Mabey", "Dr Ruth Ellery-Jones", "Mr T. J. Wardle")
_STREETS = ("39 Lindley Street", "Unit 4, Kestrel Park", "2 Mortimer Road", "Westgate House, 118 Canal Way",
            "Floor 3, 71 Ashby Lane", "14 Priory Close")
_TOWNS = ("Wexham WX1 4QT", "Eastbrook EB2 9LP", "Harrowdale HD7 1AZ", "Kingsmere KM3 6RD")
_ROLES = ("Senior Coroner", "Assistant Coroner", "Area Coroner")
_CURLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _date_text(iso: str, fmt: str) -> str:
    from datetime import date as _date
    d = _date.fromisoformat(iso)
    month = d.strftime("%B")
    if fmt == "ordinal":
        suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        return f"{d.day}{suffix} {month} {d.year}"
    if fmt == "long":
        return f"{d.day} {month} {d.year}"
    if fmt == "slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"


class GridRow(g.BoxRow):
    """A row of the three-column form: number | heading (wrapped in its own column) | text."""

    HEAD_W = 4.3 * cm

    def __init__(self, inner, number=None, head=None, top=False, bottom=False, gold_idx=None, **kw):
        super().__init__(inner, number, top, bottom, gold_idx, **kw)
        self.head = head

    def _text_w(self, aw):
        return aw - self.NUM_W - self.HEAD_W - 3 * self.PAD

    def wrap(self, aw, ah):
        self.aw = aw
        w, h = self.inner.wrap(self._text_w(aw), ah)
        hh = self.head.wrap(self.HEAD_W - 2 * self.PAD, ah)[1] if self.head else 0
        self.ih, self.hh = h, hh
        self.h = max(h, hh) + self.pt + self.pb + self.inner.getSpaceAfter()
        return aw, self.h

    def split(self, aw, ah):
        parts = self.inner.split(self._text_w(aw), ah - self.pt - self.pb - self.inner.getSpaceAfter() - 6)
        if len(parts) < 2:
            return []
        first = GridRow(parts[0], self.number, self.head, self.top, False, self._gold_idx, font=self.font,
                        size=self.size, pad_top=self.pt, pad_bottom=2)
        rest = [GridRow(p, None, None, True, self.bottom and i == len(parts) - 2, None, font=self.font,
                        size=self.size, pad_top=4, pad_bottom=self.pb) for i, p in enumerate(parts[1:])]
        first.keepWithNext = 0
        return [first] + rest

    def draw(self):
        c = self.canv
        c.setLineWidth(0.6)
        x2 = self.NUM_W + self.HEAD_W
        for x in (0, self.NUM_W, x2, self.aw):
            c.line(x, 0, x, self.h)
        if self.top:
            c.line(0, self.h, self.aw, self.h)
        if self.bottom:
            c.line(0, 0, self.aw, 0)
        if self.number:
            c.setFont(self.font, self.size)
            c.drawString(self.PAD + 2, self.h - self.pt - self.size, self.number)
        if self.head:
            self.head.drawOn(c, self.NUM_W + self.PAD, self.h - self.pt - self.hh)
        self.inner.drawOn(c, x2 + self.PAD, self.h - self.pt - self.ih)


def _grid_hook():
    """Spec.hook for the three-column form: a heading waits for its box's first paragraph, beside it."""
    pending = {}

    def hook(fls, el, idx):
        if el.kind in ("raw", "pagebreak", "template", "toc"):
            return fls
        out = []
        for f in fls:
            if isinstance(f, Spacer):
                continue
            if el.kind == "h":
                pending.update(head=f, number=el.number, idx=idx)
            elif pending:
                out.append(GridRow(f, pending["number"], pending["head"], top=True, gold_idx=pending["idx"]))
                pending.clear()
            else:
                out.append(GridRow(f, bottom=el.arg == "last"))
        return out
    return hook


def render_layout(row: dict, path: Path, layout: Layout, seed: int = 0) -> dict:
    """Render ``row`` in ``layout`` at ``path``; returns the gold (sections, meta, recipients)."""
    import random

    from reportlab.lib.pagesizes import A4, LETTER

    rnd = random.Random(f"{seed}:{row.get('id')}:{layout.name}")
    role = rnd.choice(_ROLES)
    quote = (lambda t: t.translate(_CURLY)) if layout.straight else (lambda t: t.replace("'", "\u2019"))
    coroner, area = row.get("coroner") or "", row.get("area") or ""
    row = {**row, **{k: quote(row.get(k) or "") for k in ("investigation", "circumstances", "concerns")}}
    spec = spec_for(row, "boxed", stem=Path(path).stem)
    sent = recipients(row.get("receiver", ""))
    names = rnd.sample(_PEOPLE, min(len(sent), len(_PEOPLE))) + list(_PEOPLE) * 3

    src = spec.src.replace("CORONER'S", quote("CORONER'S"))
    box1 = f"I am {coroner or 'the coroner'}, {role} for the coroner area of {area or 'the area'}."
    src = re.sub(r"(?m)^I am .*? coroner area of .*$", lambda m: box1, src, count=1)
    src += "\nRAW sig\n"

    def title(st, state, arg, pt):
        big = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=TA_CENTER)
        cell = ParagraphStyle("c", fontName="Helvetica", fontSize=11, leading=15)
        bold = ParagraphStyle("cb", parent=cell, fontName="Helvetica-Bold")
        lead = Paragraph(quote("THIS REPORT IS BEING SENT TO:"), bold)
        if layout.recipients == "inline":
            body = [Paragraph(pt(quote("THIS REPORT IS BEING SENT TO: ") + "; ".join(sent)), cell)]
        elif layout.recipients == "bullets":
            body = [lead] + [Paragraph(pt(f"\u2022 {x}"), cell) for x in sent]
        else:
            body = [lead]
            for i, x in enumerate(sent, 1):
                who = f"{names[i - 1]}, " if layout.recipients in ("people", "addressed") else ""
                body.append(Paragraph(pt(f"{i}. {who}{x}"), cell))
                if layout.recipients == "addressed":
                    body.append(Paragraph(pt(rnd.choice(_STREETS)), cell))
                    body.append(Paragraph(pt(rnd.choice(_TOWNS)), cell))
        t = Table([[Paragraph("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", big)], [body]],
                  colWidths=[pagesize[0] - 5.2 * cm])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        return [t, Spacer(1, 12)]

    def sig(st, state, arg, pt):
        cell = ParagraphStyle("c", fontName="Helvetica", fontSize=11, leading=15)
        when = layout.date_label + _date_text(row["date"], layout.date_fmt)
        who = f"{coroner}<br/>{role} for {area}"
        if layout.boxes in ("rows", "grid"):
            t = Table([["9", Paragraph(pt(when), cell), Paragraph(pt(who), cell)]],
                      colWidths=[g.BoxRow.NUM_W, 5 * cm, pagesize[0] - 5.2 * cm - g.BoxRow.NUM_W - 5 * cm])
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                   ("FONT", (0, 0), (0, 0), "Helvetica-Bold", 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
            return [Spacer(1, 8), t]
        return [Spacer(1, 14), Paragraph(pt(f"9 {when}"), cell), Spacer(1, 18), Paragraph(pt("Signed"), cell),
                Spacer(1, 8), Paragraph(pt(who), cell)]

    pagesize = LETTER if layout.letter else A4
    fmt = {"rows": lambda el: el.text, "grid": lambda el: el.text,
           "plain": lambda el: f"{el.number}. {el.text}", "bare": lambda el: f"{el.number} {el.text}"}[layout.boxes]
    hook = {"rows": g.pfd_box_hook, "grid": _grid_hook()}.get(layout.boxes)
    from dataclasses import replace
    spec = replace(spec, src=src, heading_fmt=fmt, hook=hook, pagesize=pagesize, font=layout.font, size=layout.size,
                   furniture=g.furniture_factory(header=layout.header, footer=layout.footer, size=9)
                   if (layout.footer or layout.header) else None,
                   extra={"title": title, "sig": sig})
    out, heads, _pages = g.build(spec, Path(path).parent, path=Path(path))
    for h in heads:
        h["title"] = quote(h["title"])
    return {"layout": layout.name, "id": row.get("id"), "sections": heads,
            "meta": {"review_type": "PFD", "published": row.get("date"), "published_year": int(row["date"][:4]),
                     "coroner": coroner or None, "coroner_area": area or None},
            "recipients": sent, "people": names[:len(sent)] if layout.recipients in ("people", "addressed") else []}


def build_layout_set(out: Path, per_layout: int = 6, seed: int = 13, layouts: tuple = LAYOUTS) -> list[tuple[Path, dict]]:
    """``per_layout`` rows in each of LAYOUTS (a different seeded sample per layout), with gold beside
    each PDF as ``<stem>.gold.json``. Rows need a date, a coroner, an area and recipients."""
    import json
    import random

    from extract import SHARED_DIR
    from extract.theme_corpus import _pfd_rows
    rows = [r for r in _pfd_rows(SHARED_DIR)
            if r.get("date") and r.get("coroner") and r.get("area") and recipients(r.get("receiver", ""))
            and r["concerns"].strip()]
    rnd = random.Random(seed)
    picked = rnd.sample(rows, per_layout * len(layouts))
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for k, layout in enumerate(layouts):
        for j, row in enumerate(picked[k * per_layout:(k + 1) * per_layout]):
            path = out / f"pfd-{layout.name}-{j:02d}.pdf"
            gold = render_layout(row, path, layout, seed)
            path.with_suffix(".gold.json").write_text(json.dumps(gold, indent=1))
            made.append((path, gold))
    return made


def scan_pdf(src: Path, out: Path, seed: int = 0, dpi: int = 200) -> Path:
    """An image-only copy of ``src``, as a flatbed scan of the printed report gives it: each page
    rasterised in grey at ``dpi``, turned by a small random angle (under a degree), with sensor noise
    and a slight blur. No text layer: only OCR can read it."""
    import random

    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rnd = random.Random(seed)
    noise = np.random.default_rng(seed)
    pages = []
    pdf = pdfium.PdfDocument(str(src))
    try:
        for i in range(len(pdf)):
            im = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            im = im.rotate(rnd.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=255)
            a = np.asarray(im).astype(np.int16) + noise.normal(0, 12, (im.height, im.width))
            pages.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)))
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out


def build_scan_set(made: list[tuple[Path, dict]], out: Path, per_layout: int = 2) -> list[tuple[Path, dict]]:
    """The first ``per_layout`` reports of each layout of the layout set, scanned (``scan_pdf``); the
    gold is the source's, its layout named ``scan-<layout>``."""
    import json

    taken: dict[str, int] = {}
    scans = []
    for k, (path, gold) in enumerate(made):
        if taken.get(gold["layout"], 0) >= per_layout:
            continue
        taken[gold["layout"]] = taken.get(gold["layout"], 0) + 1
        dest = out / f"scan-{path.name}"
        scan_pdf(path, dest, seed=k)
        gold = dict(gold, layout=f"scan-{gold['layout']}")
        dest.with_suffix(".gold.json").write_text(json.dumps(gold, indent=1))
        scans.append((dest, gold))
    return scans


def main(argv: list[str]) -> int:
    if "--layouts" in argv:  # the layout set (make pfd-layouts)
        out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Path("build/pfd_layouts")
        made = build_layout_set(out)
        if "--scans" in argv:
            made += build_scan_set(made, out / "scans")
        made += build_layout_set(out / "new", seed=29, layouts=NEW_LAYOUTS)
        for path, _gold in made:
            print(path)
        return 0
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 20
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Path("build/pfd")
    for i, row in enumerate(sample_rows(n)):
        layout = "boxed" if i % 2 == 0 else "plain"
        p = render_row(row, out / f"pfd-{i:03d}-{layout}.pdf", layout)
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
