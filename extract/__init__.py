"""scr-extract: safeguarding review PDFs -> one DuckDB database."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__version__ = "0.1.0"

REPO_ROOT = Path(__file__).resolve().parent.parent
# Vocabularies, patterns, taxonomy and trained components (data, not code).
MODELS_DIR = Path(os.environ.get("SCR_MODELS_DIR", REPO_ROOT / "models"))


def _model_fingerprint() -> str:
    """Short hash of the trained theme model's metadata (its labels, thresholds and the hash of
    the data it was trained from): a retrained model is a new pipeline version."""
    try:
        return hashlib.sha256((MODELS_DIR / "theme_classifier" / "meta.json").read_bytes()).hexdigest()[:8]
    except OSError:
        return "nomodel"


# Bump the code part when the rows the pipeline writes would change: re-ingest keys on
# (sha256, PIPELINE_VERSION), so a bump re-processes what an older version made. The part
# after "+" follows the committed theme model.
PIPELINE_CODE_VERSION = "0.6.6"
PIPELINE_VERSION = f"{PIPELINE_CODE_VERSION}+themes.{_model_fingerprint()}"
CORPORA_DIR = REPO_ROOT / "corpora"
# ../shared beside the repo (real reviews and references); may be absent.
SHARED_DIR = Path(os.environ.get("SCR_SHARED_DIR", REPO_ROOT.parent / "shared"))
