"""scr-extract: safeguarding review PDFs -> one DuckDB database."""

from __future__ import annotations

import os
from pathlib import Path

__version__ = "0.1.0"

# Bump when the rows the pipeline writes would change: re-ingest keys on
# (sha256, PIPELINE_VERSION), so a bump re-processes what an older version made.
PIPELINE_VERSION = "0.1.0"

REPO_ROOT = Path(__file__).resolve().parent.parent
# Vocabularies, patterns, taxonomy and trained components (data, not code).
MODELS_DIR = Path(os.environ.get("SCR_MODELS_DIR", REPO_ROOT / "models"))
CORPORA_DIR = REPO_ROOT / "corpora"
# ../shared beside the repo (real reviews and references); may be absent.
SHARED_DIR = Path(os.environ.get("SCR_SHARED_DIR", REPO_ROOT.parent / "shared"))
