"""Stage 1: read a PDF into pages of lines (the only module that touches pdfplumber).

Each page is read once: words with font name and size, grouped into lines in
reading order (two-column layouts are read column by column), ruled data tables
turned into one line per row with cells joined by " | ". Character repairs
(ligatures, soft hyphens, non-breaking spaces, curly quotes, "(cid:NN)" glyphs)
happen here so that no later stage sees them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from .errors import ExtractError
from .model import Document, Line, Page

STAGE = "read"

# pdfminer is chatty about malformed but readable files; its warnings are not ours.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

CHAR_REPAIRS = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00ad": "",  # soft hyphen: a line-break opportunity, never a character
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-",
    "\uf0b7": "\u2022", "\uf0a7": "\u2022", "\uf0d8": "\u2022",  # Symbol-font bullets
}
_REPAIR_RE = re.compile("|".join(map(re.escape, CHAR_REPAIRS)))
CID_RE = re.compile(r"\(cid:\d+\)")
SUPERSCRIPT = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")
# A page whose characters are mostly unmapped glyphs carries no usable text.
CID_DOMINANT = 0.5


def repair(text: str) -> str:
    """Undo what PDF producers do to characters (ligatures, soft hyphens, NBSP, curly quotes)."""
    return _REPAIR_RE.sub(lambda m: CHAR_REPAIRS[m.group(0)], text)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _is_bold(fontname: str) -> bool:
    f = fontname.lower()
    return any(k in f for k in ("bold", "black", "heavy", "semibold", ",bd", "-bd"))


def _is_italic(fontname: str) -> bool:
    f = fontname.lower()
    return "italic" in f or "oblique" in f or f.endswith("-it") or ",it" in f


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool


def _words(page) -> list[_Word]:
    out = []
    for w in page.extract_words(
        extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5, y_tolerance=2.5
    ):
        out.append(
            _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1),
                  _is_bold(w["fontname"]), _is_italic(w["fontname"]))
        )
    return out


def _group_lines(words: list[_Word]) -> list[list[_Word]]:
    """Cluster words into visual lines by vertical overlap, top to bottom."""
    lines: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (round(w.bottom), w.x0)):
        placed = False
        # compare with the last few lines only: lines arrive in order of baseline
        for line in reversed(lines[-3:]):
            ref = max(line, key=lambda x: x.size)
            mid = (w.top + w.bottom) / 2
            if ref.top - 1 <= mid <= ref.bottom + 1 or abs(w.bottom - ref.bottom) <= 0.35 * ref.size:
                line.append(w)
                placed = True
                break
        if not placed:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda l: min(w.top for w in l))
    return lines


def _line_text(words: list[_Word]) -> str:
    """Join a line's words: no space for touching runs (superscripts), ' | ' never here."""
    body = statistics.median(w.size for w in words)
    parts: list[str] = []
    prev: _Word | None = None
    for w in words:
        text = w.text
        # a raised, smaller run of digits straight after a word is a footnote marker
        if prev is not None and w.size < 0.8 * body and w.bottom < prev.bottom - 1 and text.isdigit():
            text = text.translate(SUPERSCRIPT)
        if prev is not None:
            gap = w.x0 - prev.x1
            # pdfplumber splits a word on a gap, or on a change of font: only the
            # latter may be a word continuing (a superscript, a bold run mid-word)
            same_font = (w.size, w.bold, w.italic) == (prev.size, prev.bold, prev.italic)
            if same_font or gap > 0.12 * body:
                parts.append("  " if gap > 2.5 * body else " ")
        parts.append(text)
        prev = w
    return "".join(parts)


def _make_line(page_no: int, words: list[_Word], column: int) -> Line:
    chars = sum(len(w.text) for w in words) or 1
    sizes = [w.size for w in words for _ in w.text]
    return Line(
        page_no=page_no,
        text=repair(_line_text(words)).strip(),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=statistics.median(sizes),
        bold=sum(len(w.text) for w in words if w.bold) / chars >= 0.6,
        italic=sum(len(w.text) for w in words if w.italic) / chars >= 0.6,
        column=column,
    )


def _find_gutter(words: list[_Word], width: float, height: float) -> float | None:
    """x of a vertical gutter splitting the page into two text columns, if there is one."""
    body = [w for w in words if 0.08 * height < w.top < 0.92 * height]
    if len(body) < 60:
        return None
    step = 2.0
    lo, hi = int(0.3 * width / step), int(0.7 * width / step)
    cover = [0] * (int(width / step) + 2)
    for w in body:
        for i in range(int(w.x0 / step), int(w.x1 / step) + 1):
            cover[i] += 1
    # widest run of empty bins in the middle band
    best, run_start, best_span = None, None, 0
    for i in range(lo, hi + 1):
        if cover[i] <= len(body) * 0.01:
            run_start = i if run_start is None else run_start
            if i - run_start + 1 > best_span:
                best_span, best = i - run_start + 1, (run_start + i) / 2 * step
        else:
            run_start = None
    if best is None or best_span * step < 8:
        return None
    left = sum(1 for w in body if w.x1 < best)
    right = sum(1 for w in body if w.x0 > best)
    if min(left, right) < 0.25 * len(body):
        return None
    # many rows with text on the left must also have text on the right, at about the same
    # height (columns need not share baselines)
    left_rows = sorted({round(w.top) for w in body if w.x1 < best})
    right_rows = sorted({round(w.top) for w in body if w.x0 > best})
    paired = sum(1 for t in left_rows if _near(right_rows, t, 8))
    if paired < 0.4 * min(len(left_rows), len(right_rows)):
        return None
    return best


def _near(sorted_vals: list[int], x: float, tol: float) -> bool:
    import bisect

    i = bisect.bisect_left(sorted_vals, x - tol)
    return i < len(sorted_vals) and sorted_vals[i] <= x + tol


def _order_lines(page_no: int, words: list[_Word], width: float, height: float) -> list[Line]:
    gutter = _find_gutter(words, width, height)
    if gutter is None:
        return [_make_line(page_no, ws, 0) for ws in _group_lines(words)]
    # full-width lines (bands, titles) cut the page into horizontal slabs; within a
    # slab read the left column, then the right one
    rows = _group_lines(words)
    out: list[Line] = []
    slab: list[_Word] = []

    def flush():
        left = [w for w in slab if (w.x0 + w.x1) / 2 < gutter]
        right = [w for w in slab if (w.x0 + w.x1) / 2 >= gutter]
        for col, ws in ((1, left), (2, right)):
            out.extend(_make_line(page_no, l, col) for l in _group_lines(ws))
        slab.clear()

    for row in rows:
        spans = any(w.x0 < gutter - 2 < gutter + 2 < w.x1 for w in row)
        if spans:
            flush()
            out.append(_make_line(page_no, row, 0))
        else:
            slab.extend(row)
    flush()
    return out


def _tables(page, page_no: int) -> tuple[list[Line], list[tuple[float, float, float, float]]]:
    """Ruled data tables as one line per row; returns the lines and the bboxes they cover.

    A ruled two-column box whose cells hold paragraphs (the PFD form) is layout, not
    data: it is left to the normal reading order.
    """
    if not page.rects and not page.lines:
        return [], []
    lines, boxes = [], []
    for table in page.find_tables():
        rows = table.extract()
        ncols = max((len(r) for r in rows), default=0)
        cells = [repair(" ".join((c or "").split())) for r in rows for c in r]
        filled = [c for c in cells if c]
        if ncols < 2 or len(rows) < 2 or not filled:
            continue
        if ncols == 2 and statistics.mean(len(c) for c in filled) > 150:
            continue
        # a narrow table without a header row of short labels is a form of boxes (the PFD
        # layout: "1 | CORONER | I am ..."), which reads as text, not as data rows
        header = [repair(" ".join((c or "").split())) for c in rows[0]]
        header_like = all(header) and all(len(c) < 40 for c in header)
        if ncols <= 3 and not header_like:
            continue
        boxes.append(table.bbox)
        for r, row in zip(table.rows, rows):
            text = " | ".join(repair(" ".join((c or "").split())) for c in row)
            if not text.replace("|", "").strip():
                continue
            x0, top, x1, bottom = r.bbox
            lines.append(Line(page_no, text, x0, x1, top, bottom, 0.0, False, False))
    return lines, boxes


def _inside(w: _Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def read_page(page, page_no: int) -> Page:
    """One pdfplumber page -> Page (lines in reading order)."""
    words = _words(page)
    cid = sum(len(CID_RE.findall(w.text)) for w in words)
    cid_len = sum(len(m) for w in words for m in CID_RE.findall(w.text))
    nchars = sum(len(w.text) for w in words) - cid_len + cid  # glyphs, a cid counting one
    table_lines, boxes = _tables(page, page_no)
    if boxes:
        words = [w for w in words if not any(_inside(w, b) for b in boxes)]
    for w in words:
        if "(cid:" in w.text:
            w.text = CID_RE.sub("\ufffd", w.text)
    lines = _order_lines(page_no, words, float(page.width), float(page.height))
    if table_lines:
        # table rows take the size of the text around them, and their place by position
        size = statistics.median([l.size for l in lines]) if lines else 10.0
        table_lines = [Line(l.page_no, l.text, l.x0, l.x1, l.top, l.bottom, size, False, False)
                       for l in table_lines]
        lines = _merge_by_top(lines, table_lines)
    lines = [l for l in lines if l.text]
    return Page(page_no, float(page.width), float(page.height), tuple(lines),
                cid_glyphs=cid, chars=nchars, images=len(page.images))


def _merge_by_top(lines: list[Line], extra: list[Line]) -> list[Line]:
    """Insert table rows into single-column reading order by vertical position."""
    if any(l.column for l in lines):
        return lines + extra
    return sorted(lines + extra, key=lambda l: l.top)


def _pdf_date(value) -> date | None:
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(value or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _info_str(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-16" if value[:2] in (b"\xfe\xff", b"\xff\xfe") else "latin-1", "ignore")
    if value is None:
        return None
    s = repair(str(value)).strip()
    return s or None


def check_header(path: Path) -> None:
    """Reject what is not a PDF before pdfminer sees it (cheap, with a clear message)."""
    size = path.stat().st_size
    if size == 0:
        raise ExtractError(path, STAGE, "empty file (0 bytes)")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").encode("unicode_escape").decode()
        raise ExtractError(path, STAGE, f"not a PDF (no %PDF- header; starts with {shown!r})")


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(path)
    except PDFPasswordIncorrect:
        raise ExtractError(path, STAGE, "password-protected PDF (cannot be opened without its password)") from None
    except Exception as e:  # pdfminer raises many types for broken files
        inner = getattr(e, "args", [None])[0] if e.args else None
        if type(inner).__name__ == "PDFPasswordIncorrect" or "password" in repr(e).lower():
            raise ExtractError(path, STAGE, "password-protected PDF (cannot be opened without its password)") from None
        raise ExtractError(path, STAGE, f"corrupt PDF: {_describe(e)}") from None


def _describe(e: BaseException) -> str:
    msg = str(e).strip() or type(e).__name__
    return msg.splitlines()[0][:200]


def iter_pages(path: str | Path, info: dict | None = None) -> Iterator[Page]:
    """Read a PDF page by page (constant memory: each pdfplumber page is closed after use).

    ``info``, if given, receives the PDF's info dictionary (Title, Author, CreationDate).
    """
    path = Path(path)
    check_header(path)
    pdf = _open(path)
    with pdf:
        if info is not None:
            try:
                info.update(pdf.metadata or {})
            except Exception:
                pass
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise ExtractError(path, STAGE, f"corrupt PDF: {_describe(e)}") from None
        if n == 0:
            raise ExtractError(path, STAGE, "PDF has no pages")
        for i in range(n):
            try:
                page = pdf.pages[i]
                result = read_page(page, i + 1)
                page.close()
            except ExtractError:
                raise
            except Exception as e:
                raise ExtractError(path, STAGE, f"unreadable page: {_describe(e)}", page=i + 1) from None
            yield result


def read(path: str | Path, sha256: str | None = None) -> Document:
    """Read a whole PDF into a Document."""
    path = Path(path)
    info: dict = {}
    pages = tuple(iter_pages(path, info))
    warnings = []
    bad = [p.page_no for p in pages if cid_dominated(p)]
    if bad:
        warnings.append(f"pages dominated by unmapped (cid:NN) glyphs: {_ranges(bad)}")
    return Document(
        source_path=str(path),
        sha256=sha256 or sha256_file(path),
        pages=pages,
        pdf_title=_info_str(info.get("Title")),
        pdf_author=_info_str(info.get("Author")),
        pdf_created=_pdf_date(info.get("CreationDate")),
        warnings=tuple(warnings),
    )


def cid_dominated(page: Page) -> bool:
    """Most of the page's glyphs have no Unicode mapping: its text is garbage."""
    return page.chars > 0 and page.cid_glyphs / page.chars > CID_DOMINANT


def _ranges(nums: list[int]) -> str:
    out, start, prev = [], None, None
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else str(start))
    return ",".join(out)
