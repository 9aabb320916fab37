"""Coroners' reports in the layouts real producers use, rendered from real rows of ../shared.

``corpora/render_pfd.py`` sets 36 real reports (6 per layout: the official ruled form, a three-column
ruled table, plain and bare numbered headings, A4 and Letter, running headers, straight and curly
quotes, recipients as numbered lists, inline, with a person's name or with an address) into
build/pfd_layouts/ and writes the known answers beside each PDF: the box headings and their physical
pages (from the generator), and the published date, coroner, coroner area and recipients (from the CSV).
Nothing here was written after looking at the extractor's output: the gold comes from the renderer.

Scores, per layout and overall:
- box headings 1-8 (number + title, level 1) P/R/F1 and page_start accuracy on matched headings;
- published date, coroner and coroner area accuracy;
- recipients found among the recommendations' addressees (recall), addressees that are no recipient
  (precision), addressees carrying a person's name or an address line, and empty addressee types.

Scans: two reports of each layout are also rasterised as a flatbed scan gives them (grey, 200 dpi,
turned under a degree, noise and blur; ``render_pfd.scan_pdf``), read through OCR (ocrmypdf and
tesseract, as ``scr ingest --ocr`` reads a scan) and scored the same way, as their own set. The OCR
output is kept beside the scans (``process(..., ocr_dir=)``), so a second run does not OCR again.

A recipient is found when an addressee's content words lie mostly within the recipient's (roles and
titles are not content words): "Herefordshire Council" finds "Chief Executive, Herefordshire Council".
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from .. import CORPORA_DIR, REPO_ROOT, SHARED_DIR
from . import prf_line
from .addressees import same_body
from .sections import match, norm

OUT_DIR = REPO_ROOT / "build" / "pfd_layouts"
CSV = SHARED_DIR / "corpora" / "pfd_reports" / "pfd_reports.csv"

# The first run, before any rule was changed for this set (2026-12-02, commit after f8a44f8).
FIRST_RUN = {"heading_f1": 0.744, "page_start": 1.000, "date": 1.000, "coroner": 0.000, "coroner_area": 0.000,
             "recipients_found": 0.594, "addressee_precision": 0.837, "addr_person_or_address": 13,
             "addr_type_empty": 37}  # grid layouts: 0/96 headings; coroner fields not extracted

_STOP = set("""the of and for to in at a an on chief executive officer ceo director directorate general
head managing secretary state chair chairman chairperson president lead senior medical nursing clinical
mr mrs ms miss dr professor prof sir dame lord lady rt hon cc""".split())
_PERSON = re.compile(r"^(?:mr|mrs|ms|miss|dr|professor|prof|sir|dame)\.?\s+[A-Z]", re.I)
_ADDRESS = re.compile(r"^\d+\s+\w+\s+(?:street|road|lane|way|close|avenue)\b|\b[A-Z]{1,2}\d{1,2}\s*\d[A-Z]{2}\b|"
                      r"^(?:unit|floor)\s+\d", re.I)


def _renderer():
    spec = importlib.util.spec_from_file_location("render_pfd", CORPORA_DIR / "render_pfd.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["render_pfd"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def _rendered(out_dir: Path, build) -> list[tuple[Path, dict]]:
    """The PDFs and gold in ``out_dir``, rebuilt by ``build()`` when missing or older than the renderer."""
    golds = sorted(out_dir.glob("*.gold.json"))
    newest = max((CORPORA_DIR / "render_pfd.py").stat().st_mtime, (CORPORA_DIR / "generate.py").stat().st_mtime)
    if not golds or min(p.stat().st_mtime for p in golds) < newest:
        for p in out_dir.glob("pfd-*"):
            p.unlink()
        return build()
    return [(p.with_name(p.name.replace(".gold.json", ".pdf")), json.loads(p.read_text())) for p in golds]


def layout_set() -> list[tuple[Path, dict]] | None:
    """The rendered set (built on first use, rebuilt when the renderer changes); None without ../shared."""
    if not CSV.exists():
        return None
    return _rendered(OUT_DIR, lambda: _renderer().build_layout_set(OUT_DIR))


NEW_DIR = OUT_DIR / "new"
# The new layouts' first run (render_pfd.NEW_LAYOUTS, 2026-12-03), before any rule was changed for them:
# in the serif annex layout the report's title became a heading and boxes 1 (and 2) were missed.
FIRST_RUN_NEW = {"heading_f1": 0.915, "page_start": 1.000, "date": 1.000, "coroner": 1.000, "coroner_area": 1.000,
                 "recipients_found": 1.000, "addressee_precision": 1.000, "addr_person_or_address": 0,
                 "addr_type_empty": 0}


def new_layout_set() -> list[tuple[Path, dict]] | None:
    """Layouts added after the rules were tuned on the others (serif faces, an annex header, bulleted
    recipients); built like ``layout_set``; None without ../shared."""
    if not CSV.exists():
        return None

    def build():
        r = _renderer()
        return r.build_layout_set(NEW_DIR, seed=29, layouts=r.NEW_LAYOUTS)

    return _rendered(NEW_DIR, build)


SCAN_DIR = OUT_DIR / "scans"
# The scans' first run, before any rule was changed for them (2026-12-03, tesseract 5.3.0, ocrmypdf 14.0.1):
# the grid layouts lose their box numbers and titles, the official form box numbers 5-8.
FIRST_RUN_SCANS = {"heading_f1": 0.547, "page_start": 1.000, "date": 1.000, "coroner": 0.333, "coroner_area": 1.000,
                   "recipients_found": 0.692, "addressee_precision": 1.000, "addr_person_or_address": 0,
                   "addr_type_empty": 0}


def scan_set() -> list[tuple[Path, dict]] | None:
    """The scans of the layout set; None without ../shared or without the OCR tools."""
    from .. import ocr

    made = layout_set()
    if made is None or not ocr.available():
        return None
    golds = sorted(SCAN_DIR.glob("*.gold.json"))
    newest = min(p.stat().st_mtime for p, _ in made)
    if not golds or min(p.stat().st_mtime for p in golds) < newest:
        for p in SCAN_DIR.glob("**/*.pdf"):
            p.unlink()
        return _renderer().build_scan_set(made, SCAN_DIR)
    return [(p.with_name(p.name.replace(".gold.json", ".pdf")), json.loads(p.read_text())) for p in golds]


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", norm(text).replace("'", "")) if w not in _STOP}


def found(recipient: str, addressee: str) -> bool:
    """``addressee`` names the body of ``recipient``: by its words, or as the canonical name the curated
    rules of models/addressees.yaml give it ("Secretary of State for Health" is the Department of Health
    and Social Care)."""
    a, r = words(addressee), words(recipient)
    if a and len(a & r) / len(a) >= 0.6 and len(a & r) / max(1, len(r)) >= 0.4:
        return True
    return addressee.lower() in _canonical_names(recipient)


def _canonical_names(recipient: str) -> set[str]:
    """The names the curated rules and the entity vocabulary give the recipient's body ("Highways
    England" is National Highways since its renaming; the vocabulary folds the two)."""
    from ..findings import _known_body, canonical_addressees
    names = {n.lower() for n, _t, _h in canonical_addressees(recipient)}
    for part in re.split(r"\s*,\s*", recipient):
        body = _known_body(part)
        if body:
            names.add(body[0].lower())
    return names


@functools.lru_cache(maxsize=1)
def _addressee_gold() -> dict[str, tuple[str | None, str | None]]:
    """{recipient entry as the CSV gives it: (the words naming its body or None, standard name)} from
    the blind addressee gold (corpora/addressees_pfd), where ../shared and the gold are present."""
    from ..addressee_corpus import ANNOTATIONS_DIR, entry_texts, load_units, org_span
    from .addressees import primary_gold

    if not ANNOTATIONS_DIR.exists() or not (SHARED_DIR / "corpora" / "pfd_reports").exists():
        return {}
    gold = primary_gold()
    out = {}
    for uid, text in entry_texts([u for u in load_units() if u["unit"] in gold]).items():
        span = org_span(gold[uid]["org"], text)
        out[text] = (text[span[0]:span[1]] if isinstance(span, tuple) else None, gold[uid]["canonical"])
    return out


def _norm_name(text: str | None) -> str:
    return " ".join(re.sub(r"[.\s]+", " ", (text or "").lower()).split())


def score(review, g: dict) -> Counter:
    c = Counter()
    heads = match(g["sections"], review.sections)
    c.update({f"h_{k}": v for k, v in heads.items()})
    meta = review.meta
    c["docs"] += 1
    c["date_ok"] += (meta.published.isoformat() if meta.published else None) == g["meta"]["published"]
    c["coroner_ok"] += _norm_name(getattr(meta, "coroner", None)) == _norm_name(g["meta"]["coroner"])
    the = lambda t: re.sub(r"^the ", "", norm(t))  # noqa: E731  ("the coroner area of The Black Country ...")
    c["area_ok"] += the(getattr(meta, "coroner_area", None)) == the(g["meta"]["coroner_area"])
    addressees = sorted({(a, t) for rec in review.recommendations for a, t in zip(rec.addressees, rec.addressee_types)})
    gold = _addressee_gold()
    # a recipient the addressee gold says names no body (a person or a job alone) is not expected
    wanted = [r for r in g["recipients"] if gold.get(r, (r, None))[0] is not None]

    def names(r: str, a: str) -> bool:
        body = gold.get(r)
        return found(r, a) or (body is not None and body[0] is not None and same_body(a, body[0], body[1]))

    c["recipients"] += len(wanted)
    c["recipients_found"] += sum(any(names(r, a) for a, _ in addressees) for r in wanted)
    c["addressees"] += len(addressees)
    c["addressees_ok"] += sum(any(names(r, a) for r in g["recipients"]) for a, _ in addressees)
    people = [p for p in g.get("people", [])]
    c["addr_person_or_address"] += sum(
        bool(_PERSON.match(a) or _ADDRESS.search(a) or any(p.lower() in a.lower() for p in people))
        for a, _ in addressees)
    c["addr_type_empty"] += sum(not t for _, t in addressees)
    return c


def evaluate(scans: bool = False, new: bool = False) -> tuple[dict[str, Counter], list[str]] | None:
    from ..pipeline import process

    docs = scan_set() if scans else new_layout_set() if new else layout_set()
    if docs is None:
        return None
    by_layout: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []
    for path, g in docs:
        # scans as `scr ingest --ocr` reads them; the OCRed copies are kept, so only a first run OCRs
        review = process(path, ocr=True, ocr_dir=SCAN_DIR / "ocr") if scans else process(path)
        c = score(review, g)
        by_layout[g["layout"]].update(c)
        if c["h_fn"] or c["h_fp"]:
            got = [f"{s.number} {s.title}" for s in review.sections if s.level > 0]
            misses.append(f"    {path.name}: headings {got}")
    return by_layout, misses


def _figures(c: Counter) -> dict[str, float]:
    from . import prf
    docs = c["docs"] or 1
    return {
        "heading_f1": prf(c["h_tp"], c["h_fp"], c["h_fn"])[2],
        "page_start": c["h_page_ok"] / c["h_tp"] if c["h_tp"] else 0.0,
        "date": c["date_ok"] / docs, "coroner": c["coroner_ok"] / docs, "coroner_area": c["area_ok"] / docs,
        "recipients_found": c["recipients_found"] / c["recipients"] if c["recipients"] else 0.0,
        "addressee_precision": c["addressees_ok"] / c["addressees"] if c["addressees"] else 0.0,
    }


def _block(got: tuple[dict[str, Counter], list[str]], title: str, first_run: dict) -> list[str]:
    by_layout, misses = got
    total = sum(by_layout.values(), Counter())
    out = [f"{title} ({len(by_layout)} layouts, {total['docs']} reports, "
           f"{total['recipients']} recipients, gold from the renderer and the CSV):"]
    for name, c in sorted(by_layout.items()):
        out.append(prf_line(f"  {name} headings", c["h_tp"], c["h_fp"], c["h_fn"], 30)
                   + f"  page {c['h_page_ok']}/{c['h_tp']}  date {c['date_ok']}/{c['docs']}"
                   f"  coroner {c['coroner_ok']}/{c['docs']}  area {c['area_ok']}/{c['docs']}"
                   f"  recipients {c['recipients_found']}/{c['recipients']}"
                   f"  addressees ok {c['addressees_ok']}/{c['addressees']}")
    f = _figures(total)
    out.append(prf_line("OVERALL box headings (number+title)", total["h_tp"], total["h_fp"], total["h_fn"], 44))
    out.append(f"{'':<44} first run{'':>3} current")
    for k, v in f.items():
        first = first_run.get(k)
        out.append(f"  {k:<42} {first if first is not None else float('nan'):>9.3f}  {v:.3f}")
    out.append(f"  addressees that carry a person's name or an address: {total['addr_person_or_address']} "
               f"(first run {first_run.get('addr_person_or_address', '-')})")
    out.append(f"  addressees with an empty type: {total['addr_type_empty']} "
               f"(first run {first_run.get('addr_type_empty', '-')})")
    if misses:
        out.append("  heading errors (first 8):")
        out += misses[:8]
    return out


def report() -> str:
    got = evaluate()
    if got is None:
        return "  skipped: ../shared/corpora/pfd_reports absent (the rendered coroners' reports need it)"
    out = _block(got, "Coroners' reports rendered", FIRST_RUN)
    out += _block(evaluate(new=True), "New layouts (added later; first run before any rule changed for them)", FIRST_RUN_NEW)
    from .. import ocr
    if not ocr.available():
        out.append("Scans: skipped: ocrmypdf and tesseract are not installed (apt-get install ocrmypdf tesseract-ocr-eng)")
    else:
        out += _block(evaluate(scans=True), "Scans of them, read through OCR", FIRST_RUN_SCANS)
    return "\n".join(out)


if __name__ == "__main__":
    print(report())
