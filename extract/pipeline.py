"""One file in, one Review out: the pure per-file function the batch runs in workers."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import entities, events, findings, furniture, metadata, pdf, sections, themes, timex
from . import ocr as ocr_mod
from .errors import ExtractError
from .model import Review

# A PDF whose pages carry fewer characters than this on average has no text layer.
MIN_CHARS_PER_PAGE = 20


def review_id(sha256: str) -> str:
    """Stable id of a review: the same bytes always get the same id."""
    return sha256[:16]


class _Timer:
    def __init__(self, path: str):
        self.path = path
        self.timings: dict[str, float] = {}

    def run(self, stage: str, fn, *args):
        t = time.perf_counter()
        try:
            return fn(*args)
        except ExtractError:
            raise
        except Exception as e:  # a bug or a surprise in one stage names the stage
            msg = (str(e).strip() or type(e).__name__).splitlines()[0][:200]
            raise ExtractError(self.path, stage, f"{type(e).__name__}: {msg}") from e
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t


def process(path: str | Path, sha256: str | None = None, ocr: bool = False,
            ocr_dir: str | Path | None = None) -> Review:
    """Run every stage on one PDF. Raises ExtractError naming file, page and stage.

    A scan with no text layer gets status 'no_text_layer', or with ``ocr`` (and the
    ocrmypdf/tesseract tools installed) is OCRed and processed with status 'ocr'.
    With ``ocr_dir``, the OCRed copy is kept there as ``<sha256>.ocr.pdf`` and reused
    by the next run on the same file (OCR is by far the slowest stage).
    """
    path = str(path)
    timer = _Timer(path)
    sha = sha256 or timer.run("read", pdf.sha256_file, path)
    doc = timer.run("read", pdf.read, path, sha)
    rid = review_id(sha)
    status = "ok"
    if not has_text(doc):
        if not ocr:
            doc = replace(doc, warnings=doc.warnings + (ocr_mod.HOW_TO,))
            return Review(rid, doc, metadata.ReviewMeta(), (), status="no_text_layer", timings=timer.timings)
        kept = Path(ocr_dir) / f"{sha}.ocr.pdf" if ocr_dir else None
        if kept is not None and kept.exists():
            doc = timer.run("read", pdf.read, kept, sha)
        else:
            with tempfile.TemporaryDirectory(prefix="scr-ocr-") as tmp:
                scanned = timer.run("ocr", ocr_mod.ocr, path, tmp)
                doc = timer.run("read", pdf.read, scanned, sha)
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    part = f"{kept}.{os.getpid()}.part"
                    shutil.copyfile(scanned, part)
                    os.replace(part, kept)  # whole or absent: two runs may OCR the same file
        doc = ocr_mod.repair(doc)
        doc = replace(doc, source_path=path, warnings=doc.warnings + ("text from OCR (ocrmypdf/tesseract)",))
        status = "ocr"
        if not has_text(doc):
            return Review(rid, doc, metadata.ReviewMeta(), (), status="no_text_layer", timings=timer.timings)
    if sum(pdf.cid_dominated(p) for p in doc.pages) > doc.page_count / 2:
        return Review(rid, doc, metadata.ReviewMeta(), (), status="cid_garbage", timings=timer.timings)
    doc = timer.run("furniture", furniture.strip, doc)
    secs = timer.run("sections", sections.split, doc)
    meta = timer.run("metadata", metadata.read, doc, secs)
    tags = timer.run("tagging", tag, secs, meta, timer.timings)
    return Review(rid, doc, meta, tuple(secs), status=status, timings=timer.timings, **tags)


def tag(secs: list, meta, timings: dict | None = None) -> dict:
    """The tagging stages over a review's sections: entities, dates and events, findings, themes.
    With ``timings``, the theme stage's seconds go under "themes" (and out of "tagging")."""
    mentions, agencies, people = entities.extract(secs, getattr(meta, "review_type", None),
                                                  getattr(meta, "deceased", None))
    timexes = timex.annotate_sections(secs, reference_date(meta))
    evs = events.extract_events(secs, timexes, mentions)
    found, recs = findings.extract(secs, mentions)
    agencies = with_addressees(agencies, recs)
    t = time.perf_counter()
    theme_tags, found, recs = themes.tag_all(found, recs, secs)
    if timings is not None:
        dt = time.perf_counter() - t
        timings["themes"] = timings.get("themes", 0.0) + dt
        timings["tagging"] = timings.get("tagging", 0.0) - dt
    return dict(mentions=tuple(mentions), agencies=tuple(agencies), people=tuple(people),
                timexes=tuple(timexes), events=tuple(evs),
                findings=tuple(found), recommendations=tuple(recs), theme_tags=tuple(theme_tags))


def with_addressees(agencies, recs) -> list:
    """Every organisation a recommendation is addressed to is one of the review's agencies (a coroner's
    report names its recipients once, in the list, and never again in the text)."""
    from .model import Agency
    from .nlp import name_key
    out = list(agencies)
    known = {name_key(a.agency) for a in out}
    added: dict[str, list] = {}
    for rec in recs:
        for name, atype in zip(rec.addressees, rec.addressee_types):
            k = name_key(name)
            if k in known:
                continue
            entry = added.setdefault(k, [name, atype or "other", 0, rec.page_no, set()])  # 0 mentions in the text
            entry[3] = min(entry[3], rec.page_no)
            entry[4].add(rec.section_id)
    for name, atype, n, page, secs in added.values():
        out.append(Agency(agency=name, agency_type=atype, mentions=n, first_page=page, sections=tuple(sorted(secs))))
    return out


def reference_date(meta) -> date | None:
    """The review's own date, for reading two-digit years; never an anchor for the chronology."""
    if meta.published:
        return meta.published
    if meta.published_year:
        return date(meta.published_year, 12, 31)
    return None


def has_text(doc) -> bool:
    return sum(p.chars for p in doc.pages) >= MIN_CHARS_PER_PAGE * doc.page_count
