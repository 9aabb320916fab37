"""Render the real Coventry SCR text (/work/shared/corpora/text/scr-coventry-child-s.txt) as a Word-like PDF.

    .venv/bin/python corpora/render_shared.py [TEXT_PATH] [OUT_PATH]

The output (default build/shared/scr-coventry-child-s.pdf) is a derived copy of shared material: build/ is
git-ignored and the PDF must never be committed. Tests call ``render(text_path, out_path)`` and skip when
/work/shared is absent.

What it reproduces: a cover page (board, title, author, chair); the Contents page as dot-leader lines with the
page numbers printed in the text (which, as in many real reports, do not match the physical pages); headings
"Section One – Introduction" (bold 14pt), "1.1 ..." (bold 12pt), "1.3.1 ..." (bold italic 11pt), "Appendix A"
followed by its italic subtitle; justified Helvetica 11pt body; bullets; **bold** runs; footnotes (lines
starting with superscript digits) set in small type at the foot of the page where their paragraph lands;
running header "Coventry LSCB – Serious Case Review – Child S" and footer "Page N of M".

``--layout brochure|numbered|inline`` (``render_with_gold(text, out, layout)``) sets the same text in other house
styles (see LAYOUTS and corpora/README.md); ``render_with_gold`` also returns the gold sections the renderer set.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import A4, LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageBreak,  # noqa: E402
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

import generate as g  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEXT = Path("/work/shared/corpora/text/scr-coventry-child-s.txt")
DEFAULT_OUT = REPO / "build" / "shared" / "scr-coventry-child-s.pdf"

SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_RE = re.compile(f"[{SUP}]+")
SUP_MAP = {c: str(i) for i, c in enumerate(SUP)}
WORDS = {w.lower(): i for i, w in enumerate(g.NUMBER_WORDS)}


def _inline(t: str) -> str:
    """Markdown-ish inline markup -> reportlab paragraph markup."""
    t = re.sub(r"<(https?://[^>]+)>", r"\1", t)
    t = t.replace("&", "&amp;").replace("<i>", "\x01").replace("</i>", "\x02")
    t = t.replace("<", "&lt;").replace(">", "&gt;").replace("\x01", "<i>").replace("\x02", "</i>")
    t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
    t = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", t)
    return SUP_RE.sub(lambda m: "<super>" + "".join(SUP_MAP[c] for c in m.group(0)) + "</super>", t)


def _heading(line: str):
    """(level, number, title, display) for a body heading line, else None."""
    m = re.match(r"^Section (\w+) – (.+)$", line)
    if m and m.group(1).lower() in WORDS:
        return 1, str(WORDS[m.group(1).lower()]), m.group(2).strip(), line
    if line in ("Appendices",) or re.match(r"^The Post Trial Addendum", line):
        return 1, None, line, line
    m = re.match(r"^Appendix ([A-Z])$", line)
    if m:
        return 2, m.group(1), None, line
    m = re.match(r"^(\d+\.\d+(?:\.\d+)?) (.+)$", line)
    if m and len(line) < 90 and not line.endswith((".", ";", ":", ",")):
        return m.group(1).count(".") + 1, m.group(1), m.group(2).strip(), line
    return None


def parse_text(text: str):
    """Split the text into cover lines, TOC entries and body blocks."""
    lines = text.splitlines()
    i_contents = next(i for i, ln in enumerate(lines) if ln.strip() == "Contents")
    cover = [ln.strip() for ln in lines[:i_contents] if ln.strip()]
    first_body = next(i for i in range(i_contents + 1, len(lines)) if lines[i].strip() == "Section One – Introduction"
                      and "\t" not in lines[i] and "..." not in lines[i])
    toc = []
    for ln in lines[i_contents + 1:first_body]:
        ln = ln.strip()
        if not ln:
            continue
        m = re.match(r"^(.*?)[\s.\t]*(\d+)$", ln)
        if m:
            toc.append((m.group(1).strip(), m.group(2)))
    blocks = [b.strip() for b in re.split(r"\n\s*\n", "\n".join(lines[first_body:])) if b.strip()]
    return cover, toc, blocks


def build_elements(text: str):
    cover, toc, blocks = parse_text(text)
    els: list[g.El] = [g.El("raw", "cover"), g.El("raw", "toc")]
    paras: list[g.El] = []  # paragraphs that may carry footnotes
    pending_appendix = None
    last_host = None
    for b in blocks:
        first = b.splitlines()[0].strip()
        if SUP_RE.match(first):  # footnote line
            m = SUP_RE.match(first)
            num = "".join(SUP_MAP[c] for c in m.group(0))
            body = _inline(first[m.end():].strip())
            marker = m.group(0)
            host = next((p for p in reversed(paras[-12:]) if marker in p.arg), None) or last_host or (
                paras[-1] if paras else None)  # mislabelled footnote: keep it with the previous footnote
            if host is not None:
                last_host = host
                host.text += f"[[fn={num}:{body}]]"
            continue
        if pending_appendix is not None:
            pending_appendix.text = first
            pending_appendix.arg = "appendix"
            pending_appendix = None
            continue
        h = _heading(first) if "\n" not in b else None
        if h:
            level, number, title, display = h
            el = g.El("h", title or "", number, level, arg=display)
            els.append(el)
            if number and number.isalpha():
                pending_appendix = el
            continue
        if all(ln.strip().startswith("- ") for ln in b.splitlines()):
            els.append(g.El("bullets", items=[_inline(ln.strip()[2:]) for ln in b.splitlines()]))
            continue
        if re.match(r"^Care Pathway \d$", first):
            els.append(g.El("label", first))
            continue
        t = " ".join(ln.strip() for ln in b.splitlines())
        prev = els[-1] if els else None
        if (prev is not None and prev.kind == "p" and not re.search(r"[.:;!?\"”’)]$", prev.arg)
                and re.match(r"^[a-z]", t)):  # paragraph split by a page break in the source
            prev.arg += " " + t
            prev.text += " " + _inline(t)
            continue
        el = g.El("p", _inline(t), arg=t)
        els.append(el)
        paras.append(el)
    return cover, toc, els


def render(text_path: Path | str = DEFAULT_TEXT, out_path: Path | str = DEFAULT_OUT, layout: str = "word") -> Path:
    """Render the text in one of LAYOUTS; returns the PDF path (``render_with_gold`` also gives the gold)."""
    return render_with_gold(text_path, out_path, layout)[0]


def render_with_gold(text_path: Path | str = DEFAULT_TEXT, out_path: Path | str = DEFAULT_OUT,
                     layout: str = "word") -> tuple[Path, list[dict]]:
    """(pdf path, gold sections) for one layout. The gold is what the renderer itself set as headings, with
    the physical page each landed on: blind by construction (never taken from the extractor)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUTS)}")
    text = Path(text_path).read_text(encoding="utf-8")
    return LAYOUTS[layout](text, Path(out_path))


def _render_word(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    cover, toc, els = build_elements(text)

    def cover_fn(st, state, arg, pt):
        out = [Spacer(1, 4 * cm)]
        sizes = [18, 22, 13, 13]
        for i, ln in enumerate(cover):
            out.append(Paragraph(_inline(ln), ParagraphStyle(
                "cv", fontName="Helvetica-Bold" if i < 2 else "Helvetica", fontSize=sizes[min(i, 3)],
                leading=sizes[min(i, 3)] * 1.3, alignment=TA_CENTER, spaceAfter=50 if i < 2 else 14)))
        out.append(PageBreak())
        return out

    def toc_fn(st, state, arg, pt):
        out = [Paragraph("Contents", st["h1"])]
        for entry, page in toc:
            ital = None
            m = re.match(r"^(\d+\.\d+\.\d+) <i>(.*)</i>$", entry)
            level = 1 if entry.startswith(("Section", "Appendices")) else 2
            if m:
                ital, level = (m.group(1), m.group(2)), 3
            elif entry.startswith("<i>"):
                ital, level = ("", re.sub(r"</?i>", "", entry)), 3
            elif re.match(r"^\d+\.\d+ ", entry) or entry.startswith("Appendix "):
                level = 2
            out.append(g.TOCLine(re.sub(r"</?i>", "", entry), page, "Helvetica", 10.5, indent=(level - 1) * 14,
                                 bold=level == 1, italic_title=ital))
        out.append(PageBreak())
        return out

    def hfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number}<br/><i>{el.text}</i>"
        if el.level == 3:
            return f"{el.number} <i>{el.text}</i>"
        return g.xml_escape_amp(el.arg) if el.level == 1 else f"{el.number} {el.text}"

    spec = g.Spec(
        stem="scr-coventry-child-s", meta={}, src="", font="Helvetica", size=11, h_sizes=(14, 12, 11, 11),
        heading_fmt=hfmt, furniture=g.furniture_factory(header="Coventry LSCB – Serious Case Review – Child S",
                                                        footer="Page {n} of {m}", size=9),
        furniture_from=2, extra={"cover": cover_fn, "toc": toc_fn}, creator="Microsoft® Word 2010",
        producer="Microsoft® Word 2010", pdf_title="Serious Case Review concerning Child S")
    for el in els:
        if el.kind == "h" and el.level == 1:
            el.text = el.text if el.number else el.arg
    path, gold, _total = g.build(spec, out_path.parent, els=els, path=out_path)
    return path, gold


# ------------------------------------------------------------------------------------------ other layouts
# The same text in house styles the extractor was not written against (issue 13). Each layout renders
# from the same elements as the Word layout and returns the gold the renderer itself set: every heading
# flowable records the physical page it lands on (generate.py's Heading/Band ``_gold_idx``).

class _PageDoc(g.Doc):
    """generate.Doc on any page size (generate.Doc itself is A4)."""

    def __init__(self, path, spec, state, pagesize=A4):
        self.spec, self.state = spec, state
        l, r, t, b = spec.margins
        BaseDocTemplate.__init__(self, str(path), pagesize=pagesize, leftMargin=l, rightMargin=r, topMargin=t,
                                 bottomMargin=b, invariant=1, title=spec.pdf_title, author=spec.pdf_author,
                                 creator=spec.creator, producer=spec.producer, subject="")
        if spec.templates:
            self.addPageTemplates(spec.templates(self))
        else:
            w, h = pagesize
            frame = Frame(l, b, w - l - r, h - t - b, id="main", leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0)
            self.addPageTemplates([PageTemplate("main", [frame], onPage=self._on_page,
                                                onPageEnd=self._on_page_end)])


def _build(spec: g.Spec, els: list, path: Path, pagesize=A4, restyle=None) -> tuple[Path, list[dict]]:
    """generate.build with a page size and restyled headings; returns (path, gold)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    st = g.styles(spec.font, spec.size, spec.leading, spec.align, spec.h_sizes, h_colour=spec.h_colour)
    if restyle:
        restyle(st)
    pages, total = {}, 0
    for _ in range(6):
        state = g.State(pages, total)
        doc = _PageDoc(path, spec, state, pagesize)
        doc.build(g.make_story(spec, els, state, st))
        if state.pages == pages and doc.page == total:
            break
        pages, total = dict(state.pages), doc.page
    gold = [{"number": els[i].number, "title": re.sub(r"<[^>]+>", "", els[i].text), "level": els[i].level,
             "page_start": state.pages[i]} for i in sorted(state.pages) if els[i].kind == "h"]
    return path, gold


def _elements(text: str):
    """Cover lines and elements with every heading's title set (appendix: its subtitle) and the TOC
    replaced by one built from the headings, with the physical pages of the previous pass."""
    cover, _toc, els = build_elements(text)
    for el in els:
        if el.kind == "h" and el.level == 1 and not el.number:
            el.text = el.arg
        if el.kind == "raw" and el.text == "toc":
            el.kind, el.text = "toc", ""
    return cover, els


def _section_tree(els) -> dict[int, list[int]]:
    """Index of each level-1 heading -> indexes of the level-2 headings under it."""
    out, cur = {}, None
    for i, el in enumerate(els):
        if el.kind == "h" and el.level == 1:
            cur = i
            out[cur] = []
        elif el.kind == "h" and el.level == 2 and cur is not None:
            out[cur].append(i)
    return out


def _plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(g.FN_RE, "", markup))


def _cover_flowables(cover, font, colour=colors.black, sizes=(18, 22, 13, 13), top=4 * cm, align=TA_CENTER):
    out = [Spacer(1, top)]
    for i, ln in enumerate(cover):
        s = sizes[min(i, 3)]
        out.append(Paragraph(_inline(ln), ParagraphStyle(
            f"cv{i}", fontName=g.BOLD.get(font, font) if i < 2 else font, fontSize=s, leading=s * 1.3,
            alignment=align, textColor=colour, spaceAfter=50 if i < 2 else 14)))
    return out


def _straight_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _render_numbered(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """Plain numbered headings: US Letter, Times 12 ragged right, straight quotes, "1. Introduction" /
    "1.1 …" bold, "1.3.1 …" italic (not bold), "Appendix A" label line with its subtitle as a separate
    italic body-size line, "Page N of M" footer and no running header."""
    cover, els = _elements(_straight_quotes(text))
    pw, ph = LETTER

    def hfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number}"
        if el.level == 1:
            return f"{el.number}. {el.text}" if el.number else el.text
        return f"{el.number} {el.text}"

    def tocfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number}: {el.text}", None, False
        return hfmt(el), None, el.level == 1

    sub = ParagraphStyle("appsub", fontName="Times-Italic", fontSize=12, leading=15, spaceAfter=10)

    def hook(fls, el, idx):
        if el.kind == "h" and el.arg == "appendix":
            return fls + [Paragraph(g.xml_escape_amp(el.text), sub)]
        return fls

    def furniture(c, doc, n, m):
        c.setFont("Times-Roman", 10)
        c.drawCentredString(pw / 2, 1.3 * cm, f"Page {n} of {m}")

    def cover_fn(st, state, arg, pt):
        return _cover_flowables(cover, "Times-Roman") + [PageBreak()]

    def restyle(st):
        st["h3"].fontName = "Times-Italic"
        st["h4"].fontName = "Times-Italic"

    spec = g.Spec(stem="scr-coventry-child-s-numbered", meta={}, src="", font="Times-Roman", size=12,
                  align=TA_LEFT, h_sizes=(14, 12, 12, 12), margins=(2.54 * cm,) * 4, heading_fmt=hfmt,
                  toc_fmt=tocfmt, toc_levels=2, furniture=furniture, furniture_from=2, hook=hook,
                  extra={"cover": cover_fn}, creator="Writer", producer="LibreOffice 7.4",
                  pdf_title="Serious Case Review concerning Child S")
    return _build(spec, els, out_path, LETTER, restyle)


BLUE = colors.HexColor("#2f5496")


def _render_inline(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """A recent Word template: DejaVu Sans 10 body; headings in the regular (not bold) face, coloured:
    "Section 1: Introduction" 16 pt, "1.1 …" 13 pt, "1.3.1 …" italic 11 pt; appendices on one line as
    "Appendix A: Agency Reports" with no "Appendices" parent (so level 1); running header with the
    partnership name; bare page numbers bottom right."""
    cover, els = _elements(text)
    els = [el for el in els if not (el.kind == "h" and el.level == 1 and el.text == "Appendices")]
    for el in els:
        if el.kind == "h" and el.arg == "appendix":
            el.level = 1
    partnership = cover[0] if cover else ""

    def hfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number}: {el.text}"
        if el.level == 1:
            return f"Section {el.number}: {el.text}" if el.number else el.text
        return f"{el.number}  {el.text}"

    def tocfmt(el):
        return hfmt(el).replace("  ", " "), None, el.level == 1

    def furniture(c, doc, n, m):
        w, h = doc.pagesize
        c.setFont("DejaVuSans", 8)
        c.setFillColor(colors.HexColor("#595959"))
        c.drawString(doc.leftMargin, h - 1.4 * cm, partnership)
        c.drawRightString(w - doc.rightMargin, h - 1.4 * cm, "Serious Case Review: Child S")
        c.setFont("DejaVuSans", 9)
        c.drawRightString(w - doc.rightMargin, 1.3 * cm, str(n))

    def cover_fn(st, state, arg, pt):
        return _cover_flowables(cover, "DejaVuSans", BLUE, top=6 * cm, align=TA_LEFT) + [PageBreak()]

    def restyle(st):
        for k, font, size in (("h1", "DejaVuSans", 16), ("h2", "DejaVuSans", 13), ("h3", "DejaVuSans-Italic", 11),
                              ("h4", "DejaVuSans-Italic", 11)):
            st[k].fontName, st[k].fontSize, st[k].leading, st[k].textColor = font, size, size * 1.3, BLUE
        st["label"].fontName = "DejaVuSans-Bold"

    spec = g.Spec(stem="scr-coventry-child-s-inline", meta={}, src="", font="DejaVuSans", size=10,
                  leading=14, align=TA_LEFT, margins=(2.3 * cm, 2.3 * cm, 2.5 * cm, 2.3 * cm), heading_fmt=hfmt,
                  toc_fmt=tocfmt, toc_levels=2, furniture=furniture, furniture_from=2,
                  extra={"cover": cover_fn}, creator="Microsoft® Word for Microsoft 365",
                  producer="Microsoft® Word for Microsoft 365", pdf_title="Serious Case Review concerning Child S")
    return _build(spec, els, out_path, A4, restyle)


def _render_brochure(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """A designed brochure: DejaVu Sans 9.5 on A4; each section opens on a new page under a full-width
    coloured band ("1  Introduction"), with a sidebar beside the text ("In this section" box listing the
    subsections, and a pull quote repeating a sentence of the section); sections 2, 3 and the appendices
    continue in two columns; "1.1 …" 12.5 pt teal bold, "1.3.1 …" 10 pt plum bold; each
    recommendation is a shaded box whose first row is its heading ("5.1 Recommendation One") and whose
    second row is the recommendation in bold; appendices as a small capitals label "APPENDIX A" above a
    large subtitle; footnotes collected as notes at the end of their section; running header with the
    partnership name, bare page numbers on the outer corner."""
    cover, els = _elements(text)
    partnership = cover[0] if cover else ""
    pw, ph = A4
    lm = rm = 1.8 * cm
    top, bot, gutter, band_h, side_w = 2.4 * cm, 2.0 * cm, 0.8 * cm, 1.7 * cm, 5.4 * cm
    full_w, ch = pw - lm - rm, ph - top - bot
    col_w = (full_w - gutter) / 2

    # footnotes become notes at the end of their section
    notes: dict[int, list[tuple[str, str]]] = {}
    out, cur = [], None
    for el in els:
        if el.kind == "h" and el.level == 1:
            if cur is not None and notes.get(cur):
                out.append(g.El("raw", f"notes {cur}"))
            cur = len(out)
        if el.kind == "p" and cur is not None:
            for m in g.FN_RE.finditer(el.text):
                notes.setdefault(cur, []).append((m.group(1) or "", m.group(2)))
            el.text = g.FN_RE.sub("", el.text)
        out.append(el)
    if cur is not None and notes.get(cur):
        out.append(g.El("raw", f"notes {cur}"))
    els = out
    tree = _section_tree(els)
    rec_heads = {i for i, el in enumerate(els) if el.kind == "h" and el.level == 2
                 and re.match(r"^Recommendation\b", el.text) and i + 1 < len(els) and els[i + 1].kind == "p"}

    def quote_for(i):
        """A sentence of the section's own text to repeat as a pull quote."""
        for el in els[i + 1:]:
            if el.kind == "h" and el.level == 1:
                return None
            if el.kind == "p":
                for s in re.split(r"(?<=[.!?])\s+", _plain(el.text)):
                    if 12 <= len(s.split()) <= 26 and s[:1].isupper() and not re.search(r"[“”\"]", s):
                        return s
        return None

    def header_footer(c, doc):
        c.saveState()
        c.setFillColor(TEAL)
        c.setFont("DejaVuSans-Bold", 8)
        c.drawString(lm, ph - 1.3 * cm, partnership)
        c.setStrokeColor(TEAL)
        c.setLineWidth(0.6)
        c.line(lm, ph - 1.45 * cm, pw - rm, ph - 1.45 * cm)
        c.setFont("DejaVuSans", 8.5)
        n = doc.page
        if n % 2:
            c.drawRightString(pw - rm, 1.0 * cm, str(n))
        else:
            c.drawString(lm, 1.0 * cm, str(n))
        c.restoreState()

    def on_page(c, doc):
        if doc.page >= 2:
            header_footer(c, doc)

    def cover_page(c, doc):
        c.saveState()
        c.setFillColor(TEAL)
        c.rect(0, ph * 0.35, pw, ph * 0.65, stroke=0, fill=1)
        c.setFillColor(PLUM)
        c.rect(0, ph * 0.35 - 0.5 * cm, pw, 0.5 * cm, stroke=0, fill=1)
        c.restoreState()

    def frame(fid, x, y, w, h):
        return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def templates(doc):
        sch = ch - band_h - 0.5 * cm
        end = doc._on_page_end
        return [
            PageTemplate("cover", [frame("cover", 2 * cm, 2 * cm, pw - 4 * cm, ph - 4 * cm)], onPage=cover_page),
            PageTemplate("single", [frame("main", lm, bot, full_w, ch)], onPage=on_page, onPageEnd=end),
            PageTemplate("twocol", [frame("L", lm, bot, col_w, ch), frame("R", lm + col_w + gutter, bot, col_w, ch)],
                         onPage=on_page, onPageEnd=end),
            PageTemplate("opener", [frame("band", lm, ph - top - band_h, full_w, band_h),
                                    frame("side", pw - rm - side_w, bot, side_w, sch),
                                    frame("main", lm, bot, full_w - side_w - gutter, sch)],
                         onPage=on_page, onPageEnd=end),
        ]

    side_title = ParagraphStyle("sidet", fontName="DejaVuSans-Bold", fontSize=10.5, leading=13, textColor=colors.white)
    side_item = ParagraphStyle("sidei", fontName="DejaVuSans", fontSize=8.5, leading=11, textColor=colors.white)
    rec_head = ParagraphStyle("rech", fontName="DejaVuSans-Bold", fontSize=11, leading=14, textColor=colors.white)
    rec_body = ParagraphStyle("recb", fontName="DejaVuSans-Bold", fontSize=9.5, leading=12.5, textColor=PLUM)
    app_label = ParagraphStyle("appl", fontName="DejaVuSans-Bold", fontSize=9, leading=12, textColor=PLUM,
                               spaceBefore=14, keepWithNext=1)
    app_sub = ParagraphStyle("apps", fontName="DejaVuSans-Bold", fontSize=14, leading=18, textColor=TEAL,
                             spaceAfter=8, keepWithNext=1)
    note_style = ParagraphStyle("note", fontName="DejaVuSans", fontSize=7.5, leading=9.5, spaceAfter=2)

    def hook(fls, el, idx):
        if el.kind == "h" and el.level == 1:
            label = f"{el.number}  {el.text}" if el.number else el.text
            side = []
            kids = tree.get(idx, [])
            if kids:
                rows = [[Paragraph("In this section", side_title)]] + [
                    [Paragraph(g.xml_escape_amp(els[k].text), side_item)] for k in kids]
                t = Table(rows, colWidths=[side_w])
                t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), TEAL), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                       ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
                side += [t, Spacer(1, 14)]
            q = quote_for(idx)
            if q:
                side.append(g.PullQuote(g.xml_escape_amp(f"“{q}”"), size=11))
            cont = "twocol" if el.number in ("2", "3") or el.text == "Appendices" else "single"
            after_toc = idx > 0 and els[idx - 1].kind == "toc"  # the Contents page already ended
            band = g.Band(label, idx, font="DejaVuSans-Bold", size=18, bg=TEAL, height=band_h)
            return [*([] if after_toc else [NextPageTemplate("opener"), PageBreak()]), band,
                    FrameBreak(), *(side or [Spacer(1, 1)]), FrameBreak(), NextPageTemplate(cont)]
        if el.kind == "h" and idx in rec_heads:
            head = Paragraph(g.xml_escape_amp(f"{el.number} {el.text}"), rec_head)
            t = Table([[head], [Paragraph(g.xml_escape_amp(els[idx + 1].text), rec_body)]])
            t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), PLUM),
                                   ("BACKGROUND", (0, 1), (-1, -1), colors.HexColor("#f3e9f0")),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
            t._gold_idx = idx
            return [Spacer(1, 10), t, Spacer(1, 10)]
        if idx - 1 in rec_heads:
            return []  # set inside the recommendation box
        if el.kind == "toc":  # the first section opens on the page after the Contents
            return fls[:-1] + [NextPageTemplate("opener"), fls[-1]]
        if el.kind == "h" and el.arg == "appendix":
            return [g.Heading(f"APPENDIX {el.number}", app_label, idx),
                    Paragraph(g.xml_escape_amp(el.text), app_sub)]
        return fls

    def cover_fn(st, state, arg, pt):
        return (_cover_flowables(cover, "DejaVuSans", colors.white, sizes=(15, 30, 12, 12), top=1.5 * cm,
                                 align=TA_LEFT) + [NextPageTemplate("single"), PageBreak()])

    def notes_fn(st, state, arg, pt):
        out = [Spacer(1, 8), Paragraph("Notes", ParagraphStyle("nl", parent=note_style, fontName="DejaVuSans-Bold"))]
        for n, body in notes.get(int(arg), []):
            out.append(Paragraph(f"<super>{n}</super> {g.xml_escape_amp(body)}", note_style))
        return out

    def restyle(st):
        st["h1"].fontSize, st["h1"].leading, st["h1"].textColor = 18, 23, TEAL
        st["h2"].fontSize, st["h2"].leading, st["h2"].textColor = 12.5, 16, TEAL
        for k in ("h3", "h4"):
            st[k].fontSize, st[k].leading, st[k].textColor = 10, 13, PLUM

    def hfmt(el):
        return f"{el.number} {el.text}" if el.number else el.text

    def tocfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number} – {el.text}", None, False
        return (f"{el.number}  {el.text}" if el.number else el.text), None, el.level == 1

    spec = g.Spec(stem="scr-coventry-child-s-brochure", meta={}, src="", font="DejaVuSans", size=9.5,
                  leading=13, align=TA_LEFT, margins=(lm, rm, top, bot), heading_fmt=hfmt, toc_fmt=tocfmt,
                  toc_levels=2, templates=templates, hook=hook, extra={"cover": cover_fn, "notes": notes_fn},
                  creator="Adobe InDesign 17.0 (Windows)", producer="Adobe PDF Library 16.0.7",
                  pdf_title="Serious Case Review concerning Child S")
    return _build(spec, els, out_path, A4, restyle)


def _render_paragraphs(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """A council Word template that numbers its paragraphs, not its subheadings (added after the rules
    were tuned on the other layouts, to measure them on a style they had not seen): Arial-like Helvetica
    11 justified on A4; section headings "1. INTRODUCTION" in bold capitals at body size + 1; subheadings
    unnumbered, bold (level 2) or italic (level 3) at body size; every body paragraph numbered within its
    section with a hanging number ("1.4", "3.12"), so the paragraph numbers look like the other layouts'
    heading numbers; appendices "Appendix A – <subtitle>" on one line; running header "OFFICIAL -
    SENSITIVE" and footer "<partnership> | Page N"."""
    cover, els = _elements(text)
    partnership = cover[0] if cover else ""
    out, sec, k = [], None, 0
    for el in els:
        if el.kind == "h":
            if el.level == 1 and el.arg != "appendix":
                sec, k = el.number, 0
            elif el.arg == "appendix":
                sec, k = None, 0
            if el.level >= 2 and el.arg != "appendix":
                # subheadings carry no number in this style, and the gold none either; a label heading
                # ("Recommendation One") has its label's number, as the splitter reads labels ("Finding 1")
                lm = re.match(r"(?:Recommendation|Finding|Learning Point)\s+(\w+)$", el.text)
                el.number = str(WORDS[lm.group(1).lower()]) if lm and lm.group(1).lower() in WORDS else ""
            out.append(el)
        elif el.kind == "p" and sec:
            k += 1
            out.append(g.El("np", el.text, f"{sec}.{k}"))
        else:
            out.append(el)
    els = out

    def hfmt(el):
        if el.arg == "appendix":
            return f"Appendix {el.number} – {el.text}"
        if el.level == 1:
            return f"{el.number}. {el.text.upper()}" if el.number else el.text.upper()
        return el.text

    def tocfmt(el):
        return hfmt(el), None, el.level == 1

    def furniture(c, doc, n, m):
        c.setFont("Helvetica-Bold", 8)
        c.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, "OFFICIAL - SENSITIVE")
        c.setFont("Helvetica", 8)
        c.drawRightString(A4[0] - 2.2 * cm, 1.2 * cm, f"{_plain(partnership)} | Page {n}")

    def cover_fn(st, state, arg, pt):
        return _cover_flowables(cover, "Helvetica", align=TA_LEFT) + [PageBreak()]

    def restyle(st):
        st["h1"].fontName, st["h1"].fontSize = "Helvetica-Bold", 12
        st["h2"].fontName, st["h2"].fontSize = "Helvetica-Bold", 11
        st["h3"].fontName, st["h3"].fontSize = "Helvetica-Oblique", 11
        st["h4"].fontName, st["h4"].fontSize = "Helvetica-Oblique", 11

    spec = g.Spec(stem="scr-coventry-child-s-paragraphs", meta={}, src="", font="Helvetica", size=11,
                  margins=(2.2 * cm,) * 4, heading_fmt=hfmt, toc_fmt=tocfmt, toc_levels=1, furniture=furniture,
                  furniture_from=2, extra={"cover": cover_fn}, creator="Microsoft® Word for Microsoft 365",
                  producer="Microsoft® Word for Microsoft 365", pdf_title="Child S")
    return _build(spec, els, out_path, A4, restyle)


def _render_underlined(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """An older Word report written by an independent author (added after the rules were tuned on the
    other layouts): Times 12 justified on A4; every heading at body size in the regular face, marked only
    by an underline ("1. Introduction", "1.1 What this review is about"), level 3 italic and underlined;
    no table of contents; "Appendix A" with its subtitle on one underlined line; footer "- N -"."""
    cover, els = _elements(_straight_quotes(text))
    els = [el for el in els if el.kind != "toc"]

    def hfmt(el):
        if el.arg == "appendix":
            t = f"Appendix {el.number}: {el.text}"
        elif el.level == 1:
            t = f"{el.number}. {el.text}" if el.number else el.text
        else:
            t = f"{el.number} {el.text}"
        return f"<u>{g.xml_escape_amp(t)}</u>"

    def furniture(c, doc, n, m):
        c.setFont("Times-Roman", 10)
        c.drawCentredString(A4[0] / 2, 1.3 * cm, f"- {n} -")

    def cover_fn(st, state, arg, pt):
        return _cover_flowables(cover, "Times-Roman") + [PageBreak()]

    def restyle(st):
        for k in ("h1", "h2"):
            st[k].fontName, st[k].fontSize = "Times-Roman", 12
        for k in ("h3", "h4"):
            st[k].fontName, st[k].fontSize = "Times-Italic", 12

    spec = g.Spec(stem="scr-coventry-child-s-underlined", meta={}, src="", font="Times-Roman", size=12,
                  margins=(2.5 * cm,) * 4, heading_fmt=hfmt, furniture=furniture, furniture_from=2,
                  extra={"cover": cover_fn}, creator="Microsoft® Word 2007", producer="Microsoft® Word 2007",
                  pdf_title="Serious Case Review Child S")
    return _build(spec, els, out_path, A4, restyle)


def _render_capitals(text: str, out_path: Path) -> tuple[Path, list[dict]]:
    """A plain report typed with the caps-lock key (added after the rules were tuned on the other
    layouts): Helvetica 11 ragged right on A4; no heading numbers and no bold: section headings in
    regular capitals at 12 pt, subheadings in regular capitals at body size, level 3 italic; no contents
    page; "APPENDIX A" then its subtitle in capitals on the next line; footer "N"."""
    cover, els = _elements(text)
    els = [el for el in els if el.kind != "toc"]
    for el in els:
        if el.kind == "h" and el.arg != "appendix":
            lm = re.match(r"(?:Recommendation|Finding|Learning Point)\s+(\w+)$", el.text)  # a label keeps its number
            el.number = str(WORDS[lm.group(1).lower()]) if lm and lm.group(1).lower() in WORDS else ""

    def hfmt(el):
        if el.arg == "appendix":
            return f"APPENDIX {el.number}"
        return el.text.upper() if el.level <= 2 else el.text

    sub = ParagraphStyle("capsub", fontName="Helvetica", fontSize=11, leading=14, spaceAfter=10)

    def hook(fls, el, idx):
        if el.kind == "h" and el.arg == "appendix":
            return fls + [Paragraph(g.xml_escape_amp(el.text.upper()), sub)]
        return fls

    def furniture(c, doc, n, m):
        c.setFont("Helvetica", 9)
        c.drawCentredString(A4[0] / 2, 1.2 * cm, str(n))

    def cover_fn(st, state, arg, pt):
        return _cover_flowables(cover, "Helvetica") + [PageBreak()]

    def restyle(st):
        st["h1"].fontName, st["h1"].fontSize = "Helvetica", 12
        st["h2"].fontName, st["h2"].fontSize = "Helvetica", 11
        st["h3"].fontName, st["h3"].fontSize = "Helvetica-Oblique", 11
        st["h4"].fontName, st["h4"].fontSize = "Helvetica-Oblique", 11

    spec = g.Spec(stem="scr-coventry-child-s-capitals", meta={}, src="", font="Helvetica", size=11, align=TA_LEFT,
                  margins=(2.5 * cm,) * 4, heading_fmt=hfmt, furniture=furniture, furniture_from=2, hook=hook,
                  extra={"cover": cover_fn}, creator="Microsoft® Word 2013", producer="Microsoft® Word 2013")
    return _build(spec, els, out_path, A4, restyle)


TEAL, PLUM = g.TEAL, g.PLUM
# layout name -> renderer; "word" is the original rendering whose gold is corpora/gold/scr-coventry-child-s/
LAYOUTS = {"word": _render_word, "brochure": _render_brochure, "numbered": _render_numbered,
           "inline": _render_inline, "paragraphs": _render_paragraphs, "underlined": _render_underlined,
           "capitals": _render_capitals}


if __name__ == "__main__":
    a = sys.argv[1:]
    lay = "word"
    if "--layout" in a:
        i = a.index("--layout")
        lay, a = a[i + 1], a[:i] + a[i + 2:]
    p = render(Path(a[0]) if a else DEFAULT_TEXT, Path(a[1]) if len(a) > 1 else DEFAULT_OUT, lay)
    print(p)
