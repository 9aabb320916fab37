"""Measured quality: each module scores one extractor against hand-checked gold.

``python -m extract.evaluation`` (``make eval``) prints every module's ``report()``.
Documents are the sample PDFs in corpora/sample/ and the real SCR in ../shared,
rendered to PDF by corpora/render_shared.py (skipped, with a message, where
../shared is absent). Every document runs through the real pipeline.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from .. import CORPORA_DIR, REPO_ROOT, SHARED_DIR

GOLD_DIR = CORPORA_DIR / "gold"
SAMPLE_DIR = CORPORA_DIR / "sample"
SHARED_STEM = "scr-coventry-child-s"
SHARED_TEXT = SHARED_DIR / "corpora" / "text" / f"{SHARED_STEM}.txt"
BUILD_DIR = REPO_ROOT / "build" / "shared"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf_line(name: str, tp: int, fp: int, fn: int, width: int = 34) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"{name:<{width}} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp}, fp {fp}, fn {fn})"


def gold(stem: str, kind: str) -> dict | None:
    path = GOLD_DIR / stem / f"{kind}.json"
    return json.loads(path.read_text()) if path.exists() else None


def shared_pdf() -> Path | None:
    """The real SCR rendered to PDF under build/ (never committed); None without ../shared."""
    if not SHARED_TEXT.exists():
        return None
    out = BUILD_DIR / f"{SHARED_STEM}.pdf"
    if not out.exists() or out.stat().st_mtime < max(SHARED_TEXT.stat().st_mtime, _renderer().stat().st_mtime):
        spec = importlib.util.spec_from_file_location("render_shared", _renderer())
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        out.parent.mkdir(parents=True, exist_ok=True)
        mod.render(SHARED_TEXT, out)
    return out


def _renderer() -> Path:
    return CORPORA_DIR / "render_shared.py"


# real PDFs in ../shared with gold of our own (never copied into the repo)
SHARED_PDFS = {"pfd-amy-henderson": SHARED_DIR / "corpora" / "pdf" / "PFD_Amy_Henderson.pdf"}


def documents(kind: str) -> list[tuple[str, Path | None]]:
    """(stem, pdf path or None if unavailable) for every document with ``kind`` gold."""
    out = []
    for d in sorted(GOLD_DIR.iterdir()) if GOLD_DIR.exists() else []:
        if not (d / f"{kind}.json").exists():
            continue
        if d.name == SHARED_STEM:
            out.append((d.name, shared_pdf()))
        elif d.name in SHARED_PDFS:
            out.append((d.name, SHARED_PDFS[d.name] if SHARED_PDFS[d.name].exists() else None))
        else:
            pdf = SAMPLE_DIR / f"{d.name}.pdf"
            out.append((d.name, pdf if pdf.exists() else None))
    return out


@functools.lru_cache(maxsize=None)
def review(path: Path):
    """The pipeline's Review for a document (once per process)."""
    from ..pipeline import process

    return process(path)
