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
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, Spacer  # noqa: E402

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


def render(text_path: Path | str = DEFAULT_TEXT, out_path: Path | str = DEFAULT_OUT) -> Path:
    text_path, out_path = Path(text_path), Path(out_path)
    cover, toc, els = build_elements(text_path.read_text(encoding="utf-8"))

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
    path, _gold, _total = g.build(spec, out_path.parent, els=els, path=out_path)
    return path


if __name__ == "__main__":
    a = sys.argv[1:]
    p = render(Path(a[0]) if a else DEFAULT_TEXT, Path(a[1]) if len(a) > 1 else DEFAULT_OUT)
    print(p)
