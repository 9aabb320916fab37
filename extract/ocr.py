"""Optional OCR for scans with no text layer, through the ocrmypdf and tesseract tools.

Nothing is downloaded: the tools are system packages (Debian: ``apt-get install
ocrmypdf tesseract-ocr-eng``). Without them a scan is stored with status
'no_text_layer' and a warning that says how to OCR it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from .errors import ExtractError
from .model import Document

STAGE = "ocr"
HOW_TO = "no text layer: install ocrmypdf and tesseract-ocr-eng (apt-get install ocrmypdf tesseract-ocr-eng) and re-run with --ocr"


def available() -> bool:
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def ocr(path: str | Path, out_dir: str | Path | None = None, timeout: float = 900) -> Path:
    """A copy of ``path`` with an OCR text layer added; raises ExtractError(stage='ocr')."""
    if not available():
        raise ExtractError(path, STAGE, HOW_TO)
    out_dir = Path(out_dir or tempfile.mkdtemp(prefix="scr-ocr-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (Path(path).stem + ".ocr.pdf")
    cmd = ["ocrmypdf", "--quiet", "--skip-text", "--language", "eng", "--jobs", "1", str(path), str(out)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ExtractError(path, STAGE, f"ocrmypdf timed out after {timeout:g} s") from None
    if proc.returncode != 0 or not out.exists():
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1][:200]
        raise ExtractError(path, STAGE, f"ocrmypdf failed (exit {proc.returncode}): {last}")
    return out


# Tesseract's usual misreadings in report prose, mended only in text that came from OCR:
# the pronoun "I" read as a rule "|" or as "l" run into "am" ("lam", "Iam"), and round bullets read as "¢" or "©".
_PRONOUN_BAR = re.compile(r"(?<![\w|])\|(?=\s+[a-z]{2,}\b)")
_I_AM = re.compile(r"(?:(?<=^)|(?<=[.!?:;]\s))[lI|]\s?am\b")
_BULLET = re.compile(r"^[¢©]\s+(?=\S)")


def repair_text(text: str) -> str:
    """One OCR line with the misreadings above mended ("| make this report" -> "I make this report",
    "lam D. Name, Area Coroner" -> "I am D. Name, ...", "¢ The need" -> "• The need")."""
    text = _I_AM.sub("I am", text)
    text = _PRONOUN_BAR.sub("I", text)
    return _BULLET.sub("• ", text)


def repair(doc: Document) -> Document:
    """``doc`` (read from an OCRed copy) with ``repair_text`` applied to every line."""
    pages = []
    for page in doc.pages:
        lines = tuple(replace(ln, text=t) if (t := repair_text(ln.text)) != ln.text else ln for ln in page.lines)
        pages.append(replace(page, lines=lines))
    return replace(doc, pages=tuple(pages))
