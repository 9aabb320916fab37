"""Hostile PDFs, generated at test time (no committed binaries): each function writes one file into
``folder`` and returns its path.

Made with reportlab or as raw bytes (``raw_pdf`` lays out the objects and a correct cross-reference
table, so that every damage below is deliberate).  What pdfminer and pdfium do with each kind of xref
damage was found by experiment (pdfminer 20260107, pdfium 159 via pypdfium2 5.15):

* xref offsets overwritten (garbage, zeros, or shifted): pdfminer opens the file but finds 0 pages;
  pdfium rebuilds the table and reads every page -> ``damaged_xref``;
* ``startxref`` pointing anywhere, or the xref table removed (trailer kept): pdfminer's own fallback
  scan reads the file;
* xref table and trailer both gone (which is what truncating a reportlab file at 80-99% does): neither
  can find the /Root; the file fails.
"""

from __future__ import annotations

import io
import random
import re
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

PARA = ("Child F was known to Children's Social Care from the autumn of 2014. The health visitor recorded "
        "concerns about home conditions on 4th March 2015 and again two weeks later. Northshire Constabulary "
        "attended the address on three occasions between June 2015 and August 2015.")
SENTENCE = "Child S was seen at home by the health visitor, who recorded no concerns."
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


# -- building blocks -------------------------------------------------------------------------------

def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Objects 1..n (bodies without ``obj``/``endobj``) as a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, attrs: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), attrs) + data + b"\nendstream"


def text_ops(lines: list[str], x: float = 72, y: float = 770, size: float = 11) -> bytes:
    """A content stream drawing ``lines`` in /F1 from (x, y) down."""
    ops = [b"BT /F1 %g Tf %g TL %g %g Td" % (size, size * 1.4, x, y)]
    for ln in lines:
        ops.append(b"(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
                   + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def deflate_repeated(chunk: bytes, total: int) -> bytes:
    """zlib of ``chunk`` repeated to ``total`` bytes, compressed 1 MB at a time (never all in memory)."""
    z = zlib.compressobj(9)
    block = chunk * max(1, (1 << 20) // len(chunk))
    parts, done = [], 0
    while done < total:
        parts.append(z.compress(block))
        done += len(block)
    parts.append(z.flush())
    return b"".join(parts)


def pages_pdf(page_dicts: list[bytes], contents: list[bytes], extra: list[bytes] = ()) -> bytes:
    """A flat page tree: object 1 catalog, 2 pages, 3 the font, then page k and its content.

    ``page_dicts`` are the inside of each page dictionary (MediaBox etc.); /Parent, /Resources and
    /Contents are added.  ``extra`` objects are numbered after the pages and contents.
    """
    n = len(page_dicts)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * k) for k in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
            HELVETICA]
    for k, (inner, content) in enumerate(zip(page_dicts, contents)):
        objs.append(b"<< /Type /Page /Parent 2 0 R %s /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                    % (inner, 5 + 2 * k))
        objs.append(content)
    return raw_pdf(objs + list(extra))


A4_BOX = b"/MediaBox [0 0 595 842]"


def small_pdf_bytes(pages: int = 3) -> bytes:
    """A real small review-like PDF of ``pages`` pages (reportlab platypus, compressed streams)."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, title="Serious Case Review: Child F",
                            author="Eastbrook LSCB", leftMargin=2.5 * cm, rightMargin=2.5 * cm)
    st = getSampleStyleSheet()
    story = [Paragraph("Serious Case Review: Child F", st["Title"])]
    for p in range(1, pages + 1):
        story += [Paragraph(f"{p}.{i} {PARA}", st["BodyText"]) for i in range(1, 7)]
        if p < pages:
            story.append(PageBreak())
    doc.build(story)
    return buf.getvalue()


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


# -- the hostile inputs ----------------------------------------------------------------------------

def empty(folder: Path) -> Path:
    return _write(folder, "empty.pdf", b"")


def random_bytes(folder: Path, seed: int = 20240601, size: int = 64 * 1024) -> Path:
    return _write(folder, "random.pdf", random.Random(seed).randbytes(size))


def random_body(folder: Path, seed: int = 7, size: int = 64 * 1024) -> Path:
    """A PDF header, then noise: gets past the header check to pdfminer and pdfium."""
    return _write(folder, "random-body.pdf", b"%PDF-1.7\n" + random.Random(seed).randbytes(size))


def small(folder: Path) -> Path:
    return _write(folder, "small.pdf", small_pdf_bytes())


def truncated(folder: Path, percent: int) -> Path:
    data = small_pdf_bytes()
    return _write(folder, f"truncated-{percent}.pdf", data[: len(data) * percent // 100])


def _encrypted(folder: Path, name: str, user: str, owner: str) -> Path:
    path = Path(folder) / name
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=StandardEncryption(userPassword=user, ownerPassword=owner))
    c.setFont("Helvetica", 11)
    for i in range(12):
        c.drawString(72, 770 - 16 * i, f"{i + 1}. {SENTENCE}")
    c.showPage()
    c.save()
    return path


def encrypted_user_password(folder: Path) -> Path:
    return _encrypted(folder, "locked.pdf", "x", "y")


def encrypted_owner_only(folder: Path) -> Path:
    """Encrypted with an empty user password: any reader may open it (only permissions are set)."""
    return _encrypted(folder, "owner-only.pdf", "", "y")


def blank_pages(folder: Path, n: int = 2000) -> Path:
    path = Path(folder) / f"blank-{n}.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(n):
        c.showPage()
    c.save()
    return path


def bomb(folder: Path, inflated: int = 300_000_000) -> Path:
    """One page whose content stream is 300 KB of zlib inflating to 300 MB of spaces."""
    content = stream(deflate_repeated(b" ", inflated), b"/Filter /FlateDecode ")
    return _write(folder, "bomb.pdf", pages_pdf([A4_BOX], [content]))


def bomb_on_page_2(folder: Path, inflated: int = 300_000_000) -> Path:
    """Three pages; page 2's content inflates to 300 MB of text operators (pdfminer would take hours)."""
    good = stream(text_ops([SENTENCE] * 10))
    bad = stream(deflate_repeated(b"BT /F1 9 Tf 72 400 Td (bomb) Tj ET\n", inflated), b"/Filter /FlateDecode ")
    return _write(folder, "bomb-page-2.pdf", pages_pdf([A4_BOX] * 3, [good, bad, good]))


def kids_cycle(folder: Path) -> Path:
    """The /Pages node lists itself among its /Kids (and claims 2 pages)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            stream(text_ops([SENTENCE] * 5)), HELVETICA]
    return _write(folder, "kids-cycle.pdf", raw_pdf(objs))


def parent_cycle(folder: Path) -> Path:
    """Two /Pages nodes that are each other's kid and parent, and a page that is its own parent."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Parent 6 0 R /Kids [3 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            stream(text_ops([SENTENCE] * 5)), HELVETICA,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"]
    return _write(folder, "parent-cycle.pdf", raw_pdf(objs))


def deep_tree(folder: Path, depth: int = 5000) -> Path:
    """One page at the bottom of a chain of ``depth`` /Pages nodes."""
    first = 6
    objs = [b"<< /Type /Catalog /Pages %d 0 R >>" % first, b"<< >>",
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>" % (first + depth - 1),
            stream(text_ops([SENTENCE] * 5)), HELVETICA]
    for k in range(depth):
        objid = first + k
        kid = objid + 1 if k < depth - 1 else 3
        parent = b"/Parent %d 0 R " % (objid - 1) if k else b""
        objs.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, kid))
    return _write(folder, f"deep-{depth}.pdf", raw_pdf(objs))


def cid_font(folder: Path) -> Path:
    """Text in a Type0 (Identity-H) font with no ToUnicode map and no font file: every glyph is a
    bare glyph id, which pdfminer reports as "(cid:NN)" (the same failure as corpora/generate.py's
    cid-garbage.pdf, whose embedded TrueType has its cmap table renamed)."""
    lines = [SENTENCE, "Northshire Local Safeguarding Children Board", "Section Two - Findings"]
    ops = [b"BT /F1 12 Tf 72 770 Td"]
    for ln in lines:
        ops.append(b"<" + "".join(f"{ord(ch) - 29:04X}" for ch in ln).encode() + b"> Tj 0 -18 Td")
    ops.append(b"ET")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            stream(b"\n".join(ops)),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Garbled /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Garbled /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /DW 500 /CIDToGIDMap /Identity >>"]
    return _write(folder, "cid.pdf", raw_pdf(objs))


def unreadable(folder: Path) -> Path:
    """A good PDF the process may not open (mode 000)."""
    path = small(folder)
    path.chmod(0)
    return path


EDGE_WORD = "Overhang"


def word_past_right_edge(folder: Path) -> Path:
    """A full page of text (enough for the column detector to look) and one word set 50 pt past the
    right edge of the page, and one 30 pt before the left edge."""
    path = Path(folder) / "past-edge.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    for i in range(30):
        c.drawString(72, 770 - 14 * i, f"{i + 1}. {SENTENCE}")
    c.drawString(A4[0] + 50, 300, EDGE_WORD)
    c.drawString(-30, 280, "Underhang")
    c.showPage()
    c.save()
    return path


def garble_xref(data: bytes, seed: int = 11) -> bytes:
    """``data`` with every in-use offset of its (last) xref table overwritten with seeded garbage."""
    start = data.rindex(b"\nxref\n") + 1
    rng = random.Random(seed)
    table = re.sub(rb"\d{10} 00000 n", lambda m: b"%010d 00000 n" % rng.randrange(10 ** 9), data[start:])
    return data[:start] + table


def damaged_xref(folder: Path, pages: int = 3) -> Path:
    """A reportlab PDF whose xref offsets are garbage: pdfminer finds no pages; pdfium rebuilds the table."""
    return _write(folder, "damaged-xref.pdf", garble_xref(small_pdf_bytes(pages)))


def bad_mediabox_on_page_2(folder: Path) -> Path:
    """Three pages; page 2's /MediaBox has three numbers: pdfplumber cannot make the page, pdfium can."""
    content = stream(text_ops([SENTENCE] * 10))
    boxes = [A4_BOX, b"/MediaBox [0 0 595]", A4_BOX]
    return _write(folder, "bad-mediabox.pdf", pages_pdf(boxes, [content] * 3))


def damaged_xref_and_bad_page_2(folder: Path) -> Path:
    """Both at once: the repaired copy still has page 2's three-number /MediaBox."""
    data = bad_mediabox_on_page_2(folder).read_bytes()
    return _write(folder, "damaged-xref-bad-page.pdf", garble_xref(data))
