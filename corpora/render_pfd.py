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


def main(argv: list[str]) -> int:
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 20
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Path("build/pfd")
    for i, row in enumerate(sample_rows(n)):
        layout = "boxed" if i % 2 == 0 else "plain"
        p = render_row(row, out / f"pfd-{i:03d}-{layout}.pdf", layout)
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
