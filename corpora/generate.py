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
    anything else                body paragraph; [[fn:...]] is a footnote (numbered in order; [[fn=12:...]]
                                 attaches footnote 12 whose marker is already in the text); blank lines
                                 separate blocks

One sample (scr-2017-young-person-f) is instead written with python-docx and converted by LibreOffice
(``soffice --headless``); without those tools it is skipped and the committed PDF is kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
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
    if "curly" in quirks:
        def curly(s):
            s = re.sub(r'"(\S[^"]*?)"', "\u201c\\1\u201d", s)
            return re.sub(r"(\w)'(\w)", "\\1\u2019\\2", s)
        text = _outside_tags(text, curly)
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
    heading_font: str | None = None  # headings in a different face from the body
    hook: object = None  # fn(flowables, el, idx) -> flowables: restyle what an element produced (PFD boxes)
    pagesize: tuple = A4


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
        super().__init__(str(path), pagesize=spec.pagesize, leftMargin=l, rightMargin=r, topMargin=t, bottomMargin=b,
                         invariant=1, title=spec.pdf_title or spec.meta.get("title") or "",
                         author=spec.pdf_author, creator=spec.creator, producer=spec.producer, subject="")
        if spec.templates:
            self.addPageTemplates(spec.templates(self))
        else:
            pw, ph = spec.pagesize
            frame = Frame(l, b, pw - l - r, ph - t - b, id="main", leftPadding=0, rightPadding=0,
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
        n0 = len(story)
        _element(spec, el, i, els, story, state, st, body, para_text)
        if spec.hook:
            story[n0:] = spec.hook(story[n0:], el, i)
    return story


def _element(spec, el, i, els, story, state, st, body, para_text):
    if True:
        if el.kind == "h":
            if spec.band and el.level == 1:
                story.append(CondPageBreak(6 * cm))
                story.append(Band(el.text if not el.number else f"{el.number}  {el.text}", i))
                story.append(Spacer(1, 8))
                return
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


def build(spec: Spec, out_dir: Path, els: list[El] | None = None, path: Path | None = None
          ) -> tuple[Path, list[dict], int]:
    path = Path(path) if path else out_dir / f"{spec.stem}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    els = els if els is not None else parse(spec.src)
    st = styles(spec.font, spec.size, spec.leading, spec.align, spec.h_sizes, h_colour=spec.h_colour)
    if spec.heading_font:
        for k in ("h1", "h2", "h3", "h4"):
            st[k].fontName = spec.heading_font
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
        PAGE_W, PAGE_H = doc.pagesize  # noqa: N806 (A4 unless the spec says otherwise)
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
@register
def doc_lcspr_2021_child_q():
    def hfmt(el):
        if el.level == 2 and el.number:
            return f"Finding {el.number}: {el.text}"
        return el.text

    def cover(st, state, arg, pt):
        out = [Spacer(1, 2.5 * cm)]
        out += _centre_block([
            ("Northshire Safeguarding Children Partnership", 15, True, 70),
            ("Local Child Safeguarding Practice Review: Child Q", 22, True, 50),
            ("Independent reviewer: Joanna Latimer", 12, False, 8),
            ("Review commissioned: 12th October 2020", 12, False, 8),
            ("Published 28 July 2021", 12, False, 60),
        ], font="DejaVuSans")
        out.append(Paragraph(pt("This review has been written so that it can be published. The names of the children "
                                "and the adults in the family have been replaced by letters, and dates have been "
                                "given as seasons where an exact date could identify the family."),
                             ParagraphStyle("cvn", fontName="DejaVuSans-Italic", fontSize=10, leading=13,
                                            alignment=TA_CENTER)))
        out.append(PageBreak())
        return out

    src = r"""
RAW cover

#1 - | Introduction

This Local Child Safeguarding Practice Review (LCSPR) concerns Child Q, a girl who was aged five years and four months when she was admitted to Northshire Children's Hospital in the late summer of 2020 with severe malnutrition, untreated dental abscesses and a healing fracture of the left forearm for which no medical help had been sought. She has since been cared for by foster carers and is making good progress.

Northshire Safeguarding Children Partnership (the Partnership) received a serious incident notification from Northshire County Council on 2nd September 2020. A rapid review was held on 16th September 2020, within the fifteen working days required by Working Together to Safeguard Children 2018. The rapid review concluded that the case raised significant concerns about the way agencies had worked together, and the safeguarding partners agreed to commission an LCSPR. The Child Safeguarding Practice Review Panel agreed with that decision on 1st October 2020.

The Partnership's three safeguarding partners are Northshire County Council, Northshire Constabulary and NHS Northshire Clinical Commissioning Group (the CCG). The review was overseen by a panel of senior managers from those agencies and from education, housing and health providers, which met five times between October 2020 and April 2021.

#1 - | The review process

The review used a systems approach. Agencies provided chronologies of their involvement from the first antenatal booking in the autumn of 2014 until the admission to hospital. Eleven practitioners and six managers took part in two practitioner events held online in January 2021, because of restrictions arising from COVID-19. The reviewer also met individually with the class teacher, the health visitor and the allocated social worker.

The reviewer spoke to Mother Q by telephone on two occasions in February 2021 and to the maternal grandmother in person. The father of Child Q, referred to in this report as Father Q, did not respond to letters. Child Q's views were gathered, with the help of her foster carer and her social worker, through drawings and a short conversation about what helps her to feel safe.

The key lines of enquiry were:

- How well did practitioners understand what daily life was like for Child Q?
- How effective was the response to missed health appointments and to concerns about neglect?
- What was the impact of the COVID-19 lockdown in the spring of 2020 on the visibility of the child?
- How well did agencies share information and escalate concerns when they disagreed?

#1 - | Child Q and her family

Child Q lived with Mother Q and her two younger half siblings, Half Sibling 1 (born in 2017) and Half Sibling 2 (born in 2019), in a privately rented house in Eastbrook. Father Q separated from Mother Q when Child Q was about eighteen months old; he had sporadic contact until the end of 2018 and none after that. Mother Q has a mild learning difficulty and a long history of anxiety. She told the reviewer that she found it difficult to ask for help because she was "frightened they would take the kids".

The maternal grandmother lived in Wexham Vale and visited every few weeks until her own health deteriorated in 2019. She told the reviewer that she had been worried about the state of the house and about how thin Child Q looked, but "didn't know who to tell".

#1 - | Summary of key events

#2 - | Pregnancy and early childhood: 2014 to 2017

Mother Q booked late with the community midwife, at twenty-two weeks, in the autumn of 2014. The booking notes record her learning difficulty and anxiety but no referral to the specialist perinatal mental health team was made. Child Q was born at term in the spring of 2015. The health visitor completed the new birth visit at fourteen days and assessed the family as needing the universal service.

Over the next two years Child Q was not brought to five of nine health appointments, including two immunisation appointments and the one-year review. The health visiting team sent letters after each missed appointment, in line with its procedure at that time. At the two-year review, completed at home in early summer 2017, the health visitor recorded that Child Q's weight had fallen from the 50th to the 9th centile and referred her to the GP. The GP saw Child Q eleven days later and advised a food diary; there was no follow-up appointment.

#2 - | Starting school: 2019 to early 2020

Child Q started in the reception class at St Aidan's Church of England Primary School in September 2019. The class teacher noticed within the first fortnight that she was hungry, that she took food from other children's lunch boxes, and that she often wore the same clothes for a week. The school's designated safeguarding lead (DSL) spoke to Mother Q, who said the family was struggling financially, and the school provided breakfast club places and a food parcel.

On 14th November 2019 the DSL made a referral to the Northshire Children's Front Door. The referral described hunger, poor hygiene and dental decay. It was screened as not meeting the threshold for a statutory assessment and was passed to the Early Help service. An Early Help practitioner visited twice in December 2019 and began an Early Help Assessment; Mother Q cancelled the third visit. By late February 2020 the Early Help plan had not been reviewed, and the case was closed on 20/03/20 with the note "family not engaging – lockdown".

#2 - | Lockdown and the summer of 2020

When schools closed to most pupils on 23rd March 2020, Child Q was not identified as vulnerable because she was not open to Children's Social Care. The school made weekly welfare telephone calls to Mother Q. Between April and June 2020 eight of thirteen calls went unanswered. On the calls that were answered Mother Q said that everyone was "fine". Nobody saw Child Q between 20th March and 27th August 2020, a period of more than five months.

On 27th August 2020 the maternal grandmother visited for the first time since the spring. She found Child Q lying on a mattress, very thin and unable to use her left arm. She called an ambulance. Paramedics from the ambulance service noted "significant concerns for neglect" and Child Q was admitted. A strategy discussion took place the following day and Child Q and her half siblings were placed in foster care under police protection, followed by interim care orders.

#1 - | Findings

#2 1 | Children who are not brought to health appointments are at risk of becoming invisible

Child Q was not brought to more than half of her health appointments in her first two years. Each missed appointment was followed by a standard letter. No agency counted them, and no practitioner described them as a safeguarding concern. The health visiting service has since introduced a Was Not Brought policy, but the review found that GP practices in Northshire do not yet code missed child appointments consistently, which means the pattern is not visible when the child is seen for something else.

The significance of faltering growth was not recognised. A fall from the 50th to the 9th centile in a child with a history of missed appointments, living with a parent with a learning difficulty, should have prompted a holistic assessment rather than a food diary.

B Questions for the partnership

- How will the partnership know that missed appointments for children are being recognised as a possible indicator of neglect across all GP practices?
- What assurance can health partners give that faltering growth is routinely considered alongside other information?

#2 2 | Thresholds were applied to single referrals rather than to the cumulative picture

The referral from school in November 2019 described hunger, poor hygiene and dental decay. Screened on its own, it was reasonable to direct the family to Early Help. However, the Front Door did not request information from the health visiting service or the GP, both of which held information about missed appointments and faltering growth. Had that information been gathered, the threshold for an assessment under section 17 of the Children Act 1989 would, in the reviewer's view, have been met.

B Questions for the partnership

- Is the Front Door resourced to gather information from health partners before a threshold decision is made on a neglect referral?
- How does the Graded Care Profile 2 (GCP2) tool inform decisions at the point of referral?

#2 3 | Early Help was closed when the family withdrew, without anyone asking why

The Early Help practitioner was working with eighteen families at the time, against a recommended maximum of twelve. Mother Q's cancellation was recorded as non-engagement. Given her learning difficulty and her anxiety, the cancellation might have been understood as fear rather than refusal. The practitioner did not discuss the closure with the school, which continued to believe that Early Help was involved.

B Questions for the partnership

- When Early Help is closed for non-engagement, how are the referrer and the other practitioners informed?
- What reasonable adjustments are made for parents with learning difficulties?

#2 4 | During lockdown, children not known to social care were not seen

The national guidance in the spring of 2020 rightly asked schools to prioritise children with a social worker. Child Q had no social worker and so was not on any list of vulnerable children, although the school knew enough to be worried about her. Unanswered welfare calls were recorded but were not escalated. The school said that it did not know who to escalate to once Early Help had closed the case.

B Questions for the partnership

- How will the partnership ensure that children who are known to be vulnerable, but not open to social care, are seen during any future period of restricted services?

#2 5 | Family members were not asked what they knew

The maternal grandmother had significant information about the conditions in the home and was worried about Child Q. No practitioner spoke to her. The review heard that practitioners were uncertain whether they could contact wider family without the mother's consent.

B Questions for the partnership

- Do practitioners understand when information can be shared, and sought, without consent in order to safeguard a child?

#1 - | What Child Q told us

Child Q, who is now six, drew a picture of her foster home with "a big fridge". She told her social worker that at her old house she was "hungry lots" and that her arm "hurt for ages and ages". She said that she liked school because "Miss gives me toast". Asked who she could talk to if she was worried, she named her foster carer and her teacher.

Child Q's words are a reminder that the most important information about her daily life was available to practitioners who saw her every day, and that hunger and pain were part of that daily life for a long time. The review heard from the class teacher that she had felt "completely on my own with it" once Early Help had closed, and that she did not know that she could raise her worry directly with the Front Door a second time.

#1 - | Good practice

The review identified good practice that the Partnership should recognise. The class teacher was observant and acted quickly on what she saw. The DSL's referral was clear and detailed. The ambulance crew's recording on 27th August 2020 was exemplary and led directly to the strategy discussion, which was timely and well attended. Since the review began, Northshire County Council has reduced Early Help caseloads and introduced a closure protocol.

#1 - | Recommendations

N 1 | The Partnership should seek assurance from the CCG that all GP practices in Northshire record and review children who were not brought to appointments, and report on compliance within six months.

N 2 | Northshire County Council should ensure that the Children's Front Door gathers information from health visiting and primary care before a threshold decision is made on any referral that raises concerns about neglect.

N 3 | The Partnership should launch the revised Neglect Strategy, including mandatory use of the Graded Care Profile 2 where neglect is suspected, and evaluate its use through a multi-agency audit by March 2022.

N 4 | Northshire County Council should confirm that Early Help cases are not closed for non-engagement without a discussion with the referrer and a management decision that considers the reasons for withdrawal.

N 5 | The Partnership should agree a protocol for identifying and seeing vulnerable children who are not open to Children's Social Care in any future period of restricted services.

N 6 | The Partnership should provide guidance and training for practitioners on speaking to wider family members, and on sharing information without consent, in line with the Information Sharing Advice for Practitioners (2018).

#1 - | Glossary

- CCG – Clinical Commissioning Group
- DSL – Designated Safeguarding Lead (in a school)
- GCP2 – Graded Care Profile 2, a tool for assessing neglect
- LCSPR – Local Child Safeguarding Practice Review
- Front Door – the single point of contact for referrals to Children's Social Care in Northshire
- Was Not Brought – a policy that treats a child's missed appointment as the responsibility of the adult who should have brought them
"""
    return Spec(
        stem="lcspr-2021-child-q",
        meta={"title": "Local Child Safeguarding Practice Review: Child Q", "subject": "Child Q",
              "partnership": "Northshire Safeguarding Children Partnership", "author": "Joanna Latimer",
              "published": "2021-07-28", "published_year": 2021, "review_type": "LCSPR"},
        src=src, font="DejaVuSans", size=10.5, leading=15, align=TA_LEFT, h_sizes=(15, 12.5, 11, 11),
        h_colour=colors.HexColor("#2b3a67"), heading_fmt=hfmt, quirks=frozenset({"ligatures", "nbsp", "curly"}),
        margins=(2.2 * cm, 2.2 * cm, 2.6 * cm, 2.4 * cm),
        furniture=furniture_factory(header="OFFICIAL – SENSITIVE", footer="{n}", font="DejaVuSans", size=9.5),
        furniture_from=2, extra={"cover": cover}, creator="Microsoft® Word for Microsoft 365",
        producer="Microsoft® Word for Microsoft 365", pdf_author="NSCP Business Unit")
@register
def doc_dhr_2019_sarah():
    def cover(st, state, arg, pt):
        out = _centre_block([
            ("OFFICIAL", 11, True, 90),
            ("Wexham Vale Community Safety Partnership", 16, True, 50),
            ("Domestic Homicide Review into the death of 'Sarah'", 22, True, 24),
            ("who died in February 2017", 14, False, 70),
            ("Overview Report", 16, True, 40),
            ("Independent Chair and Author: Robert Faulkner", 12, False, 10),
            ("Final report – June 2019", 12, False, 10),
        ], font="Times-Roman", space_before=2 * cm)
        out.append(PageBreak())
        return out

    def rectable(st, state, arg, pt):
        rows = [
            ("1", "The CSP should seek assurance that all agencies ask about domestic abuse routinely when an adult "
                  "presents with injuries or low mood.", "Audit of routine enquiry in primary care and the ED; "
                  "refresher training for reception and triage staff.", "Northshire CCG; Riverside University "
                  "Hospitals NHS Foundation Trust", "March 2020"),
            ("2", "Northshire Constabulary should ensure that DASH risk assessments take account of the history of "
                  "the perpetrator and not only the current incident.", "Update DASH guidance; supervisory check "
                  "of all standard-risk assessments where the perpetrator has previous domestic abuse history.",
             "Northshire Constabulary", "December 2019"),
            ("3", "The MARAC steering group should review how repeat referrals are identified when a victim has "
                  "moved between local authority areas.", "Introduce a cross-border repeat check with the "
                  "neighbouring MARACs; report to the CSP.", "Wexham Vale MARAC Steering Group", "December 2019"),
            ("4", "Wexham Vale Borough Council Housing Options should make a referral to specialist domestic abuse "
                  "services whenever domestic abuse is disclosed in a homelessness application.", "Amend the "
                  "housing assessment form; agree a referral pathway with WVDAS.", "Wexham Vale Borough Council",
             "September 2019"),
            ("5", "Agencies working with perpetrators should share information about new relationships with the "
                  "police and MARAC.", "Probation and the substance misuse service to include a prompt on new "
                  "partners in supervision and key-work records.", "National Probation Service; Northshire "
                  "Recovery Partnership", "March 2020"),
            ("6", "The CSP should promote awareness among friends, family and employers of how to seek help "
                  "for someone experiencing domestic abuse.", "A 'Sarah's Story' campaign developed with Sarah's "
                  "family; employer toolkit; information in GP waiting rooms.", "Wexham Vale Community Safety "
                  "Partnership", "February 2020"),
            ("7", "The IDVA service should follow up all victims who decline support at the first contact, "
                  "at least twice, using a safe method agreed with the victim.", "Revise IDVA contact policy; "
                  "monitor through quarterly performance reports.", "Wexham Vale Domestic Abuse Service", "June 2019"),
            ("8", "The CSP should send this report to the Home Office and share the learning with neighbouring "
                  "partnerships.", "Publication and a regional learning event.", "Wexham Vale Community Safety "
                  "Partnership", "On publication"),
        ]
        cs = ParagraphStyle("tc", fontName="Times-Roman", fontSize=10, leading=12)
        hs = ParagraphStyle("th", fontName="Times-Bold", fontSize=10, leading=12)
        data = [[Paragraph(h, hs) for h in ("No.", "Recommendation", "Action", "Lead agency", "Target date")]]
        data += [[Paragraph(pt(c), cs) for c in r] for r in rows]
        t = Table(data, colWidths=[1.1 * cm, 5.6 * cm, 4.9 * cm, 3.2 * cm, 2.1 * cm], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9d9d9")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [t]

    src = r"""
RAW cover

TOC

#1 - | Introduction

N 1 | This report of a Domestic Homicide Review (DHR) examines the responses of agencies to Sarah, a resident of Wexham Vale, before her death in February 2017. Sarah was thirty-four years old. She was killed at her home by her partner, referred to in this report as Mark.

N 2 | Sarah's family chose the pseudonym. The review panel offers its sincere condolences to Sarah's family, and in particular to her two children, Child A, then aged nine, and Child B, then aged four, and to her mother and sister, who contributed to this review with great courage.

N 3 | On the evening of 11th February 2017 Northshire Constabulary received a call from a neighbour reporting screaming at Sarah's address. Officers forced entry and found Sarah with multiple stab wounds. She was pronounced dead at the scene. Mark was arrested nearby the same evening.

N 4 | In November 2017 Mark was convicted of Sarah's murder at Northshire Crown Court and was sentenced to life imprisonment with a minimum term of twenty-two years.

N 5 | The purpose of a DHR is set out in the Multi-Agency Statutory Guidance for the Conduct of Domestic Homicide Reviews (Home Office, 2016). It is to establish what lessons are to be learned regarding the way in which professionals and organisations work individually and together to safeguard victims, to apply those lessons, and to prevent domestic violence homicide.

#1 - | Timescales

N 6 | Northshire Constabulary notified Wexham Vale Community Safety Partnership (the CSP) of Sarah's death on 20th February 2017. The chair of the CSP decided on 8th March 2017 that the criteria for a DHR were met, and the Home Office was informed on 10th March 2017.

N 7 | The review panel first met on 4th May 2017. It met on a further six occasions, the last on 18th October 2018. The review was paused between June and November 2017 at the request of the Senior Investigating Officer so as not to prejudice the criminal trial.

N 8 | The overview report was agreed by the panel in October 2018, presented to the CSP in December 2018, and submitted to the Home Office Quality Assurance Panel. This final version incorporates the Panel's comments and was approved for publication in June 2019.

#1 - | Terms of Reference

N 9 | The panel agreed that the review would cover the period from 1st January 2013, when Sarah and Mark are believed to have met, until Sarah's death. Agencies were asked to include any relevant information about Mark's previous relationships.

N 10 | The key lines of enquiry were:

- What did agencies know about domestic abuse in the relationship, and how did they respond?
- Were risk assessments completed and were they accurate?
- Was information shared appropriately, including through the MARAC?
- Were there barriers that made it difficult for Sarah to seek help?
- How did agencies respond to Mark's use of alcohol and drugs and his history of violence?
- Were the needs of the children considered?

N 11 | The panel considered equality and diversity throughout. Sarah was a white British woman. She had a long-term back condition which limited her mobility at times. No other protected characteristic was thought to be relevant, although the panel considered whether Sarah's disability affected her ability to leave.

#1 - | Methodology

N 12 | Agencies that had contact with Sarah or Mark were asked to check their records. Eleven agencies responded. Seven were asked to complete an Individual Management Review (IMR) and four provided a short summary report.

N 13 | The IMR authors were independent of any direct management of the case. The chair met each author to discuss the analysis and requested further information from three agencies.

N 14 | The chair met Sarah's mother and sister on four occasions, and spoke to a close friend and to Sarah's manager at work. Mark was written to in prison; he agreed to be interviewed and was seen in August 2018.

N 15 | The panel comprised representatives of the agencies below, together with an independent chair, who has no connection with any agency in Wexham Vale:

- Northshire Constabulary
- Wexham Vale Borough Council (Housing Options and Community Safety)
- Northshire County Council Children's Social Care
- NHS Northshire Clinical Commissioning Group (for primary care)
- Riverside University Hospitals NHS Foundation Trust
- National Probation Service and Northshire Community Rehabilitation Company
- Northshire Recovery Partnership (adult substance misuse)
- Wexham Vale Domestic Abuse Service (WVDAS), including the IDVA service

#1 - | Involvement of family, friends and colleagues

N 16 | Sarah's mother described her as "the kindest person you could meet, always looking after everybody else". Her sister said that Sarah was funny and determined and that she loved her job as a teaching assistant.

N 17 | The family told the chair that they had seen bruises on Sarah on several occasions in 2016. Sarah always had an explanation. Her sister said: "We knew, really, but she would stop talking to us if we pushed."

N 18 | Sarah's friend said that Mark checked Sarah's phone, decided what she wore and stopped her going out with colleagues. She described the relationship as "like living with a bomb".

N 19 | Sarah's manager said that Sarah had a number of unexplained absences in the autumn of 2016 and once came to work with a black eye, which she said was the result of a fall. The school did not have a workplace domestic abuse policy at that time.

N 20 | The family asked the review to consider why Sarah was not told about Mark's history when she was first assaulted, and whether the police could have done more after the incident in December 2016. Both questions are addressed in the analysis.

#1 - | Background information

N 21 | Sarah grew up in Wexham Vale and lived there all her life. She had Child A with a previous partner, from whom she separated amicably in 2010. Child B is the child of Sarah and Mark.

N 22 | Mark was thirty-eight. He had a history of violence against two previous partners. In 2009 he was convicted of assault occasioning actual bodily harm against a former partner in Harrowdale, and in 2011 he was the subject of a non-molestation order. He was referred to the Harrowdale MARAC in 2011.

N 23 | Mark had used alcohol heavily since his teens and used cocaine intermittently. He had been referred to substance misuse services on three occasions and had not completed any programme.

#1 - | Chronology

#2 - | 2013 to 2015

N 24 | Sarah and Mark met in early 2013 and Mark moved into Sarah's rented flat in the late summer of that year. There is no agency contact relating to the relationship before the birth of Child B in the spring of 2014.

N 25 | The midwife asked Sarah about domestic abuse at booking, in line with the Trust's policy, and Sarah said there was none. Mark attended most of the antenatal appointments and Sarah was not seen alone after the booking appointment.

N 26 | On 16/07/14 Sarah attended the Emergency Department with a cut to her forehead. She said that she had walked into a kitchen cupboard. The triage nurse recorded "? DA – denies". No referral was made and the GP was not informed of the query.

N 27 | In the autumn of 2014 the health visitor completed the new birth visit and a six-to-eight-week review. On both occasions Mark was present. The health visitor noted that he "answered most questions for mum". She planned to see Sarah alone at the next contact, which did not take place because the family moved.

N 28 | In January 2015 Sarah applied to Wexham Vale Borough Council Housing Options as homeless, saying that the landlord was selling the flat. She mentioned on the application form that she "needed to get away from a bad situation". This was not explored. The family was rehoused by a registered social landlord (RSL) two months later.

N 29 | Between March 2015 and December 2015 there was no agency contact of significance. Sarah's family recall that Sarah saw them less during this period and that Mark often answered her phone.

#2 - | 2016

N 30 | On 3rd March 2016 Sarah attended her GP with low mood and back pain. The GP prescribed an antidepressant and analgesia. There is no record that Sarah was asked about her relationship, although the GP record contained the ED attendance from 2014.

N 31 | On 22nd May 2016 a neighbour called the police after hearing shouting and a child crying. Officers attended and spoke to Sarah and Mark together and then separately. Sarah said they had argued about money. She had a red mark on her neck that she said was caused by a necklace.

N 32 | The officers completed a DASH risk assessment, which was graded as standard risk. Sarah answered "no" to most questions. The officers did not check Mark's history in Harrowdale, which would have shown his previous conviction and MARAC referral. A notification was sent to Children's Social Care the following day.

N 33 | Children's Social Care received the notification on 23rd May 2016. It was reviewed by a social worker in the Multi-Agency Safeguarding Hub (MASH) and sent to the school and the health visitor for information. No further action was taken.

N 34 | In the late summer of 2016 Mark was arrested for a drink-driving offence and was later sentenced to a community order with an alcohol treatment requirement. The pre-sentence report recorded that he lived with "his partner and two children". No domestic abuse enquiries were made with the police.

N 35 | Mark attended four of nine appointments with Northshire Recovery Partnership between September and November 2016. His key worker recorded that he said he was "under pressure at home" and that "the missus winds me up". This was not recognised as a possible indicator of domestic abuse.

N 36 | On 12th October 2016 Sarah's manager noticed bruising on Sarah's arms. Sarah said that she had fallen on the stairs. The manager did not record the conversation.

N 37 | On the night of 9th December 2016 Sarah called the police herself, saying that Mark had hit her and that she was frightened. Officers attended within twelve minutes. Sarah had a swollen eye and bruising to her arms. Mark had left the address.

N 38 | The officers completed a DASH risk assessment which was graded as medium risk. The reviewing officer in the Domestic Abuse Unit noted Mark's previous conviction and upgraded the risk to high. A referral was made to the MARAC and to the IDVA service the following day.

N 39 | Mark was arrested two days later. He denied the assault and was released on bail with a condition not to contact Sarah or attend her address. The Crown Prosecution Service authorised a charge of assault by beating on 14th December 2016.

N 40 | The IDVA telephoned Sarah on 12th December 2016. Sarah said that she had support from her family and did not want the IDVA service. The IDVA made one further unsuccessful attempt to call and closed the case on 19th December 2016.

N 41 | The case was heard at the Wexham Vale MARAC on 21st December 2016. The actions agreed were a marker on the address, a referral to the health visitor and school, and a request that the IDVA re-contact Sarah. The IDVA case had already been closed and the action was not completed.

#2 - | January and February 2017

N 42 | In early January 2017 Sarah told the police officer in charge of the case that she did not want to support a prosecution. She said that Mark had "got help" and that they were "working things out". A statement of withdrawal was taken.

N 43 | The case against Mark was discontinued on 18th January 2017. The police informed Sarah. The bail conditions ended. No reassessment of risk was completed.

N 44 | Mark returned to live with Sarah later that month. His probation officer was told by Mark that he had "moved back home". The probation officer did not inform the police or check whether there was a MARAC involvement.

N 45 | On 2nd February 2017 Sarah saw her GP. She was tearful and said that she was not sleeping. The GP increased her antidepressant. The GP had received the MARAC notification in December but did not raise the subject of domestic abuse because Mark was in the waiting room.

N 46 | Nine days later Sarah was killed.

#1 - | Analysis

#2 - | Police response

N 47 | The response to the call on 22nd May 2016 was timely, but the DASH risk assessment relied too heavily on Sarah's answers and did not take account of Mark's history. Had the officers checked the Police National Computer and the neighbouring force's intelligence, they would have found his conviction for assault and his MARAC referral in 2011.

N 48 | The response to the assault on 9th December 2016 was good. The reviewing officer's decision to upgrade the risk to high was correct and demonstrates the value of supervisory review.

N 49 | The decision to discontinue the prosecution was lawful. However, the end of bail conditions marked a point of increased risk, which was not recognised. A reassessment of risk should have followed Sarah's withdrawal, and Sarah should have been offered information about Mark's previous offending under the Domestic Violence Disclosure Scheme.

N 50 | Sarah's family asked whether she should have been told about Mark's history. The panel considers that a disclosure under the "right to know" element of the scheme would have been appropriate after the assault in December 2016.

#2 - | Health services

N 51 | There were several opportunities for health practitioners to ask Sarah about domestic abuse. The triage nurse at the ED in July 2014 did ask, and recorded the question, which is good practice; but there was no follow-up, and the information did not reach the GP.

N 52 | The GP saw Sarah with low mood on two occasions. The panel recognises the pressures on GP consultations but notes that the GP record held both the ED query and, in February 2017, the MARAC notification. Routine enquiry about domestic abuse when a patient presents with depression is recommended by NICE guidance.

N 53 | The health visitor's plan to see Sarah alone was good practice. When the family moved, the plan was not transferred to the new health visiting team.

#2 - | Specialist domestic abuse services

N 54 | The IDVA service was under significant pressure in December 2016, with caseloads well above the recommended level. The closure of Sarah's case after two calls was in line with the service's policy at the time, but that policy did not reflect the known pattern that victims often decline support at first.

N 55 | The MARAC action to re-contact Sarah was not completed, and there was no mechanism at that time to check whether MARAC actions had been completed before the next meeting.

#2 - | Housing

N 56 | Sarah's homelessness application in January 2015 contained a disclosure that was not explored. Housing Options staff told the review that they would now ask directly about domestic abuse in that situation.

N 57 | The RSL had no contact with the family that raised concerns.

#2 - | Probation and substance misuse services

N 58 | Mark was supervised by the Northshire Community Rehabilitation Company for a drink-driving offence. His history of domestic abuse was not known to his probation officer because the pre-sentence report was prepared without domestic abuse enquiries. Since June 2017 such enquiries have been mandatory.

N 59 | Mark's comments to his substance misuse key worker about being "wound up" were indicators of possible abusive behaviour. The key worker had not received training on domestic abuse perpetration.

N 60 | When Mark told his probation officer that he had moved back home in January 2017, this should have prompted a check with the police. The information would have shown that he was returning to live with a high-risk victim.

#2 - | The children

N 61 | Child A and Child B were living in a household where there was domestic abuse. The notifications to Children's Social Care in May 2016 and December 2016 were dealt with as information sharing rather than as referrals. The school was told about the MARAC but did not know what to do with the information.

N 62 | Child A told her grandmother after Sarah's death that "Mummy was always scared of Mark". Child A had not been spoken to by any professional about life at home.

#2 - | Barriers to seeking help

N 63 | Sarah's family, friends and colleagues all had concerns. None of them knew where to go for advice. Sarah herself withdrew from support at the moment the risk to her was highest, which is a well-recognised pattern in coercive and controlling relationships.

N 64 | Sarah's back condition and her financial dependence on Mark's income may also have limited her options. Sarah's sister said that Sarah once said she "could not afford to leave".

#1 - | Conclusions

N 65 | Sarah was killed by a man who had a history of violence against previous partners. That history was known to agencies in Harrowdale but was not connected to Sarah until December 2016.

N 66 | The panel does not consider that Sarah's death was predictable. However, there were missed opportunities to identify the abuse earlier, to assess the risk accurately, and to offer Sarah information and support in a way that she could accept.

N 67 | The most significant missed opportunity came in January 2017, when the prosecution was discontinued and Mark returned home. At that point three agencies each held part of the picture: the police knew that Sarah had withdrawn, the probation officer knew that Mark had moved back, and the GP knew that Sarah was distressed. Nobody brought those pieces together.

N 68 | The panel is also clear that Mark alone is responsible for Sarah's death.

#1 - | Lessons to be learned

N 69 | Routine enquiry about domestic abuse needs to be followed by action when there is doubt about the answer, and the information needs to follow the patient.

N 70 | A perpetrator's history is essential to an accurate risk assessment. It must be checked across force and local authority boundaries.

N 71 | Withdrawal from a prosecution or from support should be treated as a point of increased risk.

N 72 | Agencies working with perpetrators, including probation and substance misuse services, are well placed to notice new and resumed relationships and must share that information.

N 73 | Friends, families and employers often know about abuse before professionals do. They need to know how to seek help.

N 74 | MARAC actions need to be tracked to completion.

N 75 | Children living with domestic abuse need to be seen and heard in their own right.

#1 - | Recommendations

N 76 | The panel makes the following recommendations. Single agency recommendations made in the IMRs have been accepted by the panel and are included in the action plan held by the CSP.

RAW rectable

N 77 | The panel recommends that the CSP monitors progress against these recommendations through its Domestic Abuse Strategic Group and reports to the Home Office when all actions are complete.

#1 - | Single agency recommendations

N 78 | Northshire Constabulary: all DASH risk assessments graded as standard risk, where the perpetrator has any previous domestic abuse history, should be reviewed by a supervisor within twenty-four hours.

N 79 | Northshire Constabulary: officers should consider a "right to know" disclosure under the Domestic Violence Disclosure Scheme after every high-risk incident.

N 80 | Riverside University Hospitals NHS Foundation Trust: where a patient in the ED is asked about domestic abuse and a query is recorded, the discharge letter to the GP should include that query.

N 81 | NHS Northshire CCG: GP practices should be supported to adopt the IRIS model of identification and referral.

N 82 | Northshire County Council Children's Social Care: MASH screening of domestic abuse notifications should include a consideration of the voice of the child.

N 83 | Wexham Vale Domestic Abuse Service: the IDVA contact policy should require at least three attempts, over at least two weeks, before closure.

N 84 | Wexham Vale Borough Council: Housing Options staff should receive training on the disclosure of domestic abuse in homelessness applications.

N 85 | National Probation Service and Northshire CRC: domestic abuse enquiries should be made for all pre-sentence reports where the offender lives with a partner.

N 86 | Northshire Recovery Partnership: key workers should receive training on identifying domestic abuse perpetration.

N 87 | Health visiting: plans to see a parent alone should be transferred with the family's records when a family moves.

#1 - | Glossary

N 88 | CRC – Community Rehabilitation Company; CSP – Community Safety Partnership; DASH – Domestic Abuse, Stalking and Harassment and Honour Based Violence risk identification checklist.

N 89 | DHR – Domestic Homicide Review; ED – Emergency Department; IDVA – Independent Domestic Violence Advisor; IMR – Individual Management Review.

N 90 | MARAC – Multi-Agency Risk Assessment Conference; MASH – Multi-Agency Safeguarding Hub; RSL – Registered Social Landlord.

N 91 | WVDAS – Wexham Vale Domestic Abuse Service; IRIS – Identification and Referral to Improve Safety, a general practice domestic abuse programme.

N 92 | The CSP is grateful to Sarah's family for allowing her story to be told in the hope that it will help other women.
"""
    return Spec(
        stem="dhr-2019-sarah",
        meta={"title": "Domestic Homicide Review into the death of 'Sarah'", "subject": "Sarah",
              "partnership": "Wexham Vale Community Safety Partnership", "author": "Robert Faulkner",
              "published": None, "published_year": 2019, "review_type": "DHR"},
        src=src, font="Times-Roman", size=11.5, h_sizes=(13, 12, 12, 12), toc_levels=1,
        heading_fmt=lambda el: f"<i>{el.text}</i>" if el.level == 2 else el.text,
        furniture=furniture_factory(footer="- {n} -", font="Times-Roman", size=10),
        furniture_from=2, extra={"cover": cover, "rectable": rectable}, quirks=frozenset({"curly"}),
        creator="PDFsharp 1.32.2608-g (www.pdfsharp.net)", producer="PDFsharp 1.32.2608-g (www.pdfsharp.net)",
        pdf_author="CSP")
def _shaded_box(text, st, pt, bg="#e8eef4"):
    t = Table([[Paragraph(pt(text), st["body"])]], colWidths=[None])
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(bg)),
                           ("BOX", (0, 0), (-1, -1), 0.75, colors.HexColor("#5b7fa6")),
                           ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                           ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [t, Spacer(1, 8)]


@register
def doc_sar_2020_william():
    def cover(st, state, arg, pt):
        out = _centre_block([
            ("Harrowdale Safeguarding Adults Board", 16, True, 80),
            ("Safeguarding Adults Review: 'William'", 24, True, 30),
            ("A review under section 44 of the Care Act 2014", 13, False, 90),
            ("Lead reviewer: Dr Anita Sewell", 12, False, 8),
            ("Published September 2020", 12, False, 8),
        ], font="DejaVuSerif", space_before=3 * cm)
        out.append(PageBreak())
        return out

    def lp(st, state, arg, pt):
        return _shaded_box(arg, st, pt)

    src = r"""
RAW cover

TOC

#1 1 | Introduction

#2 1.1 | Why this review was carried out

William was a sixty-seven-year-old man who lived alone in a one-bedroom flat let by Harrowdale Homes, a registered social landlord (RSL). He died in Riverside University Hospitals NHS Foundation Trust on 19th January 2019 from sepsis, with hypothermia and untreated leg ulcers recorded as contributing factors. He had been found by a neighbour, conscious but confused, on the floor of his kitchen on 14th January 2019; the heating in the flat had been disconnected some weeks earlier.

Harrowdale Safeguarding Adults Board (the SAB) received a referral from the Trust's adult safeguarding team on 28th January 2019. The SAB's Case Review Sub-Group met on 21st February 2019 and concluded that the criteria in section 44 of the Care Act 2014 were met: William had needs for care and support, he died as a result of self-neglect, and there was reasonable cause for concern about how agencies had worked together.

#2 1.2 | The reviewer and the panel

The SAB commissioned Dr Anita Sewell, an independent social work consultant, as lead reviewer. A review panel of senior managers from Harrowdale Borough Council Adult Social Care (ASC), Northshire Constabulary, Northshire Fire and Rescue Service, the Trust, Harrowdale Community Health NHS Trust, NHS Harrowdale Clinical Commissioning Group (the CCG), Northshire Partnership NHS Foundation Trust (mental health) and Harrowdale Homes met on five occasions between April 2019 and February 2020.

#2 1.3 | Methodology

The review followed a learning together approach. Agencies provided chronologies covering the period from 1st January 2017 to William's death. A practitioners' learning event was held on 11th September 2019, attended by nineteen practitioners, including William's GP, his district nurses, his housing officer, two social workers and a fire safety officer. A second event in November 2019 tested the draft findings.

#2 1.4 | Involvement of William's family

William's only relative was his younger brother, who lives in Scotland and had not seen William for several years. He spoke to the reviewer by telephone. He described William as "a proud man who would never ask anyone for anything", who had worked as a printer for thirty years and had drunk heavily since the death of his wife in 2009. He asked the review to find out why William had been "left to rot in a freezing flat". The reviewer has tried to answer that question honestly.

#1 2 | William's story

#2 2.1 | Before 2017

William and his wife had no children. After her death he withdrew from friends, and his drinking increased. He had type 2 diabetes, chronic obstructive pulmonary disease (COPD) and poor mobility following a fall in 2014. His GP records from 2010 onwards describe repeated missed appointments and "non-compliance" with medication.

#2 2.2 | January 2017 to December 2017

In the early spring of 2017 the housing officer carried out a tenancy visit and found the flat cluttered, with rubbish bags in the hallway and a strong smell of urine. She recorded the property as "level 6" on the clutter image rating scale and referred William to ASC. A social worker visited two weeks later. William said that he was "managing fine" and declined any support. The social worker recorded that William had capacity to make that decision, although no formal assessment under the Mental Capacity Act 2005 was completed, and closed the case.

District nurses from Harrowdale Community Health NHS Trust began visiting in the summer of 2017 to dress leg ulcers. Over the following six months they recorded eleven "no access" visits. On 16/11/17 a district nurse recorded that William was "unkempt, flat very cold, bottles everywhere". She raised a safeguarding concern with ASC, which was screened as self-neglect and passed to the locality team for a "proportionate response". A letter was sent to William offering a visit. He did not reply and the concern was closed.

#2 2.3 | 2018

In March 2018 Northshire Fire and Rescue Service carried out a Safe and Well visit after a referral from the RSL. The fire safety officer fitted smoke alarms and recorded "high fire risk – smoking in bed, hoarding, oxygen not in use". She sent a referral to ASC and copied it to the GP. The referral was received by ASC, but because the case had been closed it was logged as "information only".

Between May 2018 and August 2018 William attended the Emergency Department on four occasions, twice after falls and twice with chest infections. On each occasion he self-discharged before a full assessment. The ED recorded alcohol use, but no safeguarding concern was raised and no discharge summary mentioned self-neglect.

In the late autumn of 2018 William's rent arrears reached £1,800 and the energy supplier disconnected his gas supply for non-payment, after several letters to which he did not respond. The RSL's income team began possession proceedings; the tenancy sustainment team was not informed. The district nursing team, which had reduced its visits because of the no access pattern, saw William on 3rd December 2018 and recorded that he was "wearing coat indoors, very low mood". No referral was made.

#2 2.4 | January 2019

On 14th January 2019 a neighbour, worried that she had not seen William for several days, called the police. Officers forced entry and found William on the kitchen floor. The ambulance service conveyed him to hospital, where he was found to be hypothermic and septic. He died five days later.

#1 3 | Analysis and learning

#2 3.1 | Understanding self-neglect

Practitioners described William as a man who "chose to live that way". The review found that this view was rarely tested. The Care Act statutory guidance is clear that self-neglect is a form of abuse and neglect to which the safeguarding duties in section 42 can apply. There is no evidence that anyone explored why William lived as he did, what his drinking meant to him, or whether his grief and low mood affected his ability to look after himself.

RAW lp <b>Learning point 1:</b> Self-neglect is rarely a simple lifestyle choice. Practitioners need to be curious about the history behind it, including loss, trauma, mental ill-health and alcohol use, and to use that understanding to build a relationship with the person.

#2 3.2 | Mental capacity

William's capacity to make decisions about his care and his home was assumed throughout. The Mental Capacity Act 2005 rightly begins with a presumption of capacity, but it does not prevent an assessment when there is reason to doubt it. The combination of chronic alcohol use, repeated falls, possible head injury and consistently unwise decisions which put William at serious risk should have prompted a formal assessment of his executive capacity: his ability not only to understand, but to act on, his decisions.

RAW lp <b>Learning point 2:</b> Where a person repeatedly makes decisions that put them at serious risk, practitioners should consider whether the person is able to carry out the decisions they say they will make, and should record a formal capacity assessment for specific decisions.

#2 3.3 | Multi-agency working

Each agency saw part of William's situation. The housing officer saw the state of the flat; the district nurses saw his physical decline; the fire service saw the fire risk; the ED saw the falls and infections; the RSL's income team saw the arrears and the disconnection. No meeting ever brought these agencies together. The Harrowdale multi-agency self-neglect and hoarding protocol, introduced in 2016, provides for a multi-agency risk management meeting where a person at high risk declines support. The protocol was not used, and several practitioners at the learning event did not know that it existed.

RAW lp <b>Learning point 3:</b> No single agency could have managed the risk to William. The self-neglect protocol exists to bring agencies together; it needs to be known, used and owned by every partner, not only by Adult Social Care.

#2 3.4 | Non-engagement and closure

Cases were closed on three occasions because William "declined" or "did not respond". Closure after a single letter is not a proportionate response to a person who is known to avoid contact. Research on self-neglect consistently finds that persistent, patient relationship-based work over time is the most effective approach.

RAW lp <b>Learning point 4:</b> A letter is not an intervention. Where a person does not engage, agencies should consider who has the best relationship with them and how contact can be maintained, rather than closing the case.

#2 3.5 | Financial hardship and disconnection

The disconnection of William's gas supply in the winter removed his only source of heating. Energy suppliers have obligations to vulnerable customers and the RSL had a tenancy sustainment service. Neither was engaged, because nobody identified William as vulnerable to the people making those decisions.

#1 4 | Good practice

The review found examples of good practice, which the SAB should recognise:

- the housing officer's detailed recording in the spring of 2017, including a photograph-based clutter rating, and her prompt referral to ASC;
- the district nurse's safeguarding concern in November 2017, which clearly described the risk;
- the fire safety officer's thorough Safe and Well visit and her referral to both ASC and the GP;
- the neighbour's persistence and the police officers' decision to force entry without delay;
- the open and reflective contribution of practitioners at both learning events.

#1 5 | Recommendations

<b>Recommendation 1:</b> The SAB should relaunch the multi-agency self-neglect and hoarding protocol, with briefings for all partner agencies, and should audit its use twelve months after the relaunch.

<b>Recommendation 2:</b> Harrowdale Borough Council Adult Social Care should ensure that safeguarding concerns about self-neglect are not closed without a visit, a consideration of mental capacity and, where the risk is high, a multi-agency meeting.

<b>Recommendation 3:</b> All partner agencies should provide training on executive capacity and the assessment of capacity in people who self-neglect, and the SAB should seek assurance that capacity assessments are recorded for specific, high-risk decisions.

<b>Recommendation 4:</b> Riverside University Hospitals NHS Foundation Trust should review its response to patients who self-discharge from the Emergency Department, including a prompt to consider a safeguarding concern and notification to the GP.

<b>Recommendation 5:</b> Harrowdale Homes should ensure that possession proceedings and disconnections affecting tenants known to be vulnerable are referred to its tenancy sustainment team and, where appropriate, to ASC.

<b>Recommendation 6:</b> The SAB should write to the regional energy suppliers' forum to share the learning from this review about disconnection of vulnerable customers in winter.

#1 6 | Conclusion

William died cold, unwell and alone, in a flat in which many professionals had been worried about him. Those professionals were not uncaring; they worked within systems which allowed each of them to record a concern and move on. The SAB has accepted all six recommendations and will publish an action plan alongside this report.

#1 7 | Appendices

#2 7.1 | Terms of reference

The review was asked to consider the following questions:

- How well did agencies understand William's lived experience, his history and his wishes?
- Were the risks arising from self-neglect, alcohol use, falls and fire identified, assessed and shared?
- Was the Mental Capacity Act 2005 applied appropriately, including the assessment of executive capacity?
- How effective was the use of the Harrowdale multi-agency self-neglect and hoarding protocol?
- What was the impact of financial hardship, rent arrears and the disconnection of utilities?
- Were there any barriers to agencies working together, including information sharing and thresholds?

#2 7.2 | Agencies that contributed

- Harrowdale Borough Council Adult Social Care (ASC)
- Harrowdale Homes (registered social landlord), including the income and tenancy sustainment teams
- Harrowdale Community Health NHS Trust (district nursing)
- NHS Harrowdale Clinical Commissioning Group, on behalf of William's GP practice
- Riverside University Hospitals NHS Foundation Trust (Emergency Department and acute medicine)
- Northshire Partnership NHS Foundation Trust (older people's mental health)
- Northshire Fire and Rescue Service
- Northshire Constabulary
- the regional ambulance service

#2 7.3 | Glossary

- ASC – Adult Social Care
- COPD – Chronic Obstructive Pulmonary Disease
- ED – Emergency Department
- MCA – Mental Capacity Act 2005
- RSL – Registered Social Landlord
- SAB – Safeguarding Adults Board
- SAR – Safeguarding Adults Review
"""
    return Spec(
        stem="sar-2020-william",
        meta={"title": "Safeguarding Adults Review: 'William'", "subject": "William",
              "partnership": "Harrowdale Safeguarding Adults Board", "author": "Dr Anita Sewell",
              "published": None, "published_year": 2020, "review_type": "SAR"},
        src=src, font="DejaVuSerif", size=10.5, leading=14.5, h_sizes=(14, 12, 11, 11), toc_levels=2,
        heading_fmt=lambda el: f"{el.number}.&nbsp;&nbsp;{el.text}" if el.level == 1 else f"{el.number}&nbsp;&nbsp;{el.text}",
        toc_fmt=lambda el: ((f"{el.number}. {el.text}" if el.level == 1 else f"{el.number} {el.text}"), None,
                            el.level == 1),
        quirks=frozenset({"shy", "curly"}), margins=(2.4 * cm, 2.4 * cm, 2.2 * cm, 2.6 * cm),
        furniture=furniture_factory(footer="Harrowdale SAB – William – Page {n} of {m}", footer_align="right",
                                    font="DejaVuSerif", size=8.5),
        furniture_from=2, extra={"cover": cover, "lp": lp}, creator="Writer", producer="LibreOffice 6.4",
        pdf_author="Harrowdale SAB")
class BoxRow(Flowable):
    """One row of a Regulation 28 box: a narrow number column and a content column, ruled like a Word table."""

    NUM_W = 1.3 * cm
    PAD = 5

    def __init__(self, inner, number=None, top=False, bottom=False, gold_idx=None, font="Helvetica-Bold",
                 size=12, pad_top=None, pad_bottom=None):
        super().__init__()
        self.inner, self.number, self.top, self.bottom = inner, number, top, bottom
        self._gold_idx = gold_idx
        self.font, self.size = font, size
        self.pt = self.PAD if pad_top is None else pad_top
        self.pb = 2 if pad_bottom is None else pad_bottom
        if gold_idx is not None:
            self.keepWithNext = 1

    def wrap(self, aw, ah):
        self.aw = aw
        w, h = self.inner.wrap(aw - self.NUM_W - 2 * self.PAD, ah)
        sa = self.inner.getSpaceAfter()
        self.ih = h
        self.h = h + self.pt + self.pb + sa
        return aw, self.h

    def split(self, aw, ah):
        parts = self.inner.split(aw - self.NUM_W - 2 * self.PAD,
                                 ah - self.pt - self.pb - self.inner.getSpaceAfter() - 6)
        if len(parts) < 2:
            return []
        first = BoxRow(parts[0], self.number, self.top, False, self._gold_idx, self.font, self.size, self.pt, 2)
        rest = [BoxRow(p, None, True, self.bottom and i == len(parts) - 2, None, self.font, self.size, 4, self.pb)
                for i, p in enumerate(parts[1:])]
        first.keepWithNext = 0
        return [first] + rest

    def draw(self):
        c = self.canv
        c.setLineWidth(0.6)
        c.line(0, 0, 0, self.h)
        c.line(self.NUM_W, 0, self.NUM_W, self.h)
        c.line(self.aw, 0, self.aw, self.h)
        if self.top:
            c.line(0, self.h, self.aw, self.h)
        if self.bottom:
            c.line(0, 0, self.aw, 0)
        if self.number:
            c.setFont(self.font, self.size)
            c.drawString(self.PAD + 2, self.h - self.pt - self.size, self.number)
        self.inner.drawOn(c, self.NUM_W + self.PAD, self.h - self.pt - self.ih)


@register
def pfd_box_hook(fls, el, idx):
    """Spec.hook for the Regulation 28 form: every element becomes a ruled row of its numbered box."""
    if el.kind in ("raw", "pagebreak", "template", "toc"):
        return fls
    out = []
    for f in fls:
        if isinstance(f, Spacer):
            continue
        if el.kind == "h":
            out.append(BoxRow(f, el.number, top=True, gold_idx=idx))
        else:
            out.append(BoxRow(f, bottom=el.arg == "last"))
    return out


def doc_pfd_2022_regulation_28():
    hook = pfd_box_hook

    def title(st, state, arg, pt):
        big = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=TA_CENTER)
        cell = ParagraphStyle("c", fontName="Helvetica", fontSize=12, leading=16)
        bold = ParagraphStyle("cb", parent=cell, fontName="Helvetica-Bold")
        sent = [Paragraph("THIS REPORT IS BEING SENT TO:", bold)] + [Paragraph(pt(x), cell) for x in (
            "1. Director of Children's Services, Northshire County Council",
            "2. Chief Constable, Northshire Constabulary",
            "3. Chief Executive, Riverside University Hospitals NHS Foundation Trust",
            "4. Independent Scrutineer, Northshire Safeguarding Children Partnership",
            "5. Secretary of State for Education")]
        t = Table([[Paragraph("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", big)], [sent]],
                  colWidths=[PAGE_W - 5.6 * cm])
        t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        return [t]

    src = r"""
RAW title

#1 1 | CORONER

I am Catherine Moreland, Senior Coroner for the coroner area of Northshire.

#1 2 | CORONER’S LEGAL POWERS

I make this report under paragraph 7, Schedule 5, of the Coroners and Justice Act 2009 and Regulations 28 and 29 of the Coroners (Investigations) Regulations 2013.

#1 3 | INVESTIGATION and INQUEST

On 9th June 2021 I commenced an investigation into the death of Tyler James Brookes, aged 16. The investigation concluded at the end of the inquest on 1st April 2022, which was heard over eight days with a jury.

The medical cause of death was: 1a Mixed drug toxicity (methadone and diazepam).

The jury returned a narrative conclusion, which included the following findings:

(1) Tyler died at a flat in Eastbrook on or about 4th June 2021, having been reported missing from his residential placement in Wexham Vale on 30th May 2021.

(2) Tyler had been identified as at high risk of child criminal exploitation since the autumn of 2020, and there was evidence that he was being used to supply drugs in Eastbrook.

(3) The return home interview following his previous missing episode in May 2021 was not completed.

(4) The information held by the police about the address at which Tyler was found was not shared with Children's Social Care before his death.

(5) The failure to complete the return home interview and to share that information more than minimally contributed to his death.

#1 4 | CIRCUMSTANCES OF THE DEATH

Tyler was a looked-after child. He had been in the care of Northshire County Council since the age of thirteen, under a care order made in the spring of 2018 on the grounds of neglect. Between 2018 and 2021 he had six placements, three of them outside Northshire.

From October 2020 Tyler was placed at a children's home in Wexham Vale, forty miles from his family and his school. He went missing on twenty-three occasions between October 2020 and May 2021. On several occasions he was found in Eastbrook, in the company of adults known to the police for the supply of class A drugs. He was arrested twice in possession of drugs and cash and was referred to the National Referral Mechanism (NRM) in February 2021 as a potential victim of modern slavery. A positive reasonable grounds decision was made on 3rd March 2021.

A multi-agency child exploitation meeting was held on 12th March 2021 and a safety plan was agreed. The plan included a commitment that every missing episode would be followed by a return home interview within 72 hours, that disruption activity would be undertaken by the police at the addresses Tyler was known to frequent, and that his placement would be reviewed.

Tyler went missing on 18th May 2021 and was returned by police two days later. The return home interview was not completed: the commissioned provider recorded that Tyler "declined", and the interview was not re-offered. On 22nd May 2021 the police received intelligence that a named address in Eastbrook was being used by an organised crime group and that "a young lad from a care home" was staying there. The intelligence was graded and recorded but was not shared with Children's Social Care or the children's home.

Tyler's mother gave evidence that she had told his social worker on several occasions that she was frightened for him, and that she had asked for him to be placed closer to home. She said that she learned of his death from a friend's social media post before anyone from the local authority contacted her. I heard evidence from his allocated social worker, who had been allocated to Tyler for four months and held twenty-six cases at the time, and from the registered manager of the children's home, who said that staff had been "exhausted by the number of missing episodes" and had not been told about the intelligence concerning the Eastbrook address.

The Detective Inspector who gave evidence for Northshire Constabulary accepted that the intelligence of 22nd May 2021 should have prompted a welfare check at the address and a notification to Children's Social Care. She told the court that since Tyler's death the force has introduced a daily review of all intelligence relating to children and exploitation by the Missing and Exploitation Hub.

Tyler went missing again on 30th May 2021. He was reported missing by the home at 23:10 that night and was graded by the police as a medium-risk missing person. On 4th June 2021 he was found unresponsive at the address referred to in the intelligence. Paramedics attended and confirmed his death.

#1 5 | CORONER’S CONCERNS

During the course of the inquest the evidence revealed matters giving rise to concern. In my opinion there is a risk that future deaths could occur unless action is taken. In the circumstances it is my statutory duty to report to you.

The MATTERS OF CONCERN are as follows. –

(1) Return home interviews. The evidence was that return home interviews for children placed in Northshire by other authorities, and for Northshire children placed elsewhere, are commissioned from different providers, and that there is no consistent practice when a child declines an interview. I heard that approximately forty per cent of interviews for looked-after children in the year to March 2022 were recorded as declined.

(2) Sharing of police intelligence. Intelligence indicating that a child may be present at an address used for drug supply was not shared with Children's Social Care. The evidence was that there is no agreed process for the timely sharing of such intelligence where the child is not named.

(3) Risk grading of missing children known to be exploited. Tyler was graded as a medium-risk missing person despite a positive NRM decision and a history of twenty-three missing episodes. The evidence was that the grading tool did not take account of known exploitation.

(4) Distant placements. The evidence was that children at high risk of exploitation continue to be placed at a distance from their home area because of a shortage of suitable placements, which removes them from the professionals and family members who know them best.

(5) Multi-agency safety plans. The safety plan agreed on 12th March 2021 was not reviewed after the missing episode in May 2021, and there was no single professional responsible for ensuring that its actions were completed.

(6) Transitions between social workers. Tyler had four allocated social workers in the twelve months before his death. The evidence was that case transfer summaries did not include the exploitation risk assessment, and that each new worker had to rebuild the picture from the electronic record.

(7) Information for families. Tyler's mother was not invited to the multi-agency exploitation meetings and was not told about the safety plan. She had information about Tyler's associates which was never sought.

(8) Naloxone and harm reduction. I heard that staff at the children's home had not been trained in recognising opioid overdose and that naloxone was not available in the home, although the risk of drug use was known.

#1 6 | ACTION SHOULD BE TAKEN

In my opinion action should be taken to prevent future deaths and I believe you and your organisations have the power to take such action.

#1 7 | YOUR RESPONSE

You are under a duty to respond to this report within 56 days of the date of this report, namely by 7th July 2022. I, the coroner, may extend the period.

Your response must contain details of action taken or proposed to be taken, setting out the timetable for action. Otherwise you must explain why no action is proposed.

#1 8 | COPIES and PUBLICATION

I have sent a copy of my report to the Chief Coroner and to the following Interested Persons: Tyler's mother; Wexham Vale Children's Homes Ltd; the commissioned return home interview provider; and the Director of Children's Services, Wexham Vale Borough Council. I have also sent it to the Child Safeguarding Practice Review Panel and to Ofsted, who may find it useful or of interest.

I am also under a duty to send the Chief Coroner a copy of your response.

The Chief Coroner may publish either or both in a complete or redacted or summary form. He may send a copy of this report to any person who he believes may find it useful or of interest. You may make representations to me, the coroner, at the time of your response, about the release or the publication of your response by the Chief Coroner.

RAW sig
"""

    def sig(st, state, arg, pt):
        cell = ParagraphStyle("c", fontName="Helvetica", fontSize=12, leading=16)
        t = Table([["9", Paragraph("12th May 2022", cell),
                    Paragraph("Catherine Moreland<br/>HM Senior Coroner for Northshire", cell)]],
                  colWidths=[BoxRow.NUM_W, 5 * cm, PAGE_W - 5.6 * cm - BoxRow.NUM_W - 5 * cm])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("FONT", (0, 0), (0, 0), "Helvetica-Bold", 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
        return [t]

    return Spec(
        stem="pfd-2022-regulation-28",
        meta={"title": "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS", "subject": "Tyler James Brookes",
              "partnership": "HM Senior Coroner for Northshire", "author": "Catherine Moreland",
              "published": "2022-05-12", "published_year": 2022, "review_type": "PFD"},
        src=src, font="Helvetica", size=12, leading=18, align=TA_LEFT, h_sizes=(12, 12, 12, 12),
        heading_fmt=lambda el: el.text,
        margins=(2.8 * cm, 2.8 * cm, 2.2 * cm, 2.6 * cm), hook=hook,
        furniture=furniture_factory(footer="{n}", size=10), furniture_from=1,
        extra={"title": title, "sig": sig}, creator="Microsoft® Word for Microsoft 365",
        producer="Microsoft® Word for Microsoft 365", pdf_author="cmoreland",
        pdf_title="Tyler Brookes - Prevention of future deaths report - 2022-0311")
TEAL = colors.HexColor("#00707a")
PLUM = colors.HexColor("#6b2d5c")


class PullQuote(Flowable):
    """A boxed pull quote in a column (brochure style)."""

    def __init__(self, text, font="DejaVuSans-Italic", size=12, colour=PLUM):
        super().__init__()
        self.p = Paragraph(text, ParagraphStyle("pq", fontName=font, fontSize=size, leading=size * 1.3,
                                                textColor=colour))

    def wrap(self, aw, ah):
        self.aw = aw
        w, h = self.p.wrap(aw - 24, ah)
        self.h = h + 20
        return aw, self.h + 8

    def draw(self):
        c = self.canv
        c.setFillColor(colors.HexColor("#f3e9f0"))
        c.rect(0, 8, self.aw, self.h, stroke=0, fill=1)
        c.setFillColor(PLUM)
        c.rect(0, 8, 4, self.h, stroke=0, fill=1)
        self.p.drawOn(c, 14, 18)


@register
def doc_lcspr_2023_brochure_baby_h():
    gutter, lm, rm, top, bot = 0.8 * cm, 1.6 * cm, 1.6 * cm, 1.8 * cm, 2.0 * cm
    col_w = (PAGE_W - lm - rm - gutter) / 2
    band_h = 1.5 * cm

    def cover_page(c, doc):
        c.saveState()
        c.setFillColor(TEAL)
        c.rect(0, PAGE_H * 0.38, PAGE_W, PAGE_H * 0.62, stroke=0, fill=1)
        c.setFillColor(PLUM)
        c.rect(0, PAGE_H * 0.38 - 0.5 * cm, PAGE_W, 0.5 * cm, stroke=0, fill=1)
        c.restoreState()

    def footer(c, doc):
        c.saveState()
        c.setFont("DejaVuSans", 7.5)
        c.setFillColor(TEAL)
        n = doc.page
        if n % 2:
            c.drawRightString(PAGE_W - rm, 1.0 * cm, f"Baby H: Local Child Safeguarding Practice Review  |  {n}")
        else:
            c.drawString(lm, 1.0 * cm, f"{n}  |  Kingsmere Safeguarding Children Partnership")
        c.restoreState()

    def templates(doc):
        ch = PAGE_H - top - bot
        cols = [Frame(lm, bot, col_w, ch, id="L", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
                Frame(lm + col_w + gutter, bot, col_w, ch, id="R", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)]
        sch = ch - band_h - 0.4 * cm
        scols = [Frame(lm, bot, col_w, sch, id="sL", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
                 Frame(lm + col_w + gutter, bot, col_w, sch, id="sR", leftPadding=0, rightPadding=0, topPadding=0,
                       bottomPadding=0)]
        band = Frame(lm, PAGE_H - top - band_h, PAGE_W - lm - rm, band_h, id="band", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)
        cover = Frame(2 * cm, 2 * cm, PAGE_W - 4 * cm, PAGE_H - 4 * cm, id="cover")
        return [PageTemplate("cover", [cover], onPage=cover_page),
                PageTemplate("section", [band] + scols, onPage=footer),
                PageTemplate("twocol", cols, onPage=footer)]

    first_band = []

    def hook(fls, el, idx):
        if el.kind == "h" and el.level == 1:
            band = Band(el.text, idx, font="DejaVuSans-Bold", size=17, bg=TEAL, height=band_h)
            pre = [] if not first_band else [NextPageTemplate("section"), PageBreak()]
            first_band.append(idx)
            return pre + [band, FrameBreak(), NextPageTemplate("twocol")]
        return fls

    def cover(st, state, arg, pt):
        first_band.clear()
        w = ParagraphStyle("cw", fontName="DejaVuSans-Bold", fontSize=15, leading=19, textColor=colors.white)
        big = ParagraphStyle("cb", fontName="DejaVuSans-Bold", fontSize=34, leading=40, textColor=colors.white)
        sub = ParagraphStyle("cs", fontName="DejaVuSans", fontSize=15, leading=20, textColor=colors.white)
        dark = ParagraphStyle("cd", fontName="DejaVuSans", fontSize=12, leading=17, textColor=colors.HexColor("#333333"))
        return [Spacer(1, 1 * cm), Paragraph("Kingsmere Safeguarding Children Partnership", w), Spacer(1, 3.2 * cm),
                Paragraph("Baby H", big), Spacer(1, 0.4 * cm),
                Paragraph("Local Child Safeguarding Practice Review", sub), Spacer(1, 0.2 * cm),
                Paragraph("Learning for everyone who works with babies and their parents", sub),
                Spacer(1, 8.2 * cm),
                Paragraph("Independent reviewer: Sam Oduya", dark),
                Paragraph("Published: March 2023", dark),
                NextPageTemplate("section"), PageBreak()]

    def quote(st, state, arg, pt):
        return [PullQuote(pt(arg)), Spacer(1, 6)]

    def facts(st, state, arg, pt):
        cs = ParagraphStyle("f", fontName="DejaVuSans", fontSize=8.5, leading=11.5, textColor=colors.white)
        hs = ParagraphStyle("fh", parent=cs, fontName="DejaVuSans-Bold", fontSize=10)
        rows = [[Paragraph("At a glance", hs)]] + [[Paragraph(pt(x), cs)] for x in (
            "Baby H was eleven weeks old when admitted to hospital",
            "Injuries: bruising to the ear and torso, three healing rib fractures",
            "Rapid review held 2nd February 2022",
            "Twelve agencies contributed; twenty-three practitioners attended learning events",
            "Four key practice episodes, four findings, six recommendations")]
        t = Table(rows, colWidths=[col_w])
        t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), PLUM), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        return [t, Spacer(1, 10)]

    cur = {"sec": ""}

    def hfmt(el):
        if el.level == 1:
            cur["sec"] = el.text
            return el.text
        if el.number:
            label = "Key practice episode" if cur["sec"] == "Key practice episodes" else "Finding"
            return f"{label} {el.number}: {el.text}"
        return el.text

    src = r"""
RAW cover

#1 - | About this review

This review was commissioned by Kingsmere Safeguarding Children Partnership after Baby H, a baby girl, was admitted to Kingsmere General Hospital at eleven weeks old with bruising to her left ear and torso. A skeletal survey found three healing rib fractures of different ages. The consultant paediatrician concluded that the injuries were inflicted. Both parents were arrested; the criminal investigation has since concluded with no charges brought, and family proceedings found that the injuries were caused by Father H.

RAW facts

#2 - | Rapid review

The local authority notified the Child Safeguarding Practice Review Panel of a serious incident on 20th January 2022. The safeguarding partners – Kingsmere Borough Council, Northshire Constabulary and NHS Kingsmere Integrated Care Board (ICB) – held a rapid review on 2nd February 2022. The rapid review identified potential learning about the response to bruising in a non-mobile baby, the involvement of fathers, and support for young parents who are care leavers. The partners decided to carry out a Local Child Safeguarding Practice Review, and the national Panel agreed with that decision.

#2 - | How the review was carried out

An independent reviewer, Sam Oduya, led the review, supported by a panel of senior leaders which met four times between March 2022 and December 2022. Agencies provided chronologies and short reflective reports. Two learning events were held in the summer of 2022 with twenty-three practitioners, including midwives, health visitors, the family's personal adviser from the Leaving Care service, GPs and social workers. The reviewer met Mother H twice and her foster carer from her own childhood once. Father H declined to take part.

RAW quote “Nobody ever asked me what he was like with her when I wasn’t there. They only ever asked me.” – Mother H

#1 - | Baby H and her family

Baby H was born at thirty-four weeks’ gestation in the early autumn of 2021 and spent sixteen days on the neonatal unit. Mother H was nineteen and had been in foster care from the age of nine until she was eighteen. She had a personal adviser from the Kingsmere Leaving Care service and lived in supported accommodation until the late stages of her pregnancy, when she moved with Father H into a privately rented flat.

Father H was twenty-three. He had a conviction for assault from 2018 and had been known to the youth offending service as a teenager. He told the midwife that he used cannabis “to help him sleep”. He was not registered with a GP in Kingsmere.

Mother H described Baby H as “a proper little fighter” who cried a lot and fed slowly. She said that Father H “couldn’t stand the crying” and would go out when it was bad. She told the reviewer that she had never been told that it was normal for babies to cry for long periods, or what to do if it became too much.

#1 - | Key practice episodes

The review identified four key practice episodes: periods of time in which decisions were made, or not made, that had a significant effect on what happened to Baby H.

#2 1 | Pregnancy and the pre-birth assessment

Mother H booked with the community midwife at sixteen weeks in the late spring of 2021. The midwife made a referral to Children’s Social Care because Mother H was a care leaver and had disclosed past self-harm. The referral led to a pre-birth assessment, which was allocated in July 2021 but was not completed before Baby H was born, six weeks early. The social worker had met Mother H twice and had not met Father H. Information about his conviction was held by the police but had not been requested.

#2 2 | The neonatal unit and discharge home

The neonatal unit held a discharge planning meeting on the fourteenth day. Mother H, the ward nurse, the health visitor and the social worker attended; Father H was “at work”. The meeting agreed that the pre-birth assessment would be completed as a child and family assessment after discharge and that the health visitor would visit weekly. Safer sleep and feeding advice was given to Mother H; it was not given to Father H.

RAW quote “Dads were seen as visitors on the unit, not as parents we needed to get to know.” – neonatal nurse, learning event

#2 3 | A bruise at six weeks

At a home visit when Baby H was six weeks old the health visitor saw a small bruise on her cheek. Mother H said that Baby H had scratched herself and that the mark “came up” afterwards. The health visitor accepted the explanation and recorded it. The Kingsmere protocol on bruising in non-mobile babies requires any bruise in a baby who is not independently mobile to be referred to Children’s Social Care and for the baby to be seen by a paediatrician the same day. The health visitor told the review that she knew of the protocol but thought it was for “proper bruises”.

#2 4 | An attendance with crying and vomiting

At nine weeks Mother H took Baby H to the GP out-of-hours service because she was crying inconsolably and had vomited twice. The GP diagnosed reflux and gave advice. The GP did not know that the family had a social worker. Two weeks later Baby H was admitted with the injuries described above.

#1 - | What we found

#2 1 | The bruising protocol was known but not understood

Practitioners across health and social care knew that a protocol existed, but several described it as applying to “significant” bruises. The protocol is clear that any bruise, however small, in a baby who is not yet mobile must be treated as a possible sign of abuse until proven otherwise. The reasons for that rule – that bruising is very rare in non-mobile babies and is often a warning of more serious injury – were not widely known.

#2 2 | Fathers were invisible to the system

Father H was not seen by the social worker, was not at the discharge meeting and was not offered safer sleep or crying advice. Nobody assessed his history, his mental health or his ability to cope with a premature baby who cried a great deal. This reflects a pattern found in many reviews of harm to babies, in which services are designed around mothers and fathers remain out of view.

RAW quote “We plan around the person who answers the door.” – social worker, learning event

#2 3 | Young parents who are care leavers need services that work together

Mother H had a personal adviser, a social worker, a health visitor and a midwife, but these practitioners did not meet together before the birth. The personal adviser knew Mother H best and knew that Father H had a temper; she did not know that a pre-birth assessment was under way.

#2 4 | Coping with crying was not discussed with both parents

The ICON programme, which helps parents understand that crying is normal and gives them ways to cope, was delivered to Mother H in the neonatal unit but not to Father H. Crying is a well-known trigger for abusive head trauma and other injuries to babies.

#1 - | Recommendations

N 1 | Kingsmere Safeguarding Children Partnership should relaunch the bruising in non-mobile babies protocol, with a short briefing that explains why the rule applies to every bruise, and should audit compliance within nine months.

N 2 | NHS Kingsmere ICB and Kingsmere General Hospital should ensure that fathers and male carers are routinely identified, recorded and invited to neonatal discharge planning meetings.

N 3 | Kingsmere Borough Council should ensure that pre-birth assessments are started early enough to be completed before the expected date of delivery, with a contingency for premature birth.

N 4 | Pre-birth assessments should include checks on both parents with the police and other agencies, and the outcome should be shared with the health visitor and the GP.

N 5 | The Leaving Care service should be invited to all pre-birth planning meetings for care leavers who are expecting a baby.

N 6 | The Partnership should ensure that ICON coping-with-crying advice is given to both parents, and that this is recorded by maternity and health visiting services.

#1 - | What has happened since

Since the rapid review, the Partnership has already relaunched the bruising protocol and more than four hundred practitioners have attended briefings. Kingsmere General Hospital now records fathers’ details on the neonatal unit’s admission form, and the health visiting service offers an antenatal contact to both parents. The Partnership will report progress on every recommendation in its annual report for 2023–24.

RAW quote “Every bruise in a baby who is not yet crawling is a safeguarding question.”
"""
    return Spec(
        stem="lcspr-2023-brochure-baby-h",
        meta={"title": "Baby H: Local Child Safeguarding Practice Review", "subject": "Baby H",
              "partnership": "Kingsmere Safeguarding Children Partnership", "author": "Sam Oduya",
              "published": None, "published_year": 2023, "review_type": "LCSPR"},
        src=src, font="DejaVuSans", size=9.5, leading=13, h_sizes=(15, 11.5, 10, 10), h_colour=TEAL,
        heading_fmt=hfmt,
        quirks=frozenset({"ligatures", "shy", "curly"}), templates=templates, hook=hook,
        extra={"cover": cover, "quote": quote, "facts": facts}, creator="Adobe InDesign 17.1 (Macintosh)",
        producer="Adobe PDF Library 16.0.5", pdf_author="KSCP")
@register
def doc_national_2022_panel_review():
    def hfmt(el):
        if el.level == 1 and el.number:
            return (f"Annex {el.number}: {el.text}" if el.number.isalpha() else f"Chapter {el.number}: {el.text}")
        return el.text

    def cover(st, state, arg, pt):
        navy = colors.HexColor("#1d2f5e")
        s1 = ParagraphStyle("n1", fontName="Helvetica", fontSize=13, leading=17, textColor=navy, spaceAfter=90)
        s2 = ParagraphStyle("n2", fontName="Helvetica-Bold", fontSize=28, leading=34, textColor=navy, spaceAfter=14)
        s3 = ParagraphStyle("n3", fontName="Helvetica", fontSize=16, leading=21, textColor=navy, spaceAfter=180)
        s4 = ParagraphStyle("n4", fontName="Helvetica", fontSize=12, leading=16, textColor=navy)
        return [Spacer(1, 1.5 * cm), Paragraph("The Child Safeguarding Practice Review Panel", s1),
                Paragraph("Out of sight: safeguarding children who are electively home educated", s2),
                Paragraph("A national review", s3), Paragraph("July 2022", s4), PageBreak()]

    src = r"""
RAW cover

TOC

#1 - | Foreword

This review is about children who became invisible. Each of the children whose experiences are described here was educated at home by their parents. Elective home education is a legitimate choice, and most children educated at home are safe and well. But for the children in this review, leaving school removed the one professional who saw them every day, at precisely the moment when they most needed to be seen.

We are grateful to the families who spoke to us, to the local safeguarding partners who shared their reviews, and to the many practitioners who were honest about what they could and could not do within the current law and guidance.

B Professor Margaret Ellison, Chair, Child Safeguarding Practice Review Panel

#1 1 | Introduction

#2 - | Why we carried out this review

N 1.1 | Between April 2019 and March 2021 the Panel received 36 serious incident notifications concerning children who were, or had recently been, electively home educated. In 14 of those cases the child had been withdrawn from school after concerns about their welfare had been raised by the school.[[fn:Serious incident notifications are made by local authorities to the Panel under section 16C of the Children Act 2004.]]

N 1.2 | The Panel decided in the summer of 2021 to undertake a national review, under its powers in the Children Act 2004, to understand what had happened to those children and what could be done to protect children in similar circumstances in future.

#2 - | How we carried out this review

N 1.3 | We analysed the 36 rapid reviews and the 11 local child safeguarding practice reviews that had been published by December 2021. We selected six cases, from five local areas, for in-depth study. In each area we held learning events with practitioners and interviewed senior leaders.

N 1.4 | We spoke to eight parents and three young people, and commissioned a literature review on home education and safeguarding.[[fn:The literature review is published alongside this report.]] The methodology is described in Annex A.

N 1.5 | The review was overseen by a reference group including representatives of the Department for Education, the Association of Directors of Children's Services, Ofsted and home education organisations, which met four times between October 2021 and May 2022.

#1 2 | The children in this review

N 2.1 | Child J was nine when his mother withdrew him from a primary school in Northshire in the autumn of 2019, two weeks after the school made a referral to Children's Social Care about bruising to his arms. The referral had led to a single home visit. The education welfare officer visited once after the withdrawal and was told that Child J was "doing maths online". Child J was next seen by a professional eighteen months later, when he was admitted to hospital severely malnourished.

N 2.2 | Young Person F was fourteen and had been excluded twice from her secondary school in Eastbrook for fighting. Her father deregistered her in early 2020, saying that school was "making her worse". Over the following year she went missing eleven times and was found in the company of adults suspected of sexual exploitation. Nobody involved with her knew that she was no longer on a school roll until the spring of 2021.

N 2.3 | Child R and Child T, aged eleven and seven, lived with their parents in Harrowdale. The family had been subject to a child protection plan for neglect, which ended in March 2019. Both children were withdrawn from school in the summer of 2019. When the children were next seen, in the late autumn of 2020, their home had no working heating or toilet and both children were underweight.

N 2.4 | Aged two years and ten months when first known to services, Child M was one of four siblings in Wexham Vale whose older brother had been home educated since 2017. Child M never attended any early years setting. She died in 2021 as a result of injuries inflicted by her stepfather.

N 2.5 | In every case, the decision to home educate was made lawfully. In every case, at least one professional had been worried about the child before the decision was made.

#1 3 | What we found

#2 - | Children who were not seen

N 3.1 | The law in England gives parents the right to educate their children at home and does not require them to register with the local authority, to allow the child to be seen, or to follow any curriculum. Local authorities have a duty to identify children who are not receiving a suitable education, but no power to see a home educated child unless there are safeguarding concerns.[[fn:Education Act 1996, section 436A; Department for Education, Elective home education: departmental guidance for local authorities (2019).]]

N 3.2 | In four of the six cases we studied, the local authority's elective home education (EHE) team made one contact with the family after deregistration. In three cases that contact was a letter. Where a visit was offered and declined, the cases were closed.

N 3.3 | We found that EHE teams were very small: in one area, a single officer was responsible for more than 900 home educated children. Officers told us that their role was to assess the suitability of education, and that they did not see safeguarding as part of it.

#2 - | The right to educate at home and the duty to safeguard

N 3.4 | Practitioners in children's social care often treated the decision to home educate as a neutral fact, rather than as a change in the child's circumstances that might alter the risk. When Child J was withdrawn, the social worker recorded "mother exercising her right to home educate" and closed the assessment.

N 3.5 | Several practitioners told us that they were anxious about being seen to challenge a lawful choice. One said: "We're told to respect that it's the parents' right. So you don't ask."

N 3.6 | We think this is a misunderstanding. The right to educate at home does not displace the duty of every agency to safeguard children. Where there are existing concerns, withdrawal from school should trigger a review of the child's plan and a fresh consideration of risk.

#2 - | Information held in silos

N 3.7 | In each case, schools, health services, the police and children's social care held information that, taken together, showed a child at increasing risk. The EHE team rarely had access to that information. In two areas, the EHE team was not part of the local Multi-Agency Safeguarding Hub (MASH) and could not see children's social care records.

N 3.8 | GPs and school nurses were usually not told that a child had been withdrawn from school. For Child R and Child T, the school nursing service continued to send letters to the school about immunisations for more than a year after they had left.

N 3.9 | Between March 2020 and April 2020, during the first national lockdown, home educated children were effectively indistinguishable from children whose schools had closed. The few contacts that EHE teams had been making stopped altogether.

#2 - | The voice of the child

N 3.10 | None of the children in the cases we studied was spoken to alone by a professional after being withdrawn from school. Young Person F told us: "Everyone thought I was in school somewhere. I wasn't anywhere."

N 3.11 | Children's wishes about their education were seldom recorded. Child R told a foster carer that he had "begged to go back to school".

#1 4 | Practice and system learning

N 4.1 | The most important learning from this review is that the moment a child with known vulnerabilities leaves school is a moment of heightened risk, and must be treated as such by all agencies.

N 4.2 | Local authorities need accurate information about which children are being educated at home. The absence of a statutory register makes that more difficult, but several areas have developed effective local arrangements with schools and health partners.

N 4.3 | EHE teams should be part of local safeguarding arrangements, with access to the information they need and clear routes to escalate concerns.

N 4.4 | Where a child is known to children's social care, or has been in the previous twelve months, a decision to home educate should prompt a multi-agency meeting, and the child should be seen.

N 4.5 | Health services, including GPs, health visitors and school nurses, should be told when a child is withdrawn from school.

N 4.6 | Practitioners need support to understand that respecting parental choice and keeping children safe are not in conflict.

#1 5 | Recommendations

N 5.1 | We make the following national recommendations. We also set out learning points for local safeguarding partners.

#2 - | National recommendations

<b>Recommendation 1:</b> The Department for Education should introduce a statutory register of children not in school, maintained by local authorities, with a duty on parents to register.

<b>Recommendation 2:</b> The Department for Education should amend Working Together to Safeguard Children to make clear that deregistration of a child known to children's social care requires a review of the child's plan or assessment.

<b>Recommendation 3:</b> The Department of Health and Social Care and NHS England should ensure that health services are notified when a child is removed from a school roll.

<b>Recommendation 4:</b> Ofsted should consider, in its inspections of local authority children's services, how well the local authority knows and responds to the needs of children educated at home.

#2 - | Local learning points

- Safeguarding partners should assure themselves that EHE teams are integrated with the MASH and have access to relevant records.
- Schools should make a referral to children's social care, not simply inform the EHE team, where a child is withdrawn while there are unresolved welfare concerns.
- Partners should review the cases of all children known to children's social care in the previous twelve months who are now home educated.
- Partnerships should ensure that children educated at home are seen and spoken to alone when there are safeguarding concerns.

#1 A | Methodology

N A.1 | The review was led by two Panel members and supported by a team of independent reviewers with backgrounds in social work, education, health and policing. Fieldwork took place between November 2021 and March 2022.

N A.2 | We analysed 36 rapid reviews using a coding framework developed for the review. We selected six cases for in-depth study to reflect a range of ages, local authority types and harms. Each case study involved a document review, interviews with senior leaders and a practitioner learning event.

N A.3 | We spoke to families through an independent organisation with experience of supporting parents whose children had been harmed. All of the families we spoke to gave informed consent. Their words are quoted anonymously.

N A.4 | This report uses pseudonyms. Some details have been changed to protect the identity of the children.
"""
    return Spec(
        stem="national-2022-panel-review",
        meta={"title": "Out of sight: safeguarding children who are electively home educated",
              "subject": "children who are electively home educated",
              "partnership": "The Child Safeguarding Practice Review Panel", "author": None,
              "published": None, "published_year": 2022, "review_type": "national"},
        src=src, font="Times-Roman", size=11.5, leading=15.5, h_sizes=(17, 13, 12, 12),
        h_colour=colors.HexColor("#1d2f5e"), heading_fmt=hfmt, toc_levels=2,
        toc_fmt=lambda el: (hfmt(el), None, el.level == 1), heading_font="Helvetica-Bold",
        hook=lambda fls, el, idx: [PageBreak()] + fls if el.kind == "h" and el.level == 1 and el.number else fls,
        quirks=frozenset({"curly"}), margins=(2.6 * cm, 2.6 * cm, 2.8 * cm, 2.6 * cm),
        furniture=furniture_factory(header="Out of sight: children educated at home", header_align="right",
                                    header_font="Times-Italic", footer="{n}", footer_align="centre",
                                    font="Times-Roman", size=9.5, rule=False),
        furniture_from=2, extra={"cover": cover}, creator="Microsoft® Word for Office 365",
        producer="Microsoft: Print To PDF", pdf_author="")


# ------------------------------------------------------------------ Word sample (python-docx + LibreOffice)
DOCX_STEM = "scr-2017-young-person-f"

YPF_BLOCKS = r"""
h1|1. Introduction
h2|1.1 Why this review was commissioned
p|Young Person F was fifteen years old when she was found seriously injured in a flat in Eastbrook in the early hours of 3rd February 2016. She had been missing from home for four days. She survived, but she has a permanent injury to her left hand and continues to receive support from Child and Adolescent Mental Health Services (CAMHS).
p|On 19th February 2016 the Independent Chair of Wexham Vale Local Safeguarding Children Board (WVLSCB) agreed with the recommendation of the Case Review Sub-Group that the criteria for a Serious Case Review set out in Working Together to Safeguard Children 2015 were met: abuse was known or suspected, Young Person F had been seriously harmed, and there was cause for concern about the way in which agencies had worked together.
h2|1.2 Scope and terms of reference
p|The review examined agency involvement from September 2013, when Young Person F moved to Brookfield Academy, until 3rd February 2016. The key lines of enquiry were:
b|How well did agencies recognise and respond to the risk of child sexual exploitation (CSE)?
b|How effective was the response to repeated missing episodes, including return home interviews?
b|Was Young Person F's voice heard, and how were her parents supported?
b|How well did agencies share information and escalate concerns?
h2|1.3 Methodology
p|The review used a hybrid model: agencies provided chronologies and Individual Management Reviews (IMRs), and two practitioner learning events were held in June 2016 and September 2016. The lead reviewer met Young Person F twice, with her mother present, and met her father separately. The review panel met on seven occasions between March 2016 and October 2017. The publication of this report was delayed until the conclusion of criminal proceedings against two adult males in January 2018.
h1|2. Background
np|2.1|Young Person F lives with her mother, her father and her younger brother in Wexham Vale. She is described by her family as funny, loyal and fiercely independent. Until the age of thirteen she had no contact with any service beyond universal health and education services.
np|2.2|In the autumn of 2013, at thirteen years and two months, Young Person F started at Brookfield Academy after a managed move from another secondary school, where she had been bullied. Her attendance at Brookfield fell from 94% in the first term to 61% by the summer of 2014.
np|2.3|Her mother told the review that the family first noticed changes in the spring of 2014: Young Person F had a new phone that her parents had not bought, was staying out late, and had an older "boyfriend" whom she would not name.
h1|3. Key events
h2|3.1 The first missing episodes: 2014
np|3.1.1|Young Person F was first reported missing by her mother on 16/07/14. She returned the following day and said that she had been at a friend's house. Northshire Constabulary recorded the episode as low risk. A return home interview was offered by the commissioned provider two weeks later; it was declined by Young Person F.
np|3.1.2|Between August 2014 and December 2014 she was reported missing on nine further occasions. On three of those occasions she was found in Eastbrook, in the company of adult males. On 26th November 2014 officers found her in a car with two men aged twenty-four and thirty-one. She was taken home; the men were not questioned.
np|3.1.3|The school's designated safeguarding lead made a referral to Children's Social Care (CSC) on 2nd December 2014, describing the missing episodes, the older men and a sudden change in Young Person F's appearance. The referral was screened in the Multi-Agency Safeguarding Hub (MASH) and led to a single assessment.
h2|3.2 The single assessment and the CSE screening tool
np|3.2.1|The social worker completed the single assessment in January 2015. She completed the CSE screening tool, which scored Young Person F as "medium risk". The assessment concluded that the family needed support with "boundaries and teenage behaviour" and recommended an Early Help plan. The case was stepped down on 4th February 2015.
np|3.2.2|The review found that the screening tool had been completed from the referral information alone. The information held by the police about the adults with whom Young Person F had been found was not requested, and Young Person F was seen once, at home, with her mother present.
h2|3.3 Escalation in 2015
np|3.3.1|Between March 2015 and April 2015 Young Person F attended the sexual health clinic at Riverside University Hospitals NHS Foundation Trust three times for emergency contraception. The nurse completed a Spotting the Signs proforma on each occasion and recorded concerns about an older partner. A safeguarding referral was made after the third attendance.
np|3.3.2|The referral reached CSC on 12th May 2015, two weeks later. The case was re-opened and a strategy discussion was held on 20th May 2015, attended by CSC and the police but not by health or education. Young Person F was made subject to a child in need plan, and a CSE risk assessment now scored her as "high risk".
np|3.3.3|A multi-agency CSE meeting was held in the late summer of 2015. The actions included disruption work by the police at two addresses in Eastbrook and referral to a specialist CSE worker from a voluntary sector service. The specialist worker began regular sessions with Young Person F in September 2015 and built a good relationship with her.
h2|3.4 Autumn 2015 to February 2016
np|3.4.1|In October 2015 the allocated social worker left the authority. The case was held by the team manager for six weeks before being re-allocated. During this period the child in need plan was not reviewed and the disruption actions were not followed up.
np|3.4.2|Young Person F went missing on 31st January 2016. The police graded the episode as medium risk. She was found on 3rd February 2016 in a flat in Eastbrook, at an address that had been identified at the CSE meeting in 2015. She had been assaulted and had a serious injury to her hand.
tbl|Date|Agency|Event
tr|16/07/14|Police|First missing episode reported; graded low risk
tr|26/11/14|Police|Found in a car with two adult males; taken home
tr|02/12/14|School|Referral to CSC via the MASH
tr|04/02/15|CSC|Single assessment completed; stepped down to Early Help
tr|12/05/15|Health|Referral from sexual health clinic received by CSC
tr|20/05/15|CSC / Police|Strategy discussion; child in need plan
tr|Oct 2015|CSC|Social worker leaves; case held by team manager
tr|03/02/16|Police|Young Person F found injured in Eastbrook
h1|4. Analysis
h2|4.1 Recognising exploitation
p|In 2014 and early 2015 Young Person F's behaviour was seen as a problem of parenting and "teenage choices". Practitioners used language such as "putting herself at risk" and "promiscuous", which located responsibility with the child rather than with the adults who were exploiting her. This reflects a pattern found nationally in the years before 2015.
h2|4.2 Missing episodes and return home interviews
p|Young Person F was missing on twenty-two occasions before she was injured. Only four return home interviews took place. The information from the interviews that did take place, including names and addresses, was not routinely passed to the police or CSC.
h2|4.3 Information sharing and multi-agency working
p|The school, the sexual health clinic, the police and CSC each held important information. The strategy discussion in May 2015 did not include health or education, and the CSE meeting did not have a single lead professional responsible for making sure actions were completed.
h2|4.4 Good practice
b|The sexual health nurse's use of the Spotting the Signs proforma and her persistence in making a referral.
b|The specialist CSE worker's relationship with Young Person F, which Young Person F described as "the first person who didn't judge me".
b|The police investigation after 3rd February 2016, which led to the conviction of two men.
h1|5. Recommendations
np|5.1|WVLSCB should seek assurance that CSE risk assessments are completed with information from all agencies and that the young person is seen alone.
np|5.2|WVLSCB should review the commissioning of return home interviews so that information from interviews is shared with the police and CSC within twenty-four hours.
np|5.3|Northshire Constabulary and CSC should ensure that strategy discussions about CSE include health and education.
np|5.4|CSC should ensure that no child assessed as at high risk of CSE is left without an allocated social worker, and that plans are reviewed when a worker leaves.
np|5.5|WVLSCB should promote the use of language that does not blame children who are being exploited.
h1|Appendix A – Agencies that contributed
b|Wexham Vale Children's Social Care
b|Northshire Constabulary
b|Brookfield Academy
b|Riverside University Hospitals NHS Foundation Trust (sexual health services)
b|Northshire Partnership NHS Foundation Trust (CAMHS)
b|The commissioned return home interview provider
b|The voluntary sector CSE service
"""


def _ypf_gold_heads():
    heads = []
    for ln in YPF_BLOCKS.strip().splitlines():
        kind, _, rest = ln.partition("|")
        if kind in ("h1", "h2"):
            m = re.match(r"^(?:Appendix ([A-Z]) – |(\d+(?:\.\d+)*)\.? )(.*)$", rest)
            heads.append((m.group(1) or m.group(2), m.group(3), 1 if kind == "h1" else 2, rest))
    return heads


def _docx_field(run, instr):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for t, extra in (("begin", None), ("instr", instr), ("separate", None), ("end", None)):
        if t == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = extra
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), t)
        run._r.append(el)
    return run


def _build_ypf_docx(path: Path, toc_pages: dict[str, int]):
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.54)
    sec.different_first_page_header_footer = True
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        st = d.styles[name]
        st.font.name, st.font.size, st.font.bold = "Arial", Pt(size), True
        st.font.color.rgb = None
        st.paragraph_format.space_before = Pt(14 if size == 14 else 10)
        st.paragraph_format.space_after = Pt(6)
    hp = sec.header.paragraphs[0]
    hp.text = "Final Overview Report SCR YP F – November 2017 Restricted"
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp.runs[0].font.size = Pt(9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for txt, fld in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
        r = fp.add_run(txt)
        r.font.size = Pt(9)
        _docx_field(fp.add_run(), fld).font.size = Pt(9)

    def centre(text, size, bold=False, after=12):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(after)
        r = p.add_run(text)
        r.font.size, r.bold = Pt(size), bold

    for _ in range(4):
        d.add_paragraph()
    centre("Wexham Vale Local Safeguarding Children Board", 16, True, 60)
    centre("Serious Case Review – Young Person F", 22, True, 20)
    centre("Final Overview Report", 14, False, 80)
    centre("Lead reviewer: Jane Pemberton", 12)
    centre("November 2017", 12)
    centre("Published by WVLSCB – 13th March 2018", 12)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    p = d.add_paragraph()
    r = p.add_run("Contents")
    r.bold, r.font.size = True, Pt(14)
    for num, title, level, printed in _ypf_gold_heads():
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(15.9), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        p.paragraph_format.space_after = Pt(3)
        r = p.add_run(f"{printed}\t{toc_pages.get(printed, 0)}")
        r.bold = level == 1
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    table = None
    for ln in YPF_BLOCKS.strip().splitlines():
        kind, _, rest = ln.partition("|")
        if kind == "h1":
            d.add_heading(rest, level=1)
        elif kind == "h2":
            d.add_heading(rest, level=2)
        elif kind == "p":
            p = d.add_paragraph(rest)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind == "np":
            num, _, text = rest.partition("|")
            p = d.add_paragraph(f"{num}\t{text}")
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.left_indent = Cm(1.5)
            p.paragraph_format.first_line_indent = Cm(-1.5)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(1.5))
        elif kind == "b":
            d.add_paragraph(rest, style="List Bullet")
        elif kind == "tbl":
            table = d.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, rest.split("|")):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
        elif kind == "tr":
            cells = table.add_row().cells
            for cell, text in zip(cells, rest.split("|")):
                cell.text = text
    for row in table.rows:
        for cell, w in zip(row.cells, (Cm(2.6), Cm(3.2), Cm(10.0))):
            cell.width = w
    d.core_properties.author = "Jane Pemberton"
    d.core_properties.title = "SCR YP F Final Overview Report"
    d.save(str(path))


def _normalise_lo_pdf(data: bytes) -> bytes:
    """Make a LibreOffice export byte-stable: fixed dates and document ID (same lengths, so xref stays valid)."""
    data = re.sub(rb"D:\d{14}[^)>]*", lambda m: (b"D:20171128093000Z'" + b" " * 40)[:len(m.group(0))], data)
    data = re.sub(rb"/DocChecksum /([0-9A-Fa-f]+)", lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)), data)
    return re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
                  lambda m: m.group(0).replace(m.group(1), b"A" * len(m.group(1))).replace(m.group(2),
                                                                                        b"B" * len(m.group(2))),
                  data)


def _ypf_pages(pdf_path: Path) -> dict[str, int]:
    import pdfplumber

    heads = _ypf_gold_heads()
    with pdfplumber.open(str(pdf_path)) as pdf:
        pages = [[re.sub(r"\s+", " ", ln).strip() for ln in (pg.extract_text() or "").splitlines()]
                 for pg in pdf.pages]
    found, start = {}, 2  # skip title page and contents
    for _num, _title, _level, printed in heads:
        for i in range(start, len(pages)):
            if printed in pages[i]:
                found[printed] = i + 1
                start = i
                break
    return found


def build_docx_sample(out_dir: Path, gold_dir: Path | None):
    """scr-2017-young-person-f: a genuinely Word-like PDF (python-docx -> LibreOffice). Needs soffice and
    python-docx; without them the committed PDF is left as it is."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    try:
        import docx  # noqa: F401
    except ImportError:
        soffice = None
    if not soffice:
        print(f"skip {DOCX_STEM}: needs python-docx and LibreOffice (soffice); committed PDF kept")
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for _ in range(3):  # contents page numbers come from the previous conversion
            src = tmp / f"{DOCX_STEM}.docx"
            _build_ypf_docx(src, pages)
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
                            "--convert-to", "pdf", "--outdir", str(tmp), str(src)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            new = _ypf_pages(tmp / f"{DOCX_STEM}.pdf")
            if new == pages:
                break
            pages = new
        data = _normalise_lo_pdf((tmp / f"{DOCX_STEM}.pdf").read_bytes())
    path = out_dir / f"{DOCX_STEM}.pdf"
    path.write_bytes(data)
    heads = _ypf_gold_heads()
    print(f"{path}  (LibreOffice)  headings={len(heads)}")
    if gold_dir:
        d = gold_dir / DOCX_STEM
        d.mkdir(parents=True, exist_ok=True)
        gold = [{"number": n, "title": t, "level": lv, "page_start": pages.get(pr)} for n, t, lv, pr in heads]
        (d / "sections.json").write_text(json.dumps({"sections": gold}, indent=1, ensure_ascii=False) + "\n")
        meta = {"title": "Serious Case Review – Young Person F", "subject": "Young Person F",
                "partnership": "Wexham Vale Local Safeguarding Children Board", "author": "Jane Pemberton",
                "published": "2018-03-13", "published_year": 2018, "review_type": "SCR"}
        (d / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


# ---- BAD INPUTS ----

def _scanned_page_png() -> bytes:
    """A page 'scanned' to a greyscale image: text drawn into pixels, light speckle, slight skew."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFont

    w, h = 1240, 1754  # A4 at 150 dpi
    img = Image.new("L", (w, h), 248)
    d = ImageDraw.Draw(img)
    font_path = next((str(p / "DejaVuSerif.ttf") for p in _FONT_DIRS if (p / "DejaVuSerif.ttf").exists()), None)
    try:
        big = ImageFont.truetype(font_path, 34) if font_path else ImageFont.load_default()
        body = ImageFont.truetype(font_path, 22) if font_path else ImageFont.load_default()
    except OSError:
        big = body = ImageFont.load_default()
    d.text((150, 160), "Eastbrook Area Child Protection Committee", font=big, fill=30)
    d.text((150, 220), "Part 8 Case Review: Child D – Executive Summary", font=big, fill=30)
    lines = [
        "1.1 This review was commissioned by the Area Child Protection Committee",
        "following the death of Child D in the early winter of 2003. Child D was",
        "aged eleven months. The review considered the involvement of the health",
        "visitor, the GP, Social Services and the Police between March 2002 and",
        "December 2003.",
        "",
        "1.2 The Review Panel met on six occasions between February 2004 and",
        "July 2004. Agencies provided management reviews and chronologies.",
    ]
    y = 340
    for ln in lines:
        d.text((150, y), ln, font=body, fill=40)
        y += 38
    rnd = random.Random(7)
    px = img.load()
    for _ in range(6000):
        x, yy = rnd.randrange(w), rnd.randrange(h)
        px[x, yy] = rnd.choice((120, 160, 200))
    img = img.rotate(0.6, fillcolor=248)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _scanned_pdf(path: Path):
    import io

    from reportlab.lib.utils import ImageReader

    c = rl_canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setCreator("Canon iR-ADV C5535 PDF")
    c.setProducer("Canon iR-ADV C5535")
    c.drawImage(ImageReader(io.BytesIO(_scanned_page_png())), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()


def _cid_garbage_pdf(path: Path):
    """A hand-built PDF whose font is Type0/Identity-H with an embedded TrueType and NO ToUnicode map.

    The page renders correctly (glyph ids index the embedded font), but text extraction can only report
    the glyph ids, e.g. pdfminer/pdfplumber give "(cid:43)(cid:72)..."."""
    import reportlab
    from reportlab.pdfbase.ttfonts import TTFontFile

    ttf = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    ff = TTFontFile(str(ttf))
    font_bytes = bytearray(ttf.read_bytes())
    # Rename the 'cmap' table in the directory: rendering a CIDFontType2 with /CIDToGIDMap /Identity does not
    # need it, but extractors can no longer invert glyph ids to Unicode (this is what broken producers emit).
    n_tables = int.from_bytes(font_bytes[4:6], "big")
    for i in range(n_tables):
        off = 12 + 16 * i
        if font_bytes[off:off + 4] == b"cmap":
            font_bytes[off:off + 4] = b"cmaX"
    font_bytes = bytes(font_bytes)
    lines = [
        "Serious Case Review: Child E",
        "Northshire Local Safeguarding Children Board",
        "1.1 Child E was born in the spring of 2012. The health visitor",
        "completed the new birth visit on 3rd May 2012 and recorded no concerns.",
        "1.2 In the late autumn of 2013 the Police were called to the home.",
        "Section Two - Findings",
    ]
    used = sorted({ch for ln in lines for ch in ln})
    gid = {ch: ff.charToGlyph.get(ord(ch), 0) for ch in used}
    widths = {gid[ch]: int(round(pdfmetrics.stringWidth(ch, "Helvetica", 1000))) for ch in used}
    content = ["BT", "/F1 16 Tf", "72 760 Td"]
    for i, ln in enumerate(lines):
        if i == 1:
            content.append("/F1 11 Tf")
        content.append("<" + "".join(f"{gid[ch]:04X}" for ch in ln) + "> Tj")
        content.append("0 -22 Td")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    w_arr = " ".join(f"{g} [{w}]" for g, w in sorted(widths.items()))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /BitstreamVeraSans-Roman /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /BitstreamVeraSans-Roman "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R "
        b"/CIDToGIDMap /Identity /DW 600 /W [" + w_arr.encode() + b"] >>",
        b"<< /Type /FontDescriptor /FontName /BitstreamVeraSans-Roman /Flags 32 /FontBBox [-183 -236 1287 928] "
        b"/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 8 0 R >>",
        b"<< /Length %d /Length1 %d >>\nstream\n" % (len(font_bytes), len(font_bytes)) + font_bytes + b"\nendstream",
        b"<< /Producer (PDF-XChange 4.0) /Creator (Scan2PDF) /Title (Child E) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, len(objs), xref)
    path.write_bytes(bytes(out))


def _small_good_pdf(path: Path | None = None, encrypt=None) -> bytes:
    import io

    buf = io.BytesIO()
    doc = BaseDocTemplate(buf if path is None else str(path), pagesize=A4, invariant=1, encrypt=encrypt,
                          title="Serious Case Review: Child F", author="Eastbrook LSCB")
    frame = Frame(2.5 * cm, 2.5 * cm, PAGE_W - 5 * cm, PAGE_H - 5 * cm, id="f")
    doc.addPageTemplates([PageTemplate("p", [frame])])
    st = styles("Helvetica", 11)
    story = [Paragraph("Serious Case Review: Child F", st["h1"])]
    para = ("Child F was known to Children's Social Care (CSC) from the autumn of 2014. The health visitor "
            "recorded concerns about home conditions on 4th March 2015 and again two weeks later. Northshire "
            "Constabulary attended the address on three occasions between June 2015 and August 2015.")
    for i in range(1, 25):
        story.append(Paragraph(f"1.{i} {para}", st["body"]))
    doc.build(story)
    return buf.getvalue() if path is None else Path(path).read_bytes()


def write_bad(d: Path) -> None:
    """Bad-input fixtures for the reader's error handling (tests/fixtures/bad/)."""
    from reportlab.lib import pdfencrypt

    d.mkdir(parents=True, exist_ok=True)
    _scanned_pdf(d / "scanned-no-text.pdf")
    _cid_garbage_pdf(d / "cid-garbage.pdf")
    enc = pdfencrypt.StandardEncryption("safeguard", ownerPassword="board-owner", canPrint=1, canModify=0,
                                        canCopy=0, canAnnotate=0, strength=128)
    _small_good_pdf(d / "encrypted-password.pdf", encrypt=enc)
    good = _small_good_pdf()
    (d / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (d / "not-a-pdf.pdf").write_text(
        "Serious Case Review – Child G\n\nThis file is the plain-text export of a review that was saved with a "
        ".pdf extension by mistake.\n", encoding="utf-8")
    (d / "empty.pdf").write_bytes(b"")
    for p in sorted(d.glob("*.pdf")):
        print(f"{p}  bytes={p.stat().st_size}")


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
    if not a.only or a.only == DOCX_STEM:
        build_docx_sample(a.out, a.gold)
    if a.bad:
        write_bad(a.bad)
    return 0


if __name__ == "__main__":
    sys.exit(main())
