"""The theme annotation corpus: units cut from real text in ../shared, pointed at by offsets.

The repository never holds the texts: ``corpora/themes/units.jsonl`` names each unit by its
source (a row of ``pfd_reports.csv`` and its column, or a text file of ../shared), character
offsets and the sha1 of its text, so a changed source is caught, not silently mislabelled.

API
* ``build_units() -> list[dict]``: cut the units (``extract.units``) from ../shared.
* ``load_units(path=None) -> list[dict]`` and ``unit_texts(units) -> {unit_id: text}``.
* ``load_annotations(annotator_files) -> {annotator: {unit_id: {code: polarity}}}``.
* ``split_of(doc_id)``: ``train`` / ``dev`` / ``test`` by a hash of the document: a document's
  units are all in one split.  The Coventry SCR (the only review-style text) is always train.

CLI (used by annotators)::

    python -m extract.theme_corpus build                 # writes corpora/themes/units.jsonl
    python -m extract.theme_corpus show SHARD [--from K] [--n N]   # print a shard's units
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from . import CORPORA_DIR, SHARED_DIR
from .errors import ExtractError
from .units import concern_items, paragraphs

THEME_CORPUS = CORPORA_DIR / "themes"
UNITS_PATH = THEME_CORPUS / "units.jsonl"
ANNOTATIONS_DIR = THEME_CORPUS / "annotations"
PFD_CSV = Path("corpora/pfd_reports/pfd_reports.csv")
COVENTRY = Path("corpora/text/scr-coventry-child-s.txt")


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def split_of(doc_id: str) -> str:
    if doc_id.startswith("text/"):
        return "train"
    h = int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 100
    return "train" if h < 70 else ("dev" if h < 80 else "test")


def _pfd_rows(shared: Path) -> list[dict]:
    path = shared / PFD_CSV
    if not path.exists():
        raise ExtractError(str(path), "themes", "../shared is absent: the theme corpus needs pfd_reports.csv")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _row_key(row: dict) -> str:
    return row["id"].strip() or row["url"].rstrip("/").rsplit("/", 1)[-1]


def _coventry_region(text: str) -> tuple[int, int]:
    """The body of the Coventry SCR after its contents list, up to the appendices."""
    first = text.find("Section Two")
    start = text.find("Section Two", first + 1)  # the first is in the contents list
    end = text.rfind("\nAppendices")
    return (max(start, 0), end if end > start else len(text))


def _pfd_docs(shared: Path):
    """(row, row key, occurrence of that key, document id) for each report row."""
    seen: dict[str, int] = {}
    for row in _pfd_rows(shared):
        key = _row_key(row)
        n = seen.get(key, 0)
        seen[key] = n + 1
        yield row, key, n, (f"pfd/{key}" if n == 0 else f"pfd/{key}~{n}")


def _pfd_unit(row: dict, key: str, n: int, doc: str, column: str, k: int, s: int, e: int) -> dict:
    text = row[column]
    return {"unit": f"{doc}/{column}/{k}", "doc": doc, "source": str(PFD_CSV), "row_id": key,
            "row_occurrence": n, "column": column, "start": s, "end": e,
            "sha1": _sha(text[s:e]), "genre": f"pfd_{row['source']}", "split": split_of(doc)}


def build_units(shared: Path | None = None) -> list[dict]:
    shared = shared or SHARED_DIR
    units: list[dict] = []
    for row, key, n, doc in _pfd_docs(shared):
        for k, (s, e) in enumerate(concern_items(row["concerns"])):
            units.append(_pfd_unit(row, key, n, doc, "concerns", k, s, e))
    units.extend(_circumstance_units(shared))
    path = shared / COVENTRY
    if path.exists():
        text = path.read_text(encoding="utf-8")
        a, b = _coventry_region(text)
        doc = "text/scr-coventry-child-s"
        k = 0
        for s, e in paragraphs(text[a:b]):
            s, e = a + s, a + e
            if e - s < 120:
                continue
            units.append({"unit": f"{doc}/para/{k}", "doc": doc, "source": str(COVENTRY), "start": s, "end": e,
                          "sha1": _sha(text[s:e]), "genre": "scr", "split": split_of(doc)})
            k += 1
    return units


def _circumstance_units(shared: Path) -> list[dict]:
    """Paragraphs (120+ characters) of box 4, the circumstances of the death: narrative prose
    that mixes events with judgements of practice, as a review's analysis does."""
    out = []
    for row, key, n, doc in _pfd_docs(shared):
        spans = [(s, e) for s, e in paragraphs(row["circumstances"]) if e - s >= 120]
        out.extend(_pfd_unit(row, key, n, doc, "circumstances", k, s, e) for k, (s, e) in enumerate(spans))
    return out


def read_jsonl(path: Path, stage: str, what: str) -> list[dict]:
    """The records of a JSON-lines manifest; a clear error naming the file when it cannot be read."""
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        raise ExtractError(str(path), stage, f"cannot read {what}: {e}") from e


def load_units(path: Path | None = None) -> list[dict]:
    return read_jsonl(path or UNITS_PATH, "themes", "units")


def pfd_rows_by_key(shared: Path, want: set[tuple[str, int]] | None = None) -> dict[tuple[str, int], dict]:
    """{(row key, occurrence): row} of pfd_reports.csv, only the wanted ones when ``want`` is given."""
    rows: dict[tuple[str, int], dict] = {}
    occ: dict[str, int] = {}
    for row in _pfd_rows(shared):
        key = _row_key(row)
        n = occ.get(key, 0)
        occ[key] = n + 1
        if want is None or (key, n) in want:
            rows[(key, n)] = row
    return rows


def unit_texts(units: list[dict], shared: Path | None = None) -> dict[str, str]:
    """Each unit's text from ../shared, checked against its sha1."""
    shared = shared or SHARED_DIR
    rows = pfd_rows_by_key(shared) if any(u["source"] == str(PFD_CSV) for u in units) else {}
    files: dict[str, str] = {}
    out = {}
    for u in units:
        if u["source"] == str(PFD_CSV):
            text = rows[(u["row_id"], u.get("row_occurrence", 0))][u["column"]]
        else:
            if u["source"] not in files:
                files[u["source"]] = (shared / u["source"]).read_text(encoding="utf-8")
            text = files[u["source"]]
        t = text[u["start"]:u["end"]]
        if _sha(t) != u["sha1"]:
            raise ExtractError(u["source"], "themes", f"unit {u['unit']}: text changed (sha1 mismatch)")
        out[u["unit"]] = t
    return out


def check_or_strip(argv: list[str], check_file, strip_file, done: str = "text copies replaced by offsets") -> int | None:
    """The annotators' ``check FILE`` and ``strip FILE`` commands of a blind corpus: the problems of the
    file (or "ok"), and for ``strip`` of a clean file its text copies replaced; None for other commands."""
    if argv[:1] not in (["check"], ["strip"]) or len(argv) < 2:
        return None
    problems = check_file(Path(argv[1]))
    print("\n".join(problems) or "ok")
    if argv[0] == "strip" and not problems:
        print(f"{strip_file(Path(argv[1]))} {done}")
    return 1 if problems else 0


def read_annotation_files(files: list[Path], stage: str, parse) -> dict[str, dict[str, Any]]:
    """{annotator: {item id: value}} from JSON-lines annotation files; ``parse(record, file stem)``
    gives (annotator, item id, value).  A later line for an item replaces an earlier one; a bad line
    is an error naming the file and line."""
    out: dict[str, dict[str, Any]] = {}
    for f in files:
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                ann, key, value = parse(json.loads(line), f.stem)
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ExtractError(str(f), stage, f"line {i}: {e}") from e
            out.setdefault(ann, {})[key] = value
    return out


def primary_gold(by_annotator: dict[str, dict[str, Any]], second: str = "overlap") -> dict[str, Any]:
    """{item: annotation} of the primary annotators, each item coded by one of them; ``second`` is the
    file of the annotator who coded a sample again, for agreement only."""
    out: dict[str, Any] = {}
    for ann, items in sorted(by_annotator.items()):
        if ann != second:
            out.update(items)
    return out


def load_annotations(files: list[Path] | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """{annotator: {unit_id: {code: polarity}}}; a later line for a unit replaces an earlier one."""
    files = files if files is not None else sorted(ANNOTATIONS_DIR.glob("*.jsonl"))
    return read_annotation_files(files, "themes", lambda d, stem: (
        d.get("annotator") or stem, d["unit"], {t["code"]: t.get("polarity", "concern") for t in d["tags"]}))


def shards() -> dict[str, list[str]]:
    path = THEME_CORPUS / "shards.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        units = build_units()
        UNITS_PATH.parent.mkdir(parents=True, exist_ok=True)
        UNITS_PATH.write_text("".join(json.dumps(u, sort_keys=True) + "\n" for u in units), encoding="utf-8")
        print(f"{len(units)} units -> {UNITS_PATH}")
        return 0
    if argv[:1] == ["show"] and len(argv) >= 2:
        ids = shards()[argv[1]]
        start = int(argv[argv.index("--from") + 1]) if "--from" in argv else 0
        n = int(argv[argv.index("--n") + 1]) if "--n" in argv else len(ids)
        by_id = {u["unit"]: u for u in load_units()}
        pick = [by_id[i] for i in ids[start:start + n]]
        texts = unit_texts(pick)
        for k, u in enumerate(pick, start):
            print(f"=== [{k}] {u['unit']}  ({u['genre']})")
            print(texts[u["unit"]])
            print()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
