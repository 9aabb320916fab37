"""Generate the fictional sample corpus of safeguarding review PDFs.

    .venv/bin/python corpora/generate.py [--out DIR] [--gold DIR] [--bad DIR] [--only STEM]

* ``--out``  where the sample PDFs go (default corpora/sample/).
* ``--gold`` also write a *draft* gold (sections.json + meta.json per sample) into DIR/<stem>/.
  The committed gold in corpora/gold/ was checked by hand against the PDF text (see corpora/README.md);
  never overwrite it blindly.
* ``--bad``  also write the bad-input fixtures (scanned, cid garbage, encrypted, truncated ...) into DIR.

Everything here is fictional: places (Northshire, Eastbrook, Wexham Vale, Harrowdale ...), people and
agencies are invented. Output is deterministic (reportlab ``invariant=1``, fixed metadata).

Documents are written in a small line-oriented markup (see ``parse``), so that the prose stays readable:

    #1 4 | The Analysis          heading, level 1, number "4" (use "-" for no number)
    N 2.1 | Child C was born ...  numbered paragraph (NOT a heading): number hangs in the margin
    - text                       bullet        * text   bold bullet
    Q text                       indented quotation
    B text                       bold label paragraph (not a heading)
    PAGEBREAK / TOC / TEMPLATE name / SPACE n / FRAMEBREAK
    anything else                body paragraph; [[fn:...]] is a footnote; blank lines separate blocks
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
PAGE_W, PAGE_H = A4

# --------------------------------------------------------------------------------------------- fonts
_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]


def _register_fonts() -> dict[str, str]:
    """Register TrueType families; fall back to reportlab's bundled Vera when DejaVu is absent."""
    from reportlab.lib.fonts import addMapping
    import reportlab

    rl_fonts = Path(reportlab.__file__).parent / "fonts"
    families = {
        "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
        "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    }
    out = {}
    for fam, files in families.items():
        paths = [next((d / f for d in _FONT_DIRS if (d / f).exists()), None) for f in files]
        if not all(paths):
            paths = [rl_fonts / f for f in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")]
        names = [fam, fam + "-Bold", fam + "-Italic", fam + "-BoldItalic"]
        for n, p in zip(names, paths):
            pdfmetrics.registerFont(TTFont(n, str(p)))
        addMapping(fam, 0, 0, names[0])
        addMapping(fam, 1, 0, names[1])
        addMapping(fam, 0, 1, names[2])
        addMapping(fam, 1, 1, names[3])
        out[fam] = fam
    return out


_register_fonts()

BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "DejaVuSans": "DejaVuSans-Bold",
        "DejaVuSerif": "DejaVuSerif-Bold"}
ITALIC = {"Helvetica": "Helvetica-Oblique", "Times-Roman": "Times-Italic", "DejaVuSans": "DejaVuSans-Italic",
          "DejaVuSerif": "DejaVuSerif-Italic"}
BOLDITALIC = {"Helvetica": "Helvetica-BoldOblique", "Times-Roman": "Times-BoldItalic",
              "DejaVuSans": "DejaVuSans-BoldItalic", "DejaVuSerif": "DejaVuSerif-BoldItalic"}

NUMBER_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]

# ---------------------------------------------------------------------------------------- text quirks
SHY_WORDS = {
    "safeguarding": "safe\xadguarding", "professionals": "pro\xadfessionals", "assessment": "assess\xadment",
    "information": "infor\xadmation", "practitioners": "prac\xadtitioners", "relationship": "relation\xadship",
    "accommodation": "accom\xadmodation", "commissioned": "com\xadmissioned", "recommendations": "recom\xadmendations",
    "understanding": "under\xadstanding", "responsibility": "responsi\xadbility", "appointments": "appoint\xadments",
    "neighbourhood": "neighbour\xadhood", "partnership": "partner\xadship", "consideration": "consider\xadation",
    "circumstances": "circum\xadstances", "involvement": "involve\xadment", "opportunities": "oppor\xadtunities",
    "vulnerability": "vulner\xadability", "organisations": "organ\xadisations", "management": "manage\xadment",
}


def _outside_tags(text: str, fn) -> str:
    parts = re.split(r"(<[^>]+>|&[a-z]+;|&#\d+;)", text)
    return "".join(p if (p.startswith("<") or p.startswith("&")) else fn(p) for p in parts)


def apply_quirks(text: str, quirks: set[str]) -> str:
    if "ligatures" in quirks:
        text = _outside_tags(text, lambda s: s.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02"))
    if "shy" in quirks:
        def shy(s):
            return re.sub(r"\b(" + "|".join(SHY_WORDS) + r")\b", lambda m: SHY_WORDS[m.group(1)], s)
        text = _outside_tags(text, shy)
    if "nbsp" in quirks:
        text = _outside_tags(text, lambda s: re.sub(r"\b(Child|Mother|Father|Baby|Adult|Male|Half Sibling) ([A-Z0-9])\b",
                                                    "\\1\xa0\\2", s))
    return text


def xml_escape_amp(text: str) -> str:
    return re.sub(r"&(?![a-zA-Z]+;|#\d+;)", "&amp;", text)


# ------------------------------------------------------------------------------------------- markup
@dataclass
class El:
    kind: str
    text: str = ""
    number: str | None = None
    level: int = 0
    items: list = field(default_factory=list)
    arg: object = None


def parse(src: str) -> list[El]:
    """Parse the document markup into elements (see module docstring)."""
    els: list[El] = []
    blocks = re.split(r"\n\s*\n", src.strip("\n"))
    for block in blocks:
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        first = lines[0]
        if all(ln.startswith(("- ", "* ")) for ln in lines):
            cur = None
            for ln in lines:
                kind = "bullets" if ln.startswith("- ") else "boldbullets"
                if cur is None or cur.kind != kind:
                    cur = El(kind)
                    els.append(cur)
                cur.items.append(ln[2:])
            continue
        joined = " ".join(lines)
        m = re.match(r"^#(\d)\s+(\S+)\s*\|\s*(.*)$", joined)
        if m:
            num = None if m.group(2) == "-" else m.group(2)
            els.append(El("h", m.group(3).strip(), num, int(m.group(1))))
            continue
        m = re.match(r"^N\s+(\S+)\s*\|\s*(.*)$", joined)
        if m:
            els.append(El("np", m.group(2), m.group(1)))
            continue
        m = re.match(r"^(Q|B|SPACE|TEMPLATE|RAW)\s+(.*)$", joined)
        if m:
            els.append(El({"Q": "quote", "B": "label", "SPACE": "space", "TEMPLATE": "template",
                           "RAW": "raw"}[m.group(1)], m.group(2)))
            continue
        if joined in ("PAGEBREAK", "TOC", "FRAMEBREAK"):
            els.append(El(joined.lower()))
            continue
        els.append(El("p", joined))
    return els


# ---------------------------------------------------------------------------------------- flowables
class Heading(Paragraph):
    """A paragraph that records (via afterFlowable) the page it lands on, for gold and the TOC."""

    def __init__(self, text, style, gold_idx, **kw):
        super().__init__(text, style, **kw)
        self._gold_idx = gold_idx


class Band(Flowable):
    """A coloured full-width heading band (brochure style); records its page like Heading."""

    def __init__(self, text, gold_idx, font="DejaVuSans-Bold", size=15, bg=colors.HexColor("#1f5f8b"),
                 fg=colors.white, height=28):
        super().__init__()
        self.text, self._gold_idx, self.font, self.size, self.bg, self.fg, self.h = text, gold_idx, font, size, bg, fg, height

    def wrap(self, aw, ah):
        self.w = aw
        return aw, self.h

    def draw(self):
        c = self.canv
        c.setFillColor(self.bg)
        c.rect(0, 0, self.w, self.h, stroke=0, fill=1)
        c.setFillColor(self.fg)
        c.setFont(self.font, self.size)
        c.drawString(10, (self.h - self.size) / 2 + 3, self.text)


class TOCLine(Flowable):
    """A contents line: text, dot leaders, page number right-aligned."""

    def __init__(self, text, page, font, size, indent=0, bold=False, italic_title=None):
        super().__init__()
        self.text, self.page, self.font, self.size, self.indent = text, str(page), font, size, indent
        self.bold, self.italic_title = bold, italic_title

    def wrap(self, aw, ah):
        self.w = aw
        return aw, self.size * 1.75

    def draw(self):
        c = self.canv
        fn = BOLD.get(self.font, self.font) if self.bold else self.font
        x = self.indent
        c.setFont(fn, self.size)
        if self.italic_title is not None:
            num, title = self.italic_title
            c.drawString(x, 4, num + "  ")
            x += pdfmetrics.stringWidth(num + "  ", fn, self.size)
            ifn = ITALIC.get(self.font, self.font)
            c.setFont(ifn, self.size)
            c.drawString(x, 4, title)
            x += pdfmetrics.stringWidth(title, ifn, self.size)
            c.setFont(fn, self.size)
        else:
            c.drawString(x, 4, self.text)
            x += pdfmetrics.stringWidth(self.text, fn, self.size)
        pw = pdfmetrics.stringWidth(self.page, fn, self.size)
        c.drawRightString(self.w, 4, self.page)
        dot_w = pdfmetrics.stringWidth(".", fn, self.size)
        n = int((self.w - pw - x - 8) / dot_w)
        if n > 2:
            c.drawString(x + 4, 4, "." * n)


class FootnotePara(Flowable):
    """A paragraph carrying footnotes; the footnotes are drawn at the foot of the page it lands on.

    wrap() asks for paragraph + footnote height so the frame only accepts it when both fit; after it is
    placed, the document moves the frame cursor back up and raises the frame bottom (reserving space).
    """

    def __init__(self, para, footnotes, fn_style):
        super().__init__()
        self.para, self.footnotes, self.fn_style = para, footnotes, fn_style
        self.fn_height = 0

    def _fn_paras(self, aw):
        return [Paragraph(f"<super>{n}</super> {t}", self.fn_style) for n, t in self.footnotes]

    def wrap(self, aw, ah):
        w, h = self.para.wrap(aw, ah)
        self.fn_height = 12 + sum(p.wrap(aw, 1000)[1] + 2 for p in self._fn_paras(aw))
        self.ph, self.aw = h, aw
        return w, h + self.fn_height

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def draw(self):
        self.para.drawOn(self.canv, 0, self.fn_height)


# ------------------------------------------------------------------------------------------ styles
def styles(font="Helvetica", size=11, leading=None, align=TA_JUSTIFY, h_sizes=(14, 12, 11, 11), space=8,
           h_colour=colors.black, quirks=frozenset()):
    leading = leading or size * 1.3
    b = BOLD.get(font, font)
    s = {
        "body": ParagraphStyle("body", fontName=font, fontSize=size, leading=leading, alignment=align,
                               spaceAfter=space, embeddedHyphenation=1),
        "fn": ParagraphStyle("fn", fontName=font, fontSize=max(7.5, size - 3), leading=max(9, size - 1.5)),
        "quote": ParagraphStyle("quote", fontName=ITALIC.get(font, font), fontSize=size, leading=leading,
                                leftIndent=1.2 * cm, rightIndent=1.2 * cm, spaceAfter=space, alignment=align),
        "label": ParagraphStyle("label", fontName=b, fontSize=size, leading=leading, spaceAfter=space / 2),
        "bullet": ParagraphStyle("bullet", fontName=font, fontSize=size, leading=leading, leftIndent=1.1 * cm,
                                 bulletIndent=0.45 * cm, spaceAfter=3, alignment=align, bulletFontName="DejaVuSans"),
        "np": ParagraphStyle("np", fontName=font, fontSize=size, leading=leading, leftIndent=1.4 * cm,
                             bulletIndent=0, spaceAfter=space, alignment=align, embeddedHyphenation=1),
    }
    for i, hs in enumerate(h_sizes, start=1):
        s[f"h{i}"] = ParagraphStyle(f"h{i}", fontName=b, fontSize=hs, leading=hs * 1.25, spaceBefore=hs * 0.9,
                                    spaceAfter=hs * 0.5, keepWithNext=1, textColor=h_colour, alignment=TA_LEFT)
    return s


# ------------------------------------------------------------------------------------------ builder
@dataclass
class Spec:
    stem: str
    meta: dict
    src: str
    font: str = "Helvetica"
    size: float = 11
    leading: float | None = None
    align: int = TA_JUSTIFY
    h_sizes: tuple = (14, 12, 11, 11)
    h_colour: object = colors.black
    margins: tuple = (2.5 * cm, 2.5 * cm, 2.5 * cm, 2.5 * cm)  # left, right, top, bottom
    quirks: frozenset = frozenset()
    producer: str = "ReportLab PDF Library - www.reportlab.com"
    creator: str = "Microsoft® Word 2010"
    pdf_title: str = ""
    pdf_author: str = ""
    heading_fmt: object = None  # fn(el) -> markup for the heading paragraph
    heading_bullet: object = None  # fn(el) -> hanging number or None
    toc_fmt: object = None  # fn(el) -> (text, italic_title or None, bold)
    toc_levels: int = 2
    toc_title: str = "Contents"
    furniture: object = None  # fn(canvas, doc, page, total)
    furniture_from: int = 2
    templates: object = None  # fn(doc) -> list[PageTemplate]
    extra: dict = field(default_factory=dict)  # named flowable factories for RAW elements
    band: bool = False  # level-1 headings are Band flowables


class State:
    def __init__(self, pages=None, total=0):
        self.prev_pages = pages or {}
        self.prev_total = total
        self.pages: dict[int, int] = {}
        self.footnotes: dict[int, list] = {}
        self.fn_counter = 0


class Doc(BaseDocTemplate):
    def __init__(self, path, spec: Spec, state: State):
        self.spec, self.state = spec, state
        l, r, t, b = spec.margins
        super().__init__(str(path), pagesize=A4, leftMargin=l, rightMargin=r, topMargin=t, bottomMargin=b,
                         invariant=1, title=spec.pdf_title or spec.meta.get("title") or "",
                         author=spec.pdf_author, creator=spec.creator, producer=spec.producer, subject="")
        if spec.templates:
            self.addPageTemplates(spec.templates(self))
        else:
            frame = Frame(l, b, PAGE_W - l - r, PAGE_H - t - b, id="main", leftPadding=0, rightPadding=0,
                          topPadding=0, bottomPadding=0)
            self.addPageTemplates([PageTemplate("main", [frame], onPage=self._on_page, onPageEnd=self._on_page_end)])

    def handle_frameBegin(self, *a, **k):
        super().handle_frameBegin(*a, **k)
        self.frame._geom()  # undo any footnote reservation from the previous page

    def _on_page(self, canv, doc):
        if self.spec.furniture and self.page >= self.spec.furniture_from:
            canv.saveState()
            self.spec.furniture(canv, self, self.page, self.state.prev_total or 0)
            canv.restoreState()

    def _on_page_end(self, canv, doc):
        fns = self.state.footnotes.get(self.page)
        if not fns:
            return
        st = fns[0][2]
        l = self.leftMargin
        w = self.width
        paras = [Paragraph(f"<super>{n}</super> {t}", st) for n, t, _ in fns]
        hs = [p.wrap(w, 1000)[1] + 2 for p in paras]
        y = self.bottomMargin + sum(hs) + 4
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.line(l, y + 3, l + 5 * cm, y + 3)
        for p, h in zip(paras, hs):
            y -= h
            p.drawOn(canv, l, y + 2)
        canv.restoreState()

    def afterFlowable(self, f):
        idx = getattr(f, "_gold_idx", None)
        if idx is not None and idx not in self.state.pages:
            self.state.pages[idx] = self.page
        if isinstance(f, FootnotePara):
            fh = f.fn_height
            self.frame._y += fh
            self.frame._y1p += fh
            self.state.footnotes.setdefault(self.page, []).extend((n, t, f.fn_style) for n, t in f.footnotes)


def default_heading_fmt(el):
    return f"{el.number}&nbsp;&nbsp;{el.text}" if el.number else el.text


FN_RE = re.compile(r"\[\[fn(?:=(\d+))?:(.*?)\]\]")


def _fn_repl(m, state, fns):
    """[[fn:text]] -> marker with the next number; [[fn=12:text]] -> footnote 12 whose marker is already in the text."""
    state.fn_counter += 1
    n = int(m.group(1)) if m.group(1) else state.fn_counter
    fns.append((n, xml_escape_amp(m.group(2))))
    return "" if m.group(1) else f"<super>{n}</super>"


def make_story(spec: Spec, els: list[El], state: State, st: dict):
    story = []
    q = spec.quirks

    def para_text(t):
        return xml_escape_amp(apply_quirks(t, q))

    def body(t, style):
        fns = []

        t = re.sub(FN_RE, lambda m: _fn_repl(m, state, fns), t)
        p = Paragraph(para_text(t), style)
        return FootnotePara(p, fns, st["fn"]) if fns else p

    for i, el in enumerate(els):
        if el.kind == "h":
            if spec.band and el.level == 1:
                story.append(CondPageBreak(6 * cm))
                story.append(Band(el.text if not el.number else f"{el.number}  {el.text}", i))
                story.append(Spacer(1, 8))
                continue
            text = (spec.heading_fmt or default_heading_fmt)(el)
            bullet = spec.heading_bullet(el) if spec.heading_bullet else None
            style = st[f"h{min(el.level, 4)}"]
            if bullet:
                style = ParagraphStyle("hb", parent=style, leftIndent=1.4 * cm, bulletIndent=0,
                                       bulletFontName=style.fontName, bulletFontSize=style.fontSize)
            story.append(Heading(xml_escape_amp(text), style, i, bulletText=bullet))
        elif el.kind == "p":
            story.append(body(el.text, st["body"]))
        elif el.kind == "np":
            t = el.text
            fns = []

            t = re.sub(FN_RE, lambda m: _fn_repl(m, state, fns), t)
            p = Paragraph(para_text(t), st["np"], bulletText=el.number)
            story.append(FootnotePara(p, fns, st["fn"]) if fns else p)
        elif el.kind in ("bullets", "boldbullets"):
            for it in el.items:
                t = f"<b>{it}</b>" if el.kind == "boldbullets" else it
                if re.match(r"^\(([a-z]|[ivx]+)\) ", it):  # "(a) ..." list items carry their own label
                    m = re.match(r"^(\([a-z]+\)) (.*)$", it)
                    style = ParagraphStyle("bl", parent=st["bullet"], leftIndent=1.1 * cm + (0.8 * cm if "i" in m.group(1)
                                           and m.group(1) != "(a)" else 0), bulletFontName=st["bullet"].fontName)
                    story.append(Paragraph(para_text(m.group(2)), style, bulletText=m.group(1)))
                else:
                    story.append(Paragraph(para_text(t), st["bullet"], bulletText="\u2022"))
            story.append(Spacer(1, 5))
        elif el.kind == "quote":
            story.append(Paragraph(para_text(el.text), st["quote"]))
        elif el.kind == "label":
            story.append(Paragraph(para_text(el.text), st["label"]))
        elif el.kind == "space":
            story.append(Spacer(1, float(el.text)))
        elif el.kind == "pagebreak":
            story.append(PageBreak())
        elif el.kind == "framebreak":
            story.append(FrameBreak())
        elif el.kind == "template":
            story.append(NextPageTemplate(el.text))
        elif el.kind == "raw":
            name, _, arg = el.text.partition(" ")
            story.extend(spec.extra[name](st, state, arg, para_text))
        elif el.kind == "toc":
            story.append(Paragraph(spec.toc_title, st["h1"]))
            for j, h in enumerate(els):
                if h.kind != "h" or h.level > spec.toc_levels or h.arg == "notoc":
                    continue
                text, ital, bold = (spec.toc_fmt or (lambda e: (default_heading_fmt(e).replace("&nbsp;", " "),
                                                                None, e.level == 1)))(h)
                page = state.prev_pages.get(j, 0)
                story.append(TOCLine(text, page, spec.font, spec.size - 0.5, indent=(h.level - 1) * 14, bold=bold,
                                     italic_title=ital))
            story.append(PageBreak())
    return story


def build(spec: Spec, out_dir: Path, els: list[El] | None = None, path: Path | None = None
          ) -> tuple[Path, list[dict], int]:
    path = Path(path) if path else out_dir / f"{spec.stem}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    els = els if els is not None else parse(spec.src)
    st = styles(spec.font, spec.size, spec.leading, spec.align, spec.h_sizes, h_colour=spec.h_colour)
    pages, total = {}, 0
    for _ in range(5):
        state = State(pages, total)
        doc = Doc(path, spec, state)
        doc.build(make_story(spec, els, state, st))
        new_total = doc.page
        if state.pages == pages and new_total == total:
            break
        pages, total = dict(state.pages), new_total
    gold = [{"number": els[i].number, "title": re.sub(r"<[^>]+>", "", els[i].text), "level": els[i].level,
             "page_start": state.pages[i]} for i in sorted(state.pages) if els[i].kind == "h"
            and els[i].arg != "nogold"]
    return path, gold, total


# ------------------------------------------------------------------------------------- furniture
def furniture_factory(header=None, header_align="centre", footer="Page {n} of {m}", footer_align="centre",
                      font="Helvetica", size=9, rule=False, header_font=None, colour=colors.black):
    def draw(c, doc, n, m):
        c.setFillColor(colour)
        if header:
            c.setFont(header_font or font, size)
            y = PAGE_H - doc.topMargin + 0.9 * cm
            if header_align == "centre":
                c.drawCentredString(PAGE_W / 2, y, header)
            elif header_align == "right":
                c.drawRightString(PAGE_W - doc.rightMargin, y, header)
            else:
                c.drawString(doc.leftMargin, y, header)
            if rule:
                c.setLineWidth(0.5)
                c.line(doc.leftMargin, y - 4, PAGE_W - doc.rightMargin, y - 4)
        if footer:
            c.setFont(font, size)
            txt = footer.format(n=n, m=m)
            y = doc.bottomMargin - 1.2 * cm
            if footer_align == "centre":
                c.drawCentredString(PAGE_W / 2, y, txt)
            elif footer_align == "right":
                c.drawRightString(PAGE_W - doc.rightMargin, y, txt)
            else:
                c.drawString(doc.leftMargin, y, txt)
    return draw


DOCS: dict[str, object] = {}


def register(fn):
    DOCS[fn.__name__.replace("_", "-").removeprefix("doc-")] = fn
    return fn


# ==================================================================================== documents ==
# ---- DOCUMENTS ----

def _centre_block(lines, font="Helvetica", space_before=0):
    """lines: (text, size, bold, space_after)"""
    out = [Spacer(1, space_before)]
    for text, size, bold, after in lines:
        out.append(Paragraph(xml_escape_amp(text), ParagraphStyle(
            "c", fontName=BOLD.get(font, font) if bold else font, fontSize=size, leading=size * 1.3,
            alignment=TA_CENTER, spaceAfter=after)))
    return out


def _deposit_sheet(year, board):
    st = ParagraphStyle("dep", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=10)
    box = Table([[Paragraph(
        f"This case review report was deposited in the national case review repository in {year}. "
        "It is made available for the purposes of learning and research. The report is reproduced as it was "
        f"published by {board}; the repository does not edit reports and is not responsible for their content. "
        "Any queries about the case should be addressed to the board that commissioned the review.", st)]],
        colWidths=[15 * cm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 12),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 12),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [Spacer(1, 3 * cm),
            Paragraph("National Case Review Repository", ParagraphStyle("d1", fontName="Helvetica-Bold", fontSize=20,
                                                                      leading=24, spaceAfter=30)),
            box, Spacer(1, 1 * cm),
            Paragraph("Case reviews published before 2018 were held in this repository in the form in which they "
                      "were received. Pages that follow this sheet are those of the original report.", st),
            PageBreak()]


@register
def doc_scr_2014_child_c():
    def hfmt(el):
        if el.level == 1:
            if el.number and el.number.isdigit():
                return f"Section {NUMBER_WORDS[int(el.number)]} – {el.text}"
            if el.number:
                return f"Appendix {el.number} – {el.text}"
            return el.text
        return f"<i>{el.text}</i>" if el.level >= 3 else el.text

    def tocfmt(el):
        if el.level == 1:
            return hfmt(el), None, True
        if el.level >= 3:
            return "", (el.number, el.text), False
        return f"{el.number}  {el.text}", None, False

    def cover(st, state, arg, pt):
        out = _deposit_sheet(2015, "Eastbrook Local Safeguarding Children Board")
        out += _centre_block([
            ("Eastbrook Local Safeguarding Children Board", 16, True, 60),
            ("The Overview Report of the Serious Case Review in respect of Child C", 20, True, 40),
            ("Independent Overview Author: Dr Helen Marwood", 12, False, 8),
            ("Independent Chair of the Serious Case Review Panel: Martin Okafor", 12, False, 40),
            ("Final Version", 12, True, 8),
            ("Published 14th March 2015", 12, False, 8),
        ], space_before=3 * cm)
        out.append(PageBreak())
        return out

    src = r"""
RAW cover

TOC

#1 1 | Introduction

#2 1.1 | Why this review was undertaken

Child C died in hospital in the late autumn of 2013, aged one year and seven months, from a head injury that the treating consultant paediatrician at Eastbrook General Hospital considered to be non-accidental. Mother C and her partner, who is referred to in this report as Male B, were arrested by Northshire Constabulary the following day. Child C had two older half siblings, Half Sibling 1 and Half Sibling 2, who were placed with their maternal grandmother under an interim care order.

On 9th December 2013 the Serious Case Review Sub-Group of Eastbrook Local Safeguarding Children Board (the LSCB) considered the circumstances and recommended to the Independent Chair that the criteria for a serious case review were met. The Chair agreed the recommendation on 16th December 2013 and notified Ofsted and the Department for Education in accordance with Working Together to Safeguard Children 2013.[[fn:HM Government (2013) Working Together to Safeguard Children: a guide to inter-agency working to safeguard and promote the welfare of children, chapter 4.]]

The review was commissioned using the Individual Management Review (IMR) model that the LSCB had used before the publication of Working Together 2013, because the Board judged that the agencies' own analysis of their practice would be necessary to understand why a number of warning signs were not acted upon.

#2 1.2 | Terms of reference

The period under review runs from 1st June 2011, when Mother C first booked with the community midwife during her pregnancy with Child C, until 19th November 2013, the date of Child C's death. Agencies were asked to include any significant information about Mother C and Male B that fell outside that period.

The terms of reference asked each agency to consider:

- whether practitioners understood the daily lived experience of Child C and her half siblings;
- how information about Male B's history of violence was gathered, recorded and shared;
- whether thresholds for referral to Children's Social Care (CSC) were understood and applied consistently;
- the quality of supervision and management oversight of the practitioners involved;
- whether issues of race, culture, language or disability affected the services offered to the family.

#2 1.3 | Methodology and the review panel

#3 1.3.1 | The review panel

A review panel was established and first met on 14th January 2014. It met on six further occasions, the last on 2nd October 2014. The panel was chaired by Martin Okafor, an independent consultant with no connection to any agency in Eastbrook, and comprised senior managers from each of the agencies that had contact with the family, together with the LSCB Business Manager.

#3 1.3.2 | Individual Management Reviews

Eight agencies were asked to provide an Individual Management Review (IMR) and a chronology of their involvement; a further three agencies provided a short report. The agencies are listed in Appendix A. IMR authors were independent of the line management of the practitioners whose work they reviewed. Each IMR was quality assured by the panel and, in four cases, returned to the author for further analysis.

#3 1.3.3 | Family involvement

Mother C was written to in February 2014 and again in the early summer of 2014 once the criminal proceedings had concluded. She agreed to meet the overview author and was seen in prison in August 2014, accompanied by her advocate. Her views are reflected in Section Four. Male B declined to contribute. The maternal grandmother met the author twice and her contribution has been invaluable in understanding the family's history.

#1 2 | Background and family composition

N 2.1 | Child C was born at thirty-six weeks' gestation at Eastbrook General Hospital on 2nd April 2012. Her birth weight was on the ninth centile and she was discharged home with Mother C two days later. Her father, who is referred to as the father, had separated from Mother C before the birth and had no contact with the child.

N 2.2 | Mother C was twenty-three years old when Child C was born. She had two older children, Half Sibling 1, then aged six, and Half Sibling 2, then aged three. Both had been subject to child protection plans in a neighbouring authority in 2009 under the category of neglect; the plans ended when the family moved to Eastbrook in the spring of 2010 and the case was transferred to Eastbrook Children's Social Care (CSC) as a child in need.

N 2.3 | Mother C had herself been looked after by the local authority between the ages of eleven and fifteen. She had a history of low mood, for which the GP prescribed anti-depressants intermittently from 2008 onwards, and she told the midwife at booking that she had used cannabis "to cope" during a previous pregnancy.

N 2.4 | Male B is not the father of any of the children. He began a relationship with Mother C in the late summer of 2012, when Child C was about five months old, and moved into the family home in Wexham Road, Eastbrook, in January 2013. He had convictions for assault occasioning actual bodily harm against a former partner (2008) and for criminal damage (2010), and had been the subject of a Multi-Agency Risk Assessment Conference (MARAC) in Northshire in 2011.

N 2.5 | The family lived in a two-bedroom property let by Eastbrook Homes, a registered social landlord (RSL). The RSL recorded complaints from neighbours about shouting and a "door being kicked" on three occasions in 2013; none were passed to any other agency.

#1 3 | Summary of agency involvement

#2 3.1 | Pregnancy and the first months of Child C's life

N 3.1.1 | The community midwife booked Mother C on 1st June 2011 at about eleven weeks' gestation. The booking record notes "previous CP involvement – children now CIN", but no referral to CSC was made and no pre-birth assessment was considered. The Riverside University Hospitals NHS Foundation Trust IMR accepts that the Trust's own guidance required a referral where previous children had been subject to a plan.

N 3.1.2 | The health visitor carried out the new birth visit on 16/04/12. She recorded that the home was "cluttered but adequate" and that Mother C presented as tired. At the 6–8 week check in early June 2012 the GP noted that Mother C scored highly on the postnatal depression screen and increased her medication. The GP did not inform the health visitor of this change, and the health visitor was not aware of it until the review.

N 3.1.3 | Child C was not brought to two immunisation appointments in the summer of 2012. The practice sent a standard letter on each occasion. The health visitor made an unannounced visit on 3rd September 2012 and saw Child C, who was described as "alert, well handled, no concerns". Male B was present but was not asked his name or his relationship to the family.

#2 3.2 | Contact with Children's Social Care and the Police

N 3.2.1 | On 27th October 2012 Northshire Constabulary attended the address after a neighbour reported a woman screaming. Officers spoke to Mother C and Male B separately; both said that there had been a verbal argument only. A Domestic Abuse, Stalking and Harassment (DASH) risk assessment was completed and graded as standard risk. Because Male B gave a different surname, the check on the Police National Computer did not identify his previous MARAC history. A notification was sent to CSC two weeks later.

N 3.2.2 | CSC received the notification on 12th November 2012. The duty social worker recorded that the children were "already known", noted that the case had been closed in August 2012, and took no further action. The IMR for CSC identifies that the social worker was newly qualified, was covering three duty rotas that week, and did not discuss the notification with her team manager.

N 3.2.3 | In the late winter of 2013 Half Sibling 2's nursery recorded a bruise to her cheek. The nursery manager spoke to Mother C, who said the child had fallen against a table. The explanation was accepted and the concern was logged but not referred. The nursery's own procedure required consultation with the designated safeguarding lead, who was on leave at the time.

N 3.2.4 | Between March 2013 and April 2013 Mother C attended the Emergency Department of Riverside University Hospitals NHS Foundation Trust on two occasions, once with a hand injury said to have happened while cooking and once with Child C, then aged eleven months, with a graze to the forehead. The Trust's electronic system flagged the children as "previous CP". The paediatric liaison health visitor received a notification but it was not followed up because of a backlog that the Trust now acknowledges had built up over the spring of 2013.

#2 3.3 | Events in the autumn of 2013

N 3.3.1 | In early September 2013 Mother C told her GP that she was "not coping" and that her partner "has a temper". The GP recorded "relationship problems – counselling leaflet given". No enquiry was made about the safety of the children. Six weeks later the health visitor attempted to complete Child C's eighteen-month review; two appointments were not attended and the health visitor wrote to Mother C offering a further date in December.

N 3.3.2 | On the evening of 18th November 2013 Male B called an ambulance saying that Child C had fallen from the sofa and was "floppy". Paramedics from the regional ambulance service found Child C unresponsive. She was taken to Eastbrook General Hospital and transferred that night to the regional paediatric intensive care unit, where she died the following day. A strategy discussion was held by the Police and CSC within two hours of her admission, and Half Sibling 1 and Half Sibling 2 were made safe with their grandmother that night.

#1 4 | Analysis

#2 4.1 | Key themes

#3 4.1.1 | The unknown man in the household

Male B was present in the household for at least ten months before Child C died, yet he was not known to any agency as a member of the household. Health practitioners saw him on at least three occasions. None recorded his full name or date of birth. This review found that practitioners saw asking about a new partner as intrusive, and that there was no expectation in Eastbrook's procedures that a new adult in a household with a history of child protection involvement should be identified and checked.[[fn:This pattern is sometimes described in the research literature as the "invisible" or "hidden" man; see the biennial analyses of serious case reviews commissioned by the Department for Education.]]

#3 4.1.2 | The voice and lived experience of the child

Child C was a baby and then a toddler who could not tell anyone what her life was like. Her half siblings could, but no practitioner spoke to them alone during the period under review. When Mother C was seen by the author, she said: "Nobody asked what it was like at home. If they had asked the kids they would have told them." The review considers that the practitioners who did see the children focused on the presentation of the home and of Mother C rather than on the children's experience.

#3 4.1.3 | Information sharing and thresholds

Pieces of information were held by the Police, the GP, the health visitor, the nursery, the RSL and the Emergency Department. No single agency held enough to cross the threshold for a referral on its own. Taken together, the picture was of escalating domestic abuse in a household with a history of neglect. The absence of any mechanism for these pieces to be brought together, other than a referral to CSC, meant that each agency made a proportionate decision on partial information.

#2 4.2 | Good practice

The review found examples of good practice, including:

- the thorough and timely DASH risk assessment completed by the attending officers on 27th October 2012;
- the prompt strategy discussion held on the night Child C was admitted, and the immediate safety planning for her half siblings;
- the candour with which every agency approached its IMR, in particular the Trust and CSC.

#2 4.3 | Learning

The principal learning from this review is that the risk posed to children by a new adult in the household cannot be assessed unless that adult is identified. Single agencies will rarely hold enough information to recognise a pattern of domestic abuse, so the system must be designed to bring information together at a lower threshold than a formal referral.

#1 5 | Recommendations

The following recommendations are made to Eastbrook Local Safeguarding Children Board. Each agency has in addition produced a single agency action plan arising from its IMR; those plans are monitored by the LSCB Performance and Quality Sub-Group.

#2 5.1 | Recommendation One

Eastbrook LSCB should require all partner agencies to ensure that practitioners identify every adult living in, or frequently present in, a household where a child is known to them, and that:

* the name, date of birth and relationship of any new partner are recorded;
* health and early years practitioners know how to request a check through the Multi-Agency Safeguarding Hub (MASH);
* compliance is audited by each agency within twelve months.

#2 5.2 | Recommendation Two

Eastbrook LSCB should seek assurance from Northshire Constabulary and Children's Social Care that domestic abuse notifications involving children are screened jointly, and that:

* previous MARAC involvement of either adult is checked against all known names;
* notifications concerning families with a previous child protection plan are discussed with a manager before a decision of no further action.

#2 5.3 | Recommendation Three

Riverside University Hospitals NHS Foundation Trust should report to the LSCB within six months on the steps it has taken to eliminate the backlog of paediatric liaison notifications, and on the monitoring now in place.

#2 5.4 | Recommendation Four

Eastbrook LSCB should disseminate the learning from this review through multi-agency training on the "unknown man", professional curiosity and the child's lived experience, and should evaluate the impact of that training by the end of 2015.

#1 6 | Conclusion

Child C's death was not predictable on the information available to any single agency. It might, however, have been preventable had the pieces of information held across Eastbrook been brought together and had Male B been identified, checked and assessed. The review panel is satisfied that agencies have already acted on much of the learning: the MASH went live in Eastbrook in September 2014, and the Trust has cleared its backlog of notifications.

The panel wishes to thank Mother C and the maternal grandmother for their contribution, and the practitioners who spoke openly about their work with the family at a time that was distressing for them.

#1 A | Agencies that provided Individual Management Reviews

The following agencies provided an IMR and a chronology:

- Eastbrook Children's Social Care (CSC)
- Northshire Constabulary
- Riverside University Hospitals NHS Foundation Trust (the Trust), including the Emergency Department and maternity services
- Eastbrook Community Health Services (health visiting)
- Northshire Clinical Commissioning Group, on behalf of the GP practice
- Eastbrook Homes (registered social landlord)
- Little Acorns Day Nursery
- Northshire Probation Trust

The following agencies provided a short report: the regional ambulance service; Eastbrook Education Welfare Service; Northshire Family Court Advisory Service.

#1 B | Glossary

- CSC – Children's Social Care
- DASH – Domestic Abuse, Stalking and Harassment risk assessment
- IMR – Individual Management Review
- LSCB – Local Safeguarding Children Board
- MARAC – Multi-Agency Risk Assessment Conference
- MASH – Multi-Agency Safeguarding Hub
- RSL – Registered Social Landlord
"""
    return Spec(
        stem="scr-2014-child-c",
        meta={"title": "The Overview Report of the Serious Case Review in respect of Child C", "subject": "Child C",
              "partnership": "Eastbrook Local Safeguarding Children Board", "author": "Dr Helen Marwood",
              "published": "2015-03-14", "published_year": 2015, "review_type": "SCR"},
        src=src, font="Helvetica", size=11, h_sizes=(14, 12, 11, 11), heading_fmt=hfmt,
        heading_bullet=lambda el: el.number if el.level >= 2 else None, toc_fmt=tocfmt, toc_levels=3,
        furniture=furniture_factory(header="Serious Case Review – Child C – Final – Restricted",
                                    footer="Page {n} of {m}", size=9, rule=True),
        furniture_from=3, extra={"cover": cover}, creator="Microsoft® Word 2010", producer="Microsoft® Word 2010",
        pdf_author="hmarwood")


# ---- BAD INPUTS ----

def write_bad(d):
    raise NotImplementedError


# ---- MAIN ----
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "sample")
    ap.add_argument("--gold", type=Path, default=None, help="write draft gold here (check it by hand!)")
    ap.add_argument("--bad", type=Path, default=None, help="write bad-input fixtures here")
    ap.add_argument("--only", default=None)
    a = ap.parse_args(argv)
    for stem, fn in DOCS.items():
        if a.only and stem != a.only:
            continue
        spec = fn()
        path, gold, total = build(spec, a.out)
        print(f"{path}  pages={total}  headings={len(gold)}")
        if a.gold:
            d = a.gold / stem
            d.mkdir(parents=True, exist_ok=True)
            (d / "sections.json").write_text(json.dumps({"sections": gold}, indent=1, ensure_ascii=False) + "\n")
            (d / "meta.json").write_text(json.dumps(spec.meta, indent=1, ensure_ascii=False) + "\n")
    if a.bad:
        write_bad(a.bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
