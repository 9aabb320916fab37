"""Stage 1: read a PDF into pages of lines (the only module that touches pdfplumber and pdfium).

Each page is read once: words with font name and size, grouped into lines in
reading order (two-column layouts are read column by column), ruled data tables
turned into one line per row with cells joined by " | ". Character repairs
(ligatures, soft hyphens, non-breaking spaces, curly quotes, "(cid:NN)" glyphs)
happen here so that no later stage sees them.

Two readers give the words (``--reader``, ``$SCR_READER``). The default, pdfium, takes each
character and its box from pypdfium2 and groups them with pdfplumber's own word rules, so a page
costs a fraction of pdfminer's layout. On a page with vertical rules, pdfplumber's table finder runs
over pdfium's path objects, read as pdfminer reads them (``_path_edges``). pdfminer lays out a
page only where pdfium cannot give all of that (rules inside a form XObject), and pdfplumber reads
every page pdfium cannot read, is rotated, or has boxes off the origin. ``plumber`` has pdfplumber
read every page, as before, for comparison (`make eval` prints both readers' figures and where they
differ).

Damage is contained where it is: a page pdfplumber cannot lay out is read as plain text by pdfium (or
left empty) with a warning on that page; a file whose structure pdfminer cannot read is rewritten by
pdfium and read again, with a warning; only a file with no readable page fails.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import logging
import math
import operator
import os
import re
import statistics
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Iterator

from .errors import ExtractError
from .model import Document, Line, Page

STAGE = "read"

# Who reads the words of a page: pdfium (the default: its characters with their boxes, and its path
# objects for the ruled tables, about five times faster) or pdfplumber (pdfminer's layout of the
# whole page). pdfplumber reads any page pdfium cannot, under either.
READERS = ("pdfium", "plumber")
DEFAULT_READER = "pdfium"
READER_ENV = "SCR_READER"

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
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as e:
        raise _unreadable_file(Path(path), e) from None
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
    """The page's words, their boxes clamped to the page (producers do set text past its edges)."""
    left, top, right, bottom = (float(v) for v in page.bbox)

    def clamp(v, lo, hi):
        return min(max(float(v), lo), hi)

    out = []
    for w in page.extract_words(
        extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5, y_tolerance=2.5
    ):
        out.append(
            _Word(w["text"], clamp(w["x0"], left, right), clamp(w["x1"], left, right),
                  clamp(w["top"], top, bottom), clamp(w["bottom"], top, bottom), round(w["size"], 1),
                  _is_bold(w["fontname"]), _is_italic(w["fontname"]))
        )
    return out


def default_reader() -> str:
    """The reader this process uses: ``$SCR_READER`` (set by ``scr ingest --reader``) or the default."""
    name = os.environ.get(READER_ENV) or DEFAULT_READER
    if name not in READERS:
        raise ValueError(f"unknown reader {name!r} (${READER_ENV}); choose one of {', '.join(READERS)}")
    return name


# pdfplumber's word grouping, given pdfium's characters instead of pdfminer's
_WORD_SETTINGS = dict(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, extra_attrs=["fontname", "size"])
_BLANKS = frozenset((32, 9, 0xA0)) | frozenset(range(0x2000, 0x200C))
_MAX_FORM_DEPTH = 4


@dataclass
class _Scan:
    """What pdfium read of one page: its words, its image count, whether it may hold a ruled table,
    and, where pdfium could read them all, its ruling edges and characters as pdfplumber's table
    finder reads them (None: pdfplumber must lay the page out to find its tables)."""
    words: list[_Word]
    images: int
    ruled: bool
    edges: list[dict] | None = None
    chars: list[tuple] | None = None
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # thin horizontal paths: (x0, x1, y)


def _path_edges(paths: list, height: float) -> list[dict] | None:
    """pdfplumber's ``page.edges`` of pdfium path objects: pdfminer's reading of each painted
    subpath (``paint_path``: a line, an axis-aligned rectangle, or a curve through the end points of
    its segments), as pdfplumber turns them into edges (lines, then rectangles, then curves)."""
    import pypdfium2.raw as R

    lines, rects, curves = [], [], []
    x, y, m = ctypes.c_float(), ctypes.c_float(), R.FS_MATRIX()
    for obj in paths:
        if not R.FPDFPageObj_GetMatrix(obj, m):
            return None
        ops: list[list] = []  # [op, (x, y)] in pdfplumber's coordinates
        bezier = 0
        for k in range(R.FPDFPath_CountSegments(obj)):
            seg = R.FPDFPath_GetPathSegment(obj, k)
            if not seg or not R.FPDFPathSegment_GetPoint(seg, x, y):
                return None
            kind = R.FPDFPathSegment_GetType(seg)
            pt = (m.a * x.value + m.c * y.value + m.e, height - (m.b * x.value + m.d * y.value + m.f))
            if kind == R.FPDF_SEGMENT_MOVETO:
                ops.append(["m", pt])
            elif kind == R.FPDF_SEGMENT_LINETO:
                ops.append(["l", pt])
            elif kind == R.FPDF_SEGMENT_BEZIERTO:  # three points a curve: its end point is the third
                bezier += 1
                if bezier % 3 == 0:
                    ops.append(["c", pt])
                continue
            else:
                return None
            if R.FPDFPathSegment_GetClose(seg):
                ops.append(["h", None])
        if bezier % 3:
            return None
        starts = [i for i, o in enumerate(ops) if o[0] == "m"]
        if not starts or starts[0] != 0:
            continue  # pdfminer paints nothing of a path that does not begin with a move
        for a, b in zip(starts, starts[1:] + [len(ops)]):
            sub = ops[a:b]
            if len(sub) < 2:
                continue
            shape = "".join(o[0] for o in sub)
            pts = [o[1] if o[0] != "h" else sub[0][1] for o in sub]
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"
                pts.pop()
            if shape in ("mlh", "ml"):
                (x0, y0), (x1, y1) = pts[0], pts[1]
                top, bottom = min(y0, y1), max(y0, y1)
                lines.append({"object_type": "line", "x0": min(x0, x1), "x1": max(x0, x1), "top": top,
                              "bottom": bottom, "doctop": top, "width": abs(x1 - x0), "height": bottom - top,
                              "orientation": "h" if top == bottom else "v"})
                continue
            if shape in ("mlllh", "mllll"):
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                         or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                    left, right = min(x0, x2), max(x0, x2)
                    top, bottom = min(y0, y2), max(y0, y2)
                    w, h = right - left, bottom - top
                    base = {"object_type": "rect_edge", "x0": left, "x1": right, "top": top, "bottom": bottom,
                            "doctop": top, "width": w, "height": h}
                    rects += [{**base, "height": 0, "bottom": top, "orientation": "h"},
                              {**base, "height": 0, "top": top + h, "doctop": top + h, "orientation": "h"},
                              {**base, "width": 0, "x1": left, "orientation": "v"},
                              {**base, "width": 0, "x0": right, "orientation": "v"}]
                    continue
            for (ax, ay), (bx, by) in zip(pts, pts[1:]):
                curves.append({"object_type": "curve_edge", "x0": min(ax, bx), "x1": max(ax, bx),
                               "top": min(ay, by), "doctop": min(ay, by), "bottom": max(ay, by),
                               "width": abs(ax - bx), "height": abs(ay - by),
                               "orientation": "v" if ax == bx else ("h" if ay == by else None)})
    return lines + rects + curves


class _RuledPage:
    """What pdfplumber's table finder reads of a page, from pdfium: its edges, its characters and its
    box. ``_tables`` takes it in place of a pdfplumber page, so pdfminer need not lay the page out."""

    def __init__(self, width: float, height: float, edges: list[dict], chars: list[tuple]):
        self.width, self.height = width, height
        self.bbox = (0.0, 0.0, width, height)
        self.edges = edges
        self.rects = self.lines = edges  # _tables' first test: are there any rules at all
        self.chars = [{"text": c[0], "x0": c[1], "x1": c[2], "top": c[3], "bottom": c[4], "doctop": c[3],
                       "upright": c[5], "fontname": c[6], "size": c[7]} for c in chars]

    def find_tables(self, table_settings=None):
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(table_settings)).tables


_fns = None


def _pdfium_fns():
    """pdfium's per-character calls, bound again with plain argument and result types: they run
    thousands of times a page, and pypdfium2's typed bindings check and wrap every pointer."""
    global _fns
    if _fns is None:
        import types

        import pypdfium2.raw as R

        from pypdfium2_raw import bindings

        # through PyDLL, which keeps the GIL across the call: these calls take well under a
        # microsecond, and releasing and taking back the GIL for each was a tenth of their cost
        try:
            lib = ctypes.PyDLL(bindings._libs["pdfium"]._name)  # the loaded library: the same handle
        except (OSError, AttributeError):
            lib = bindings._libs["pdfium"]
        vp, i = ctypes.c_void_p, ctypes.c_int

        def bind(name, restype, *argtypes):
            fn = lib[name]
            fn.argtypes, fn.restype = argtypes, restype
            return fn

        _fns = types.SimpleNamespace(
            R=R,
            unicode=bind("FPDFText_GetUnicode", ctypes.c_uint, vp, i),
            text_object=bind("FPDFText_GetTextObject", vp, vp, i),
            loose_box=bind("FPDFText_GetLooseCharBox", ctypes.c_int, vp, i, vp),
            origin=bind("FPDFText_GetCharOrigin", ctypes.c_int, vp, i, vp, vp),
            map_error=bind("FPDFText_HasUnicodeMapError", ctypes.c_int, vp, i),
            generated=bind("FPDFText_IsGenerated", ctypes.c_int, vp, i),
        )
    return _fns


_FONT_AND_SIZE, _X0, _UPRIGHT = operator.itemgetter(6, 7), operator.itemgetter(1), operator.itemgetter(5)
_SURROGATES = frozenset(range(0xD800, 0xE000))

_LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi", "\ufb02": "fl",
              "\ufb06": "st", "\ufb05": "st"}  # pdfplumber's
_LIGATURE_TABLE = str.maketrans(_LIGATURES)


def _char_words(chars: list[tuple]) -> list[tuple]:
    """Words (text, x0, x1, top, bottom, fontname, size) of characters (text, x0, x1, top, bottom,
    upright, fontname, size), by pdfplumber's rules (``WordExtractor`` with ``_WORD_SETTINGS``):
    runs of one font and size in file order, each clustered into lines by top (within
    y_tolerance), each line by x0, a word broken at a blank, a gap over x_tolerance, a step back or
    a change of line. The same words as pdfplumber's (tested), several times faster on tuples;
    rotated characters go to pdfplumber's own code.
    """
    import itertools

    x_tol, y_tol = _WORD_SETTINGS["x_tolerance"], _WORD_SETTINGS["y_tolerance"]
    if not all(map(_UPRIGHT, chars)):
        from pdfplumber.utils.text import WordExtractor

        dicts = [{"text": c[0], "x0": c[1], "x1": c[2], "top": c[3], "bottom": c[4], "doctop": c[3],
                  "upright": c[5], "fontname": c[6], "size": c[7]} for c in chars]
        return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["fontname"], w["size"])
                for w in WordExtractor(**_WORD_SETTINGS).extract_words(dicts)]
    out: list[tuple] = []
    lig = _LIGATURES

    def flush(word: list[tuple]) -> None:
        if not word:
            return
        first = word[0]
        if len(word) == 1:
            out.append((lig.get(first[0], first[0]), first[1], first[2], first[3], first[4], first[6], first[7]))
            return
        # x0 is the first's (a word's characters are in x0 order); max and min keep the first of equals,
        # as pdfplumber's comparisons do
        texts, _, x1s, tops, bottoms, _, _, _ = zip(*word)
        out.append(("".join(texts).translate(_LIGATURE_TABLE), first[1], max(x1s), min(tops), max(bottoms),
                    first[6], first[7]))

    for _, group in itertools.groupby(chars, key=_FONT_AND_SIZE):
        run = list(group)
        cluster: dict[float, int] = {}
        k, last = 0, None
        for v in sorted({c[3] for c in run}):
            if last is not None and v > last + y_tol:
                k += 1
            cluster[v] = k
            last = v
        lines: list[list[tuple]] = [[] for _ in range(k + 1)]  # by cluster, in file order within each
        for c in run:
            lines[cluster[c[3]]].append(c)
        for line in lines:
            word: list[tuple] = []
            for c in sorted(line, key=_X0):
                if c[0].isspace():
                    flush(word)
                    word = []
                elif word and (c[1] < word[-1][1] or c[1] > word[-1][2] + x_tol or abs(c[3] - word[-1][3]) > y_tol):
                    flush(word)
                    word = [c]
                else:
                    word.append(c)
            flush(word)
    return out


def _pdfium_scan(page, width: float, height: float) -> _Scan:
    """One pdfium page -> the same words pdfplumber's ``extract_words`` gives, and what else it holds.

    Each character's box is pdfminer's: from its origin, the advance (pdfium's loose box) and the
    font's descent, one em high, the em being the font size times the text matrix's vertical scale
    (many producers set size 1 and scale). Blanks break words as in pdfplumber: pdfium's own
    inserted spaces are not characters of the file, and a space pdfium drops from its text (a text
    object of nothing but a space) still separates the words either side of it.
    """
    F = _pdfium_fns()
    R = F.R
    chars: list[tuple] = []  # (text, x0, x1, top, bottom, upright, fontname, size)
    images = 0
    vertical = horizontal = 0

    order: dict[int, int] = {}  # a top-level text object's address -> its place among the page's objects
    blanks: list[tuple[int, tuple]] = []  # (that place, a blank) for the text objects pdfium reads as empty

    def blank_at(j: int, obj) -> None:
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        fs, m = ctypes.c_float(), R.FS_MATRIX()
        if not (R.FPDFPageObj_GetBounds(obj, l, b, r, t) and R.FPDFTextObj_GetFontSize(obj, fs)
                and R.FPDFPageObj_GetMatrix(obj, m)):
            return
        size = fs.value * math.hypot(m.c, m.d)
        bottom = height - b.value + 0.2 * size
        blanks.append((j, (" ", l.value, l.value, bottom - size, bottom, True, "", size)))

    textpage = page.get_textpage()
    raw = textpage.raw

    paths: list = []  # the page's own path objects (not those inside forms)
    rules: list[tuple[float, float, float]] = []  # its thin horizontal ones, for underlines
    nested_paths = False

    def objects(count, get, depth: int) -> None:
        nonlocal images, vertical, horizontal, nested_paths
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        for j in range(count):
            obj = get(j)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == R.FPDF_PAGEOBJ_PATH:
                if depth == 0:
                    paths.append(obj)
                else:
                    nested_paths = True
                if not R.FPDFPageObj_GetBounds(obj, l, b, r, t):
                    continue
                w, h = r.value - l.value, t.value - b.value
                if depth == 0 and h < 3 and w >= 4:  # a thin horizontal stroke or bar (its bounds hold the line width)
                    rules.append((l.value, r.value, height - (t.value + b.value) / 2))
                if w < 2 and h < 2:
                    continue
                if w < 2:
                    vertical += 1
                elif h < 2:
                    horizontal += 1
                else:  # a box, several boxes in one path, or a curve: any may be a table's rules
                    vertical += 2
                    horizontal += 2
            elif kind == R.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                objects(R.FPDFFormObj_CountObjects(obj), lambda k, o=obj: R.FPDFFormObj_GetObject(o, k), depth + 1)
            elif kind == R.FPDF_PAGEOBJ_TEXT and depth == 0:
                order[ctypes.cast(obj, ctypes.c_void_p).value] = j
                if R.FPDFTextObj_GetText(obj, raw, None, 0) <= 2:
                    blank_at(j, obj)

    try:
        objects(R.FPDFPage_CountObjects(page.raw), lambda k: R.FPDFPage_GetObject(page.raw, k), 0)
        tp = ctypes.cast(raw, ctypes.c_void_p).value
        n = R.FPDFText_CountChars(raw)
        box, m = R.FS_RECTF(), R.FS_MATRIX()
        box_ref = ctypes.byref(box)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
        name_buf, flags = ctypes.create_string_buffer(256), ctypes.c_int()
        styles: dict = {}  # per text object: font name, em, upright, descent
        unicode, text_object, loose_box, origin = F.unicode, F.text_object, F.loose_box, F.origin
        map_error, generated = F.map_error, F.generated
        next_blank = 0
        # every character's code in one call; one by one only where a code needs two UTF-16 units
        buf = (ctypes.c_ushort * (n + 1))()
        codes = list(buf[:n]) if R.FPDFText_GetText(raw, 0, n, buf) == n + 1 else []
        if len(codes) != n or not _SURROGATES.isdisjoint(codes):
            codes = [unicode(tp, i) for i in range(n)]
        unmapped: dict = {}  # per text object: whether its characters need a check for a missing map
        n_blanks = len(blanks)
        append = chars.append
        last = object()  # the text object of the character before (most follow one of their own)
        name = size = upright = descent = check = by_origin = None  # set at the first character
        for i, u in enumerate(codes):
            if u in (10, 13) or (u in _BLANKS and generated(tp, i)):
                continue
            key = text_object(tp, i)
            if key != last:
                last = key
                if next_blank < n_blanks:
                    # the blanks in the page's objects before this character's go in before it, with the
                    # font of the character before them: pdfplumber groups characters by font in file
                    # order, and its space characters carry the font of the text around them (a
                    # character of the same object as the one before has none before it)
                    at = order.get(key)
                    while at is not None and next_blank < n_blanks and blanks[next_blank][0] < at:
                        blank = blanks[next_blank][1]
                        if chars:
                            blank = blank[:6] + chars[-1][6:]
                        append(blank)
                        next_blank += 1
                style = styles.get(key)
                if style is None:
                    R.FPDFText_GetMatrix(raw, i, m)
                    scale = math.hypot(m.c, m.d)
                    raw_size = R.FPDFText_GetFontSize(raw, i)
                    R.FPDFText_GetFontInfo(raw, i, name_buf, len(name_buf), flags)
                    descent = None
                    font = R.FPDFTextObj_GetFont(R.FPDFText_GetTextObject(raw, i)) if key else None
                    d = ctypes.c_float()
                    if font and R.FPDFFont_GetDescent(font, ctypes.c_float(raw_size), d):
                        descent = abs(d.value) * scale
                    style = styles[key] = (name_buf.value.decode("utf-8", "replace"), raw_size * scale,
                                           0 < m.a * m.d and m.b * m.c <= 0, descent)
                name, size, upright, descent = style
                check = unmapped.get(key)
                if check is None:  # a font without a map to characters has it for its first one too
                    check = unmapped[key] = bool(map_error(tp, i))
                by_origin = upright and descent is not None
            loose_box(tp, i, box_ref)
            if u == 0 or (check and map_error(tp, i) == 1):
                text = "(cid:0)"  # a glyph with no character: counted, and repaired, as pdfplumber's are
            elif u == 2 or u == 0xFFFE:  # pdfium's mark for a hyphen that ends a line
                text = "-"
            else:
                text = chr(u)
            if by_origin:
                origin(tp, i, ox_ref, oy_ref)
                bottom = height - oy.value + descent
                append((text, box.left, box.right, bottom - size, bottom, upright, name, size))
            else:
                append((text, box.left, box.right, height - box.top, height - box.bottom, upright, name, size))
    finally:
        textpage.close()

    words = []
    fonts: dict[str, tuple[bool, bool]] = {}
    for text, x0, x1, top, bottom, fontname, size in _char_words(chars):
        style = fonts.get(fontname)
        if style is None:
            style = fonts[fontname] = (_is_bold(fontname), _is_italic(fontname))
        words.append(_Word(text, 0.0 if x0 < 0 else width if x0 > width else x0,
                           0.0 if x1 < 0 else width if x1 > width else x1,
                           0.0 if top < 0 else height if top > height else top,
                           0.0 if bottom < 0 else height if bottom > height else bottom,
                           round(size, 1), *style))
    # pdfplumber's tables are found from vertical rules (with horizontal ones, or where they end)
    ruled = vertical >= 2
    edges = None
    if ruled and not nested_paths:
        try:
            edges = _path_edges(paths, height)
        except Exception:
            edges = None
    return _Scan(words, images, ruled, edges, chars if edges is not None else None, rules)


def _group_lines(words: list[_Word]) -> list[list[_Word]]:
    """Cluster words into visual lines by vertical overlap, top to bottom."""
    lines: list[list[_Word]] = []
    refs: list[_Word] = []  # each line's first word of its largest size (what max() over the line gives)
    for w in sorted(words, key=lambda w: (round(w.bottom), w.x0)):
        placed = False
        mid = (w.top + w.bottom) / 2
        # compare with the last few lines only: lines arrive in order of baseline
        for k in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            ref = refs[k]
            if ref.top - 1 <= mid <= ref.bottom + 1 or abs(w.bottom - ref.bottom) <= 0.35 * ref.size:
                lines[k].append(w)
                if w.size > ref.size:
                    refs[k] = w
                placed = True
                break
        if not placed:
            lines.append([w])
            refs.append(w)
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
    last = len(cover) - 1
    for w in body:
        # a word off the page (its reader clamps it; this function may be given anything) covers
        # the bins at the edge it is past, never an index outside the array
        first = min(max(int(w.x0 / step), 0), last)
        for i in range(first, min(max(int(w.x1 / step), 0), last) + 1):
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
    # many rows with text on the left must also have text on the right, at about the same
    # height (columns need not share baselines)
    left_rows = sorted({round(w.top) for w in body if w.x1 < best})
    right_rows = sorted({round(w.top) for w in body if w.x0 > best})
    if min(left, right) < 0.25 * len(body):
        # a short or narrow second column (a sidebar beside the text, a column that ends early) is
        # still a column when the gutter is wide and nearly every row of the smaller side has text
        # beside it on the other side
        small, other = (right_rows, left_rows) if right < left else (left_rows, right_rows)
        if min(left, right) < 15 or best_span * step < 14 or len(small) < 4 or \
                sum(1 for t in small if _near(other, t, 8)) < 0.8 * len(small):
            return None
    paired = sum(1 for t in left_rows if _near(right_rows, t, 8))
    if paired < 0.4 * min(len(left_rows), len(right_rows)):
        return None
    return best


def _near(sorted_vals: list[int], x: float, tol: float) -> bool:
    import bisect

    i = bisect.bisect_left(sorted_vals, x - tol)
    return i < len(sorted_vals) and sorted_vals[i] <= x + tol


def _joins_across(row: list[_Word], gutter: float) -> bool:
    """A full-width line (a title in a band) whose word break happens to fall on the gutter: the words
    either side are a word space apart, not a column gap."""
    left = [w for w in row if (w.x0 + w.x1) / 2 < gutter]
    right = [w for w in row if (w.x0 + w.x1) / 2 >= gutter]
    if not left or not right:
        return False
    a, b = max(left, key=lambda w: w.x1), min(right, key=lambda w: w.x0)
    return b.x0 - a.x1 < 0.6 * max(a.size, b.size) and abs(a.size - b.size) < 0.5 and a.bold == b.bold


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
        spans = any(w.x0 < gutter - 2 < gutter + 2 < w.x1 for w in row) or _joins_across(row, gutter)
        if spans:
            flush()
            out.append(_make_line(page_no, row, 0))
        else:
            slab.extend(row)
    flush()
    return out


def _form_rows(table, words: list[_Word], page_no: int) -> list[Line] | None:
    """A ruled three-column form, "1 | CORONER'S LEGAL POWERS | I make this report ...", read cell by
    cell: each row's number and heading cells as one line (a heading wrapped in its narrow cell is
    still one title), then the text cell's lines. None when the table is not such a form: the
    middle cells must be short titles (at most 10 words, bold or in capitals) and the first cells
    numbers or empty."""
    out: list[Line] = []
    titles = 0
    for row in table.rows:
        cells = list(row.cells)
        if len(cells) != 3:
            return None
        parts = []
        for bbox in cells:
            ws = [w for w in words if bbox is not None and _inside(w, bbox)]
            parts.append(sorted(ws, key=lambda w: (round(w.top), w.x0)))
        num, head, text = parts
        num_text = " ".join(w.text for w in num)
        if num_text and not re.fullmatch(r"\(?\d{1,2}[.)]?", num_text):
            return None
        if head:
            words_in = [w.text for w in head]
            caps = sum(1 for t in words_in if t.isupper() or not t[:1].isalpha()) >= 0.6 * len(words_in)
            bold = sum(len(w.text) for w in head if w.bold) >= 0.6 * sum(len(w.text) for w in head)
            if len(words_in) > 10 or not (caps or bold):
                # not a title ("9 | 12 May 2022 | A Name, Senior Coroner"): each cell's lines in turn
                heads = _group_lines(head)
                out.append(_make_line(page_no, num + heads[0], 0))
                out.extend(_make_line(page_no, l, 0) for l in heads[1:] + _group_lines(text))
                continue
            titles += 1
            flat = [w for l in _group_lines(head) for w in l]
            out.append(_make_line(page_no, num + flat, 0))
        elif num:
            out.append(_make_line(page_no, num, 0))
        out.extend(_make_line(page_no, l, 0) for l in _group_lines(text))
    return out if titles else None


_BOX_NUMBER = re.compile(r"\(?\d{1,2}[.)]?")


def _channels(rows: list[list[_Word]], lo: float, hi: float, step: float = 2.0) -> list[tuple[float, float]]:
    """Vertical channels between ``lo`` and ``hi``: runs of x (at least 6 pt wide) that fall in a wide
    gap between two words (over 1.2 em) on at least two lines and at least twice as often as in a
    word, counting only the lines from the first to the last with such a gap (a title or an address
    above a form does not close its channel), as (start, end)."""
    n = int(hi / step) + 2
    gaps = []
    for k, r in enumerate(rows):
        for a, b in zip(r, r[1:]):
            if b.x0 - a.x1 > 1.2 * max(a.size, b.size) and a.x1 < hi and b.x0 > lo:
                gaps.append((k, a.x1, b.x0))
    if len(gaps) < 2:
        return []
    cover, gap = [0] * n, [0] * n
    for r in rows[gaps[0][0]:gaps[-1][0] + 1]:
        for w in r:
            for i in range(max(int(w.x0 / step), 0), min(int(w.x1 / step), n - 1) + 1):
                cover[i] += 1
    for _, x0, x1 in gaps:
        for i in range(max(int(x0 / step) + 1, 0), min(int(x1 / step), n)):
            gap[i] += 1
    out, start = [], None
    for i in range(int(lo / step), int(hi / step) + 1):
        if gap[i] >= 2 and gap[i] >= 2 * cover[i]:
            start = i if start is None else start
        else:
            if start is not None and (i - start) * step >= 6:
                out.append((start * step, i * step))
            start = None
    return out


def _capitals(texts: list[str]) -> bool:
    """Mostly capitals (the small words of a title may be lower-case: "INVESTIGATION and INQUEST")."""
    return sum(1 for t in texts if t.isupper() or not t[:1].isalpha() or t in ("and", "of", "the")) >= 0.8 * len(texts)


def _pronoun_bar(bar: _Word, nxt: _Word | None) -> bool:
    """Is an OCR "|" the pronoun I: a lower-case word follows it at a word space (half its height)?"""
    return nxt is not None and nxt.text[:1].islower() and 0 <= nxt.x0 - bar.x1 < 0.5 * (bar.bottom - bar.top)


def _open_form(words: list[_Word], width: float, height: float, page_no: int
               ) -> tuple[float, float, list[Line]] | None:
    """A form without rules (a scan of the ruled three-column form, where OCR gives words and no
    lines): box numbers and short titles in capitals on the left, the text on the right, apart by
    empty space all down the form. Read as ``_form_rows`` reads the ruled one: number and title as
    one line, then the text. Returns (top, bottom, lines) of the form's region, or None.

    The region is the longest run of visual lines with no word across the channel, from its first
    line with words either side of it (a title beside its text). Left of the channel there may be only box
    numbers, titles (mostly capitals, at most 11 words a row) and lines of the form's last box (a
    date, a name) that stand on their own; at least two titles (one on a region of 8 lines or
    more), and three times as many words right of the channel as left of it."""
    body = [w for w in words if 0.04 * height < w.top < 0.96 * height]
    # quick refusal (most pages): a form has a title in capitals left of the page's middle, and right
    # of it a run of x, still in the left half, that at most a third of the lines cross
    caps = [w for w in body if w.x1 < 0.5 * width and len(w.text) >= 3 and w.text.isupper()]
    if len(body) < 20 or not caps:
        return None
    step = 4.0
    n_bins = int(0.5 * width / step) + 1
    lo = int(min(w.x1 for w in caps) / step) + 1
    if lo >= n_bins:
        return None
    cover = [0] * n_bins
    for w in body:
        for i in range(max(int(w.x0 / step), lo), min(int(w.x1 / step), n_bins - 1) + 1):
            cover[i] += 1
    if min(cover[lo:]) > len({round(w.top / 3) for w in body}) / 3:
        return None
    rows = _group_lines(body)
    if len(rows) < 8:
        return None
    for a, b in _channels(rows, 0.08 * width, 0.5 * width):
        c = (a + b) / 2

        def side(r: list[_Word]) -> tuple[list[_Word], list[_Word]]:
            return [w for w in r if (w.x0 + w.x1) / 2 < c], [w for w in r if (w.x0 + w.x1) / 2 >= c]

        # runs of lines with no word across the channel; the form is the longest, from its first
        # line with words either side
        runs, run = [], []
        for r in rows:
            # a "|" in the channel is the rule of the scanned form, read by OCR as a glyph; not one
            # a word space before a lower-case word: that is the pronoun ("| am", repaired to "I am")
            r[:] = [w for k, w in enumerate(r) if not (w.text == "|" and a - 4 <= w.x0 and w.x1 <= b + 4
                                                       and not _pronoun_bar(w, r[k + 1] if k + 1 < len(r) else None))]
            if any(w.x0 < c - 1 and w.x1 > c + 1 for w in r):
                runs.append(run)
                run = []
            else:
                run.append(r)
        runs.append(run)
        runs = [run[next((k for k, r in enumerate(run) if all(side(r))), len(run)):] for run in runs]
        region = max(runs, key=len)
        if len(region) < 4:
            continue
        out: list[Line] = []
        titles = n_left = n_right = 0
        head: list[_Word] = []  # the current row's number and title words
        text: list[_Word] = []

        def flush():
            nonlocal titles
            if head:
                groups = _group_lines(head)
                line = _make_line(page_no, [w for g in groups for w in g], 0)
                out.append(replace(line, text=" ".join(" ".join(_line_text(g) for g in groups).split())))
                titles += any(sum(ch.isalpha() for ch in w.text) >= 3 for w in head)  # a word, not "A.1"
            out.extend(_make_line(page_no, ln, 0) for ln in _group_lines(text))
            head.clear()
            text.clear()

        last = None
        ok = True
        for r in region:
            lw, rw = side(r)
            n_left += len(lw)
            n_right += len(rw)
            if lw and not _capitals([w.text for w in lw if not _BOX_NUMBER.fullmatch(w.text)] or ["1"]):
                # not a title ("Date: 03/10/2018", a name under the last box): a line of its own
                flush()
                out.append(_make_line(page_no, lw, 0))
                text.extend(rw)
                last = None
                continue
            # a row starts at a box number, or at a title after a gap in the left column
            starts = bool(lw) and (_BOX_NUMBER.fullmatch(lw[0].text) is not None or last is None
                                   or lw[0].top - last > 2.5 * lw[0].size)
            if starts and (head or text):
                flush()
            if lw:
                head.extend(lw)
                last = max(w.bottom for w in lw)
                if len(head) > 11:
                    ok = False
                    break
            text.extend(rw)
        flush()
        # one title is enough on a long region (a page that continues the form: "CORONER'S CONCERNS"
        # halfway down page 2)
        if not ok or titles < (1 if len(region) >= 8 else 2) or n_right < 3 * n_left:
            continue
        return min(w.top for r in region for w in r), max(w.bottom for r in region for w in r), out
    return None


def _tables(page, page_no: int, words: list[_Word] | None = None
            ) -> tuple[list[Line], list[tuple[float, float, float, float]], list[tuple[float, list[Line]]]]:
    """Ruled data tables as one line per row; returns the lines, the bboxes they cover, and the ruled
    three-column forms read cell by cell (``_form_rows``), each as (top, lines) to keep in order.

    A ruled two-column box whose cells hold paragraphs (the PFD form) is layout, not
    data: it is left to the normal reading order.
    """
    if not page.rects and not page.lines:
        return [], [], []
    lines, boxes, forms = [], [], []
    vertical = [e for e in page.edges if abs(e["x0"] - e["x1"]) < 1]
    if words and vertical:
        # a form's row that runs on over the page break has no rule at the page's foot (or its head),
        # nor its last row when the producer left the table open: close cells where vertical rules end
        ends = sorted({round(e["top"], 1) for e in vertical} | {round(e["bottom"], 1) for e in vertical})
        for table in page.find_tables({"explicit_horizontal_lines": ends}):
            if len(table.rows) and max(len(r.cells) for r in table.rows) == 3:
                form = _form_rows(table, words, page_no)
                if form:
                    boxes.append(table.bbox)
                    forms.append((table.bbox[1], form))
    for table in page.find_tables():
        if any(_overlaps(table.bbox, b) for b in boxes):
            continue
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
    return lines, boxes, forms


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(w: _Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def read_page(page, page_no: int, scan: _Scan | None = None) -> Page:
    """One pdfplumber page -> Page (lines in reading order).

    With ``scan`` (pdfium's words, edges and characters of the same page) pdfminer lays out nothing,
    unless the page's rules are ones pdfium could not give (``scan.edges`` is None); without it,
    pdfplumber reads the words and tables.
    """
    words = _words(page) if scan is None else scan.words
    cid = sum(len(CID_RE.findall(w.text)) for w in words)
    cid_len = sum(len(m) for w in words for m in CID_RE.findall(w.text))
    nchars = sum(len(w.text) for w in words) - cid_len + cid  # glyphs, a cid counting one
    if scan is None:
        table_lines, boxes, forms = _tables(page, page_no, words)
    elif not scan.ruled:
        table_lines, boxes, forms = [], [], []
    elif scan.edges is not None:
        ruled = _RuledPage(float(page.width), float(page.height), scan.edges, scan.chars)
        table_lines, boxes, forms = _tables(ruled, page_no, words)
    else:
        table_lines, boxes, forms = _tables(page, page_no, words)
    if boxes:
        words = [w for w in words if not any(_inside(w, b) for b in boxes)]
    elif not forms and (open_form := _open_form(words, float(page.width), float(page.height), page_no)):
        top, bottom, block = open_form
        words = [w for w in words if not top <= w.top <= bottom]
        forms = [(top, block)]
    for w in words:
        if "(cid:" in w.text:
            w.text = CID_RE.sub("\ufffd", w.text)
    lines = _order_lines(page_no, words, float(page.width), float(page.height))
    rules = scan.rules if scan is not None else _plumber_rules(page)
    if rules:
        lines = _underlined(lines, rules)
    if table_lines:
        # table rows take the size of the text around them, and their place by position
        size = statistics.median([l.size for l in lines]) if lines else 10.0
        table_lines = [Line(l.page_no, l.text, l.x0, l.x1, l.top, l.bottom, size, False, False)
                       for l in table_lines]
        lines = _merge_by_top(lines, table_lines)
    for top, block in sorted(forms, key=lambda f: f[0]):  # each form in its place, in its own order
        at = next((i for i, l in enumerate(lines) if l.top > top), len(lines))
        lines[at:at] = block
    lines = [l for l in lines if l.text]
    return Page(page_no, float(page.width), float(page.height), tuple(lines),
                cid_glyphs=cid, chars=nchars, images=len(page.images) if scan is None else scan.images)


def _plumber_rules(page) -> list[tuple[float, float, float]]:
    """The thin horizontal lines and rectangles pdfplumber reads on a page: (x0, x1, y)."""
    out = []
    try:
        objs = (*page.lines, *page.rects)
    except Exception:  # an odd path pdfminer cannot read costs the underlines, not the page
        return out
    for o in objs:
        if float(o["bottom"]) - float(o["top"]) < 3 and float(o["x1"]) - float(o["x0"]) >= 4:
            out.append((float(o["x0"]), float(o["x1"]), (float(o["top"]) + float(o["bottom"])) / 2))
    return out


def _underlined(lines: list[Line], rules: list[tuple[float, float, float]]) -> list[Line]:
    """Mark the lines a drawn rule underlines: the rule runs under the text (between the middle of the
    line and just below it) from near its start along most of its width, and is no page-wide rule."""
    rules = sorted(rules, key=lambda r: r[2])
    ys = [r[2] for r in rules]
    out = []
    for l in lines:
        width = l.x1 - l.x0
        lo, hi = bisect.bisect_left(ys, l.top + 0.55 * (l.bottom - l.top)), bisect.bisect_right(ys, l.bottom + 3)
        hit = width > 0 and any(x0 <= l.x0 + 3 and x1 >= l.x0 + 0.8 * width and x1 - x0 <= width + 24
                                for x0, x1, _y in rules[lo:hi])  # only the rules at the line's foot
        out.append(replace(l, underline=True) if hit else l)
    return out


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


def _unreadable_file(path: Path, e: OSError) -> ExtractError:
    why = (e.strerror or type(e).__name__).lower()
    return ExtractError(path, STAGE, f"cannot read the file ({why})")


def check_header(path: Path) -> None:
    """Reject what is not a PDF before pdfminer sees it (cheap, with a clear message)."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise ExtractError(path, STAGE, "empty file (0 bytes)")
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as e:
        raise _unreadable_file(path, e) from None
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").encode("unicode_escape").decode()
        raise ExtractError(path, STAGE, f"not a PDF (no %PDF- header; starts with '{shown}')")


PASSWORD = "password-protected PDF (cannot be opened without its password)"
# what the Document's warnings say when pdfminer could not read the file's structure and pdfium's
# rewrite of it was read instead
REPAIRED = "repaired: damaged PDF structure (cross-reference table) rewritten by pdfium before reading"
REPAIR_PREFIX = "scr-repair-"
# A page whose content streams (and the forms they draw) inflate past this is not laid out: a
# decompression bomb, or vector art pdfminer would take hours and gigabytes over (it parses about
# 0.2-1 MB of operators a second, and keeps every drawn rectangle).  Real text pages carry kilobytes.
MAX_PAGE_CONTENT = 16 << 20


def _open(path: Path):
    """pdfplumber's PDF for ``path``, or an ExtractError (password, or corrupt)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(path)
    except PDFPasswordIncorrect:
        raise ExtractError(path, STAGE, PASSWORD) from None
    except OSError as e:
        raise _unreadable_file(path, e) from None
    except Exception as e:  # pdfminer raises many types for broken files
        inner = getattr(e, "args", [None])[0] if e.args else None
        if type(inner).__name__ == "PDFPasswordIncorrect" or "password" in repr(e).lower():
            raise ExtractError(path, STAGE, PASSWORD) from None
        raise ExtractError(path, STAGE, f"corrupt PDF: {_describe(e)}") from None


def _describe(e: BaseException) -> str:
    msg = str(e).strip() or type(e).__name__
    return msg.splitlines()[0][:200]


def _close(pdf) -> None:
    # not pdf.close(): that builds pdfplumber's list of every page, which is what may be broken
    pdf.flush_cache()
    if not pdf.stream_is_external:
        pdf.stream.close()


def _page_objects(path: Path, pdf) -> list:
    """pdfminer's pages, in order, without laying any out (their dictionaries only)."""
    from pdfminer.pdfpage import PDFPage

    try:
        return list(PDFPage.create_pages(pdf.doc))
    except RecursionError:  # pdfminer walks the page tree recursively
        raise ExtractError(path, STAGE, "corrupt PDF: page tree nested too deeply "
                                        "(maximum recursion depth exceeded)") from None
    except Exception as e:
        raise ExtractError(path, STAGE, f"corrupt PDF: {_describe(e)}") from None


def _repair(path: Path, info: dict) -> Path | None:
    """pdfium's rewrite of ``path`` (a clean xref) in a temp file, or None if pdfium cannot load it.

    pdfium rebuilds a damaged cross-reference table by scanning the file; its ``save`` writes the
    objects out again with a table that is right.  ``info`` gets the info dictionary pdfium read
    (the rewrite does not keep it)."""
    import os
    import tempfile

    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as e:
        if e.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise ExtractError(path, STAGE, PASSWORD) from None
        return None
    except Exception:
        return None
    fd, name = tempfile.mkstemp(prefix=REPAIR_PREFIX, suffix=".pdf")
    os.close(fd)
    try:
        try:
            info.update({k: v for k, v in doc.get_metadata_dict(skip_empty=True).items()})
        except Exception:
            pass
        doc.save(name)
    except Exception:
        os.unlink(name)
        return None
    finally:
        doc.close()
    return Path(name)


def _open_pages(path: Path) -> tuple:
    """(pdfplumber PDF, its page objects, None or an open handle on pdfium's repaired copy).

    A file pdfminer cannot open (other than for a password) or in which it finds no pages is
    rewritten by pdfium and read again; if that does not give pages either, the first error stands.
    The repaired copy is unlinked as soon as it is open (pdfplumber's handle and the one returned keep
    it readable), so no copy of the file outlives the read, even a killed one.
    """
    pdf, error = None, None
    try:
        pdf = _open(path)
        objs = _page_objects(path, pdf)
        if objs:
            return pdf, objs, None
        error = ExtractError(path, STAGE, "PDF has no pages")
    except ExtractError as e:
        if e.message == PASSWORD:  # pdfium would not get in either
            raise
        error = e
    if pdf is not None:
        _close(pdf)
    fixed_info: dict = {}
    fixed = _repair(path, fixed_info)
    if fixed is None:
        raise error
    pdf = None
    try:
        pdf = _open(fixed)
        objs = _page_objects(fixed, pdf)
        if objs:
            for k, v in fixed_info.items():
                if not (pdf.metadata or {}).get(k):
                    pdf.metadata[k] = v
            handle = open(fixed, "rb")
            fixed.unlink()
            return pdf, objs, handle
    except ExtractError:
        pass
    except BaseException:
        if pdf is not None:
            _close(pdf)
        fixed.unlink(missing_ok=True)
        raise
    if pdf is not None:
        _close(pdf)
    fixed.unlink(missing_ok=True)
    raise error


class _TooMuchContent(Exception):
    """A page not to lay out, nor to hand to the fallback reader."""


def _inflated_size(stream, limit: int) -> int:
    """Bytes ``stream`` decodes to, counted up to just past ``limit`` in constant memory."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    filters = stream.get_filters()
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
        return len(data)
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    z, total = zlib.decompressobj(), 0
    try:
        while data and total <= limit:
            total += len(z.decompress(data, 1 << 20))
            data = z.unconsumed_tail
        if total <= limit:
            total += len(z.flush())  # output still held back when the input ran out (small)
    except zlib.error:
        pass  # pdfminer copes with (or reports) broken data itself
    return total


def _check_content_size(page_obj, limit: int = MAX_PAGE_CONTENT) -> None:
    """Raise _TooMuchContent if the page's content streams and the forms they may draw inflate
    past ``limit`` (each form counted once; nested forms followed 20 deep)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    seen: set[int] = set()
    total = 0

    def add(obj) -> None:
        nonlocal total
        if not isinstance(obj, PDFStream) or id(obj) in seen:
            return
        seen.add(id(obj))
        total += _inflated_size(obj, limit - total)
        if total > limit:
            raise _TooMuchContent(f"content streams inflate past {limit >> 20} MB (a decompression bomb?)")

    def forms(resources, depth: int) -> None:
        resources = resolve1(resources)
        if depth > 20 or not isinstance(resources, dict):
            return
        xobjects = resolve1(resources.get("XObject"))
        if not isinstance(xobjects, dict):
            return
        for ref in xobjects.values():
            x = resolve1(ref)
            if isinstance(x, PDFStream) and id(x) not in seen and getattr(x.get("Subtype"), "name", None) == "Form":
                add(x)
                forms(x.get("Resources"), depth + 1)

    for ref in page_obj.contents:
        add(resolve1(ref))
    forms(page_obj.resources, 0)


class _Plain:
    """pdfium's plain text of single pages, for pages pdfplumber cannot lay out (opened on first use).

    ``source`` is the file's path, or an open binary handle on it."""

    def __init__(self, source, n_pages: int):
        self.source, self.n_pages = source, n_pages
        self.doc = None
        self.error: str | None = None

    def size(self, index: int) -> tuple[float, float] | None:
        try:
            return tuple(float(v) for v in self._doc().get_page_size(index))
        except Exception:
            return None

    def _doc(self):
        import pypdfium2

        if self.doc is None:
            if self.error:
                raise RuntimeError(self.error)
            try:
                self.doc = pypdfium2.PdfDocument(self.source)
            except Exception as e:
                self.error = f"pdfium cannot open the file ({_describe(e)})"
                raise RuntimeError(self.error) from None
            if len(self.doc) != self.n_pages:  # then its page i need not be ours
                self.error = f"pdfium counts {len(self.doc)} pages, not {self.n_pages}"
                raise RuntimeError(self.error)
        return self.doc

    def page(self, index: int, page_no: int) -> Page:
        page = self._doc()[index]
        try:
            width, height = (float(v) for v in page.get_size())
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
        texts = [t for t in (repair(s).strip() for s in text.splitlines()) if t]
        # no positions from pdfium: the lines are spread down the body of the page, outside the
        # header and footer bands, in the order pdfium gives them
        step = 0.7 * height / max(len(texts), 1)
        lines = tuple(Line(page_no, t, 0.0, width, 0.15 * height + k * step, 0.15 * height + k * step + 10.0,
                           10.0, False, False) for k, t in enumerate(texts))
        return Page(page_no, width, height, lines, chars=sum(len(t) for t in texts))

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
            self.doc = None


def _empty_page(page_no: int, page_obj, plain: _Plain, index: int) -> Page:
    size = plain.size(index)
    if size is None:
        try:
            x0, y0, x1, y1 = (float(v) for v in page_obj.mediabox)
            size = (abs(x1 - x0), abs(y1 - y0))
        except Exception:
            size = (595.276, 841.89)  # A4
    return Page(page_no, size[0], size[1], ())


def _scan(plain: _Plain, index: int, page) -> _Scan | None:
    """pdfium's scan of page ``index``, or None where pdfplumber must read it: pdfium cannot open the
    file or the page, or the page is rotated or its boxes are not at the origin (pdfplumber's
    coordinates are then not pdfium's), or pdfium fails on it."""
    try:
        doc = plain._doc()
        pp = doc[index]
    except Exception:
        return None
    try:
        width, height = float(page.width), float(page.height)
        origin = (0.0, 0.0, width, height)

        def at_origin(box) -> bool:  # pdfium's boxes are float32
            return all(abs(float(a) - b) < 0.01 for a, b in zip(box, origin))

        if pp.get_rotation() % 360 or not (at_origin(pp.get_mediabox()) and at_origin(pp.get_cropbox())
                                           and at_origin(page.bbox)):
            return None
        return _pdfium_scan(pp, width, height)
    except Exception:
        return None
    finally:
        pp.close()


def iter_pages(path: str | Path, info: dict | None = None, warnings: list[str] | None = None,
               reader: str | None = None) -> Iterator[Page]:
    """Read a PDF page by page (constant memory: each pdfplumber page is closed after use).

    ``info``, if given, receives the PDF's info dictionary (Title, Author, CreationDate);
    ``warnings`` receives what went wrong short of failing the file: the file was repaired, a page
    could not be laid out (and was read as plain text, or left empty).  Every page is yielded, so page
    numbers stay right; only a file none of whose pages can be read fails, after the last page.
    ``reader`` is ``pdfium`` or ``plumber`` (default: ``default_reader()``).
    """
    from pdfplumber.page import Page as PlumberPage

    path = Path(path)
    notes = warnings if warnings is not None else []
    check_header(path)
    use_pdfium = (reader or default_reader()) == "pdfium"
    pdf, objs, repaired = _open_pages(path)
    plain = _Plain(repaired or path, len(objs))
    try:
        if info is not None:
            try:
                info.update(pdf.metadata or {})
            except Exception:
                pass
        if repaired is not None:
            notes.append(REPAIRED)
        failed, first = 0, None
        doctop = 0.0
        for i, obj in enumerate(objs):
            page_no = i + 1
            result, note = None, None
            try:
                _check_content_size(obj)
                page = PlumberPage(pdf, obj, page_number=page_no, initial_doctop=doctop)
                try:
                    scan = _scan(plain, i, page) if use_pdfium else None
                    result = read_page(page, page_no, scan) if scan is not None else read_page(page, page_no)
                    doctop += float(page.height)
                finally:
                    page.close()
            except _TooMuchContent as e:
                why, note = str(e), f"page {page_no}: {e}; its text is missing"
            except Exception as e:  # one page's trouble is that page's, never the file's
                why = f"unreadable page ({type(e).__name__}: {_describe(e)})"
                try:
                    result = plain.page(i, page_no)
                    how = "read as plain text by pdfium (no layout)" if result.lines else "pdfium finds no text on it"
                    note = f"page {page_no}: {why}; {how}"
                except Exception:
                    note = f"page {page_no}: {why}; its text is missing"
            if note is not None:
                notes.append(note)
            if result is None:
                failed += 1
                first = first or f"page {page_no}: {why}"
                result = _empty_page(page_no, obj, plain, i)
            yield result
        if failed == len(objs):
            n = len(objs)
            raise ExtractError(path, STAGE, f"every page unreadable ({n} page{'s' if n != 1 else ''}; {first})")
    finally:
        plain.close()
        _close(pdf)
        if repaired is not None:
            repaired.close()


def read(path: str | Path, sha256: str | None = None) -> Document:
    """Read a whole PDF into a Document."""
    path = Path(path)
    info: dict = {}
    warnings: list[str] = []
    pages = tuple(iter_pages(path, info, warnings))
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
