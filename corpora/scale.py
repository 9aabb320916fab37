"""Scale corpus for load tests: N realistic fictional review PDFs, a share of them broken.

    python corpora/scale.py --n 200 --out build/scale [--seed 7] [--pages-max 150]

Styles vary by file (review type, fonts and sizes, numbered or unnumbered
headings, running header and footer forms, footnotes, a two-column share, a
ruled recommendations table); lengths run from 2 to --pages-max pages. About
5% of files are broken the ways real collections are (truncated, zero bytes,
not a PDF under a .pdf name). Deterministic for a given seed. Nothing here is
committed: the files go to build/ (git-ignored).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table,
                                TableStyle)

PLACES = ["Northshire", "Eastbrook", "Wexham Vale", "Harrowdale", "Kingsmere", "Ashford Fields", "Calder Bridge",
          "Thornbury", "Lowmoor", "Riverside"]
TYPES = [
    ("SCR", "Serious Case Review concerning {subj}", "{place} Local Safeguarding Children Board"),
    ("LCSPR", "Local Child Safeguarding Practice Review: {subj}", "{place} Safeguarding Children Partnership"),
    ("DHR", "Domestic Homicide Review into the death of '{name}'", "{place} Community Safety Partnership"),
    ("SAR", "Safeguarding Adults Review: '{name}'", "{place} Safeguarding Adults Board"),
]
NAMES = ["Sarah", "William", "Anna", "Joseph", "Grace", "Thomas", "Leah", "Daniel"]
AGENCIES = ["{place} Constabulary", "Children's Social Care", "the health visitor", "the GP practice",
            "{place} University Hospitals NHS Foundation Trust", "the community midwife",
            "the Probation Service", "the school's designated safeguarding lead", "the housing officer",
            "the Emergency Department", "the substance misuse service", "CAMHS", "the Early Help team"]
PEOPLE = ["Mother {l}", "Male {m}", "the father", "Child {l}", "Half Sibling 2", "the maternal grandmother"]
WHEN = ["In early summer {y}", "In the late autumn of {y}", "On 14th March {y}", "In mid-{mo} {y}",
        "The following day", "Two weeks later", "Towards the end of {y}", "In the spring of {y}",
        "At fourteen weeks", "When Child {l} was aged two years and ten months", "Later that month",
        "On {d}/0{mo_n}/{yy}", "Between March {y} and April {y}"]
ACTS = ["{agency} received a referral about {person} but the case was closed with no further action",
        "{agency} visited the home and noted that the home conditions were poor",
        "{person} did not attend an appointment with {agency} and this was not followed up",
        "{agency} shared information with {agency2} about {person}, but it was not recorded",
        "{person} told {agency} that there had been an argument and the police had been called",
        "{agency} completed an assessment which did not consider the history of domestic abuse",
        "{person} was seen by {agency}; no concerns were recorded about the care of the children",
        "{agency} made a referral to {agency2}, which did not meet the threshold for a strategy discussion"]
ANALYSIS = ["Professionals took the account of {person} at face value and did not explore it further.",
            "There was no evidence that information held by {agency} was shared with {agency2}.",
            "The voice of the child was not heard; the child was not seen alone.",
            "The review found that thresholds were applied to single incidents rather than to the cumulative picture.",
            "Good practice was seen in the response of {agency}, which escalated its concerns promptly.",
            "Supervision records show that managers did not challenge the plan."]
HEADS = ["Introduction", "Terms of reference", "Methodology", "Family involvement", "Background",
         "Chronology", "Key practice episodes", "Analysis", "Findings", "Good practice", "Conclusions",
         "Recommendations", "Glossary"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _fill(rng: random.Random, template: str, ctx: dict) -> str:
    y = rng.randint(2008, 2021)
    mo_n = rng.randint(1, 9)
    agency, agency2 = rng.sample(AGENCIES, 2)
    vals = dict(ctx, y=y, yy=str(y)[2:], mo=MONTHS[mo_n - 1], mo_n=mo_n, d=rng.randint(10, 28),
                agency=agency.format(**ctx), agency2=agency2.format(**ctx),
                person=rng.choice(PEOPLE).format(**ctx))
    return template.format(**vals)


def _paragraph(rng: random.Random, ctx: dict, narrative: bool) -> str:
    n = rng.randint(2, 5)
    sents = []
    for _ in range(n):
        if narrative:
            s = _fill(rng, rng.choice(WHEN), ctx) + " " + _fill(rng, rng.choice(ACTS), ctx) + "."
        else:
            s = _fill(rng, rng.choice(ANALYSIS), ctx)
        sents.append(s[0].upper() + s[1:])
    return " ".join(sents)


def build(path: Path, rng: random.Random, pages_target: int) -> None:
    rtype, title_t, part_t = rng.choice(TYPES)
    place = rng.choice(PLACES)
    letter = rng.choice("ABCDFGHKLMNPQRSTW")
    name = rng.choice(NAMES)
    ctx = dict(place=place, l=letter, m=rng.choice("BCDEFGJK"))
    subj = f"Child {letter}"
    title = title_t.format(subj=subj, name=name)
    partnership = part_t.format(place=place)
    font = rng.choice([("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold")])
    size = rng.choice([10, 10.5, 11, 12])
    numbered = rng.random() < 0.6
    two_col = rng.random() < 0.15
    header = rng.choice([f"{title} – Final – OFFICIAL SENSITIVE", "OFFICIAL – SENSITIVE", None])
    footer = rng.choice(["Page {n} of {total}", "{n}", "- {n} -", f"{place} – {rtype} – Page {{n}}"])

    body = ParagraphStyle("b", fontName=font[0], fontSize=size, leading=size * 1.25, alignment=TA_JUSTIFY,
                          spaceAfter=size * 0.6)
    h1 = ParagraphStyle("h1", fontName=font[1], fontSize=size + 4, leading=(size + 4) * 1.2, spaceBefore=8,
                        spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=font[1], fontSize=size + 1.5, leading=(size + 2) * 1.2, spaceBefore=6,
                        spaceAfter=4)
    cover = ParagraphStyle("c", fontName=font[1], fontSize=24, leading=30)

    story = [Paragraph(partnership, h2), Spacer(1, 2 * cm), Paragraph(title, cover), Spacer(1, cm),
             Paragraph(f"Independent author: Dr {rng.choice(['Helen', 'Mark', 'Priya', 'John'])} "
                       f"{rng.choice(['Marwood', 'Ellis', 'Shah', 'Okafor'])}", body),
             Paragraph(f"Published {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2012, 2024)}", body),
             PageBreak()]
    # roughly 11 short paragraphs a page at these sizes
    n_paras = max(3, int((pages_target - 1) * (11 if not two_col else 16)))
    per_head = max(2, n_paras // len(HEADS))
    para = 0
    for i, head in enumerate(HEADS, start=1):
        story.append(Paragraph(f"{i}. {head}" if numbered else head, h1))
        for k in range(per_head):
            if numbered and k % 3 == 0 and head not in ("Glossary",):
                story.append(Paragraph(f"{i}.{k // 3 + 1} {rng.choice(['Context', 'What happened', 'Practice', 'Learning'])}", h2))
            narrative = head in ("Chronology", "Key practice episodes", "Background")
            text = _paragraph(rng, ctx, narrative)
            if numbered:
                text = f"{i}.{k + 1} {text}" if rng.random() < 0.3 else text
            story.append(Paragraph(text, body))
            para += 1
        if head == "Recommendations":
            rows = [["Recommendation", "Action", "Lead agency", "Target date"]]
            for r in range(rng.randint(3, 9)):
                rows.append([Paragraph(f"{r + 1}. The partnership should ensure that practitioners understand "
                                       f"the learning about {rng.choice(['was not brought', 'invisible men', 'thresholds'])}.", body),
                             Paragraph("Audit and training", body), rng.choice(AGENCIES).format(**ctx)[:30],
                             f"{rng.choice(MONTHS)} {rng.randint(2019, 2025)}"])
            t = Table(rows, colWidths=[6 * cm, 4 * cm, 4 * cm, 2.5 * cm], repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONTNAME", (0, 0), (-1, 0), font[1]), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)

    def decorate(canvas, doc):
        canvas.saveState()
        n = canvas.getPageNumber()
        if n > 1:
            canvas.setFont(font[0], 8)
            if header:
                canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header)
            canvas.drawCentredString(A4[0] / 2, 1.2 * cm, footer.format(n=n, total="##"))
        canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1, title=title, author=partnership)
    w, h = A4[0] - 4 * cm, A4[1] - 5 * cm
    frames = ([Frame(2 * cm, 2.5 * cm, w / 2 - 0.4 * cm, h, id="l"), Frame(2 * cm + w / 2 + 0.4 * cm, 2.5 * cm,
                                                                            w / 2 - 0.4 * cm, h, id="r")]
              if two_col else [Frame(2 * cm, 2.5 * cm, w, h, id="f")])
    doc.addPageTemplates([PageTemplate(id="p", frames=frames, onPage=decorate)])
    doc.build(story)


def generate(n: int, out: Path, seed: int = 7, pages_max: int = 150, broken_share: float = 0.05) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        # most reviews are 10-60 pages; a long tail runs to pages_max
        pages = min(pages_max, max(2, int(rng.lognormvariate(3.0, 0.7))))
        path = out / f"review-{i:05d}.pdf"
        build(path, rng, pages)
        r = rng.random()
        if r < broken_share / 3:
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])  # truncated download
        elif r < 2 * broken_share / 3:
            path.write_bytes(b"")
        elif r < broken_share:
            path.write_text("<html><body>Review withdrawn</body></html>")  # an error page saved as .pdf
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--out", type=Path, default=Path("build/scale"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pages-max", type=int, default=150)
    a = ap.parse_args()
    paths = generate(a.n, a.out, a.seed, a.pages_max)
    print(f"wrote {len(paths)} files to {a.out}")


if __name__ == "__main__":
    main()
