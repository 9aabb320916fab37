"""The coroners' addressee gold: every recipient of every real report in ../shared, annotated blind.

A coroner's report is sent to named bodies ("THIS REPORT IS BEING SENT TO"), and the database keeps
each as an addressee: the organisation, not the person or the office-holder, under one name and
one type wherever it recurs. The rendered layouts check this on 60 reports; this corpus checks it on
all 967 recipients of the 598 reports of ``pfd_reports.csv``, as the CSV's ``receiver`` column gives
them (split into entries by ``receiver_entries``, the renderer's rule: ";", new lines, " | ").

``corpora/addressees_pfd/units.jsonl`` names each entry by its report row, its place in the list,
its length and the sha1 of its text, never the text itself; reports are split as the theme corpus
splits them (``test`` held out, the rest ``dev``).

Gold (``corpora/addressees_pfd/annotations/<annotator>.jsonl``), one line per entry::

    {"unit": "pfd/2019-0123/to/2", "org": {"text": "London Borough of Northwick", "occurrence": 1},
     "canonical": null, "type": "local_authority"}
    {"unit": "pfd/2019-0123/to/3", "org": null, "canonical": null, "type": null}   (a person only)

``org`` is the words of the entry that name the body the report goes to (while annotating: text and
occurrence; ``strip`` writes offsets in their place, so the committed gold holds no text of
../shared); ``canonical`` the body's standard name where those words are an office, an old name or
an abbreviation (written from public knowledge, e.g. "Department for Transport"); ``type`` an
addressee type. The guideline is ``corpora/addressees_pfd/GUIDELINES.md``.

CLI::

    python -m extract.addressee_corpus build          # units.jsonl and shards.json
    python -m extract.addressee_corpus show SHARD     # each report's entries, with their unit ids
    python -m extract.addressee_corpus check FILE     # every org found, fields valid
    python -m extract.addressee_corpus strip FILE     # check, then replace text/occurrence by offsets
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from . import CORPORA_DIR, SHARED_DIR
from .entity_corpus import occurrences
from .errors import ExtractError
from .labels import AGENCY_TYPES
from .theme_corpus import (PFD_CSV, _pfd_docs, _sha, check_or_strip, pfd_rows_by_key, read_annotation_files, read_jsonl,
                           split_of)

CORPUS = CORPORA_DIR / "addressees_pfd"
UNITS_PATH = CORPUS / "units.jsonl"
SHARDS_PATH = CORPUS / "shards.json"
ANNOTATIONS_DIR = CORPUS / "annotations"
ADDRESSEE_TYPES = tuple(AGENCY_TYPES) + ("national_body", "local_authority", "all_agencies", "multi_agency_forum")
SEED = 20261203
SECOND_CODERS = ("overlap",)
STAGE = "addressees"


def receiver_entries(receiver: str | None) -> list[str]:
    """The entries of a ``receiver`` string, as the renderer lays them out (corpora/render_pfd.py)."""
    parts = re.split(r"\s*(?:;|\n|\s\|\s)\s*", receiver or "")
    return [p.strip(" ,.") for p in parts if p.strip(" ,.")]


def build_units(shared: Path | None = None) -> list[dict]:
    units = []
    for row, key, n, doc in _pfd_docs(shared or SHARED_DIR):
        for k, entry in enumerate(receiver_entries(row.get("receiver")), 1):
            units.append({"unit": f"{doc}/to/{k}", "doc": doc, "source": str(PFD_CSV), "row_id": key,
                          "row_occurrence": n, "index": k, "chars": len(entry), "sha1": _sha(entry),
                          "split": "test" if split_of(doc) == "test" else "dev"})
    return sorted(units, key=lambda u: (u["doc"], u["index"]))


def load_units(path: Path | None = None) -> list[dict]:
    return read_jsonl(path or UNITS_PATH, STAGE, "units")


def entry_texts(units: list[dict], shared: Path | None = None) -> dict[str, str]:
    """{unit id: the entry's text}, each sha1-checked against the manifest."""
    shared = shared or SHARED_DIR
    rows = pfd_rows_by_key(shared, {(u["row_id"], u["row_occurrence"]) for u in units})
    out = {}
    for u in units:
        entries = receiver_entries(rows[(u["row_id"], u["row_occurrence"])].get("receiver"))
        text = entries[u["index"] - 1] if u["index"] <= len(entries) else ""
        if _sha(text) != u["sha1"]:
            raise ExtractError(str(shared / PFD_CSV), STAGE, f"unit {u['unit']}: text changed (sha1 mismatch)")
        out[u["unit"]] = text
    return out


def load_gold(files: list[Path] | None = None) -> dict[str, dict[str, dict]]:
    """{annotator: {unit id: {"org", "canonical", "type"}}}; a later line for a unit replaces an earlier one."""
    files = files if files is not None else sorted(ANNOTATIONS_DIR.glob("*.jsonl"))
    return read_annotation_files(files, STAGE, lambda d, stem: (stem, d["unit"], {
        "org": d["org"], "canonical": d.get("canonical"), "type": d.get("type")}))


def org_span(org, text: str) -> tuple[int, int] | None | str:
    """(start, end) of the gold organisation, None for an entry that names no body, a problem string
    for one that cannot be found."""
    if org is None:
        return None
    if isinstance(org, list) and len(org) == 2 and all(isinstance(x, int) for x in org):
        return tuple(org) if 0 <= org[0] < org[1] <= len(text) else f"offsets {org} are not in the entry"
    if isinstance(org, dict) and "text" in org:
        hits = occurrences(text, org["text"])
        k = org.get("occurrence", 1)
        if not isinstance(k, int) or not 1 <= k <= len(hits):
            return f"{org['text']!r} occurrence {k!r}: the entry has {len(hits)} whole-word occurrence(s)"
        return hits[k - 1], hits[k - 1] + len(org["text"])
    return f"org {org!r}: neither text + occurrence nor [start, end]"


def check_file(path: Path) -> list[str]:
    units = {u["unit"]: u for u in load_units()}
    texts = entry_texts(list(units.values()))
    problems = []
    for uid, g in load_gold([path]).get(path.stem, {}).items():
        if uid not in units:
            problems.append(f"{uid}: not a unit of the corpus")
            continue
        span = org_span(g["org"], texts[uid])
        if isinstance(span, str):
            problems.append(f"{uid}: {span}")
        if span is None and (g["type"] is not None or g["canonical"] is not None):
            problems.append(f"{uid}: no org, so no type or canonical name")
        if span is not None and g["type"] not in ADDRESSEE_TYPES:
            problems.append(f"{uid}: type {g['type']!r} (one of {', '.join(ADDRESSEE_TYPES)})")
    return problems


def strip_file(path: Path) -> int:
    units = {u["unit"]: u for u in load_units()}
    texts = entry_texts(list(units.values()))
    lines, n = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        span = org_span(d["org"], texts[d["unit"]])
        n += isinstance(d["org"], dict)
        lines.append(json.dumps({"unit": d["unit"], "org": list(span) if span else None,
                                 "canonical": d.get("canonical"), "type": d.get("type")}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def _main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        units = build_units()
        CORPUS.mkdir(parents=True, exist_ok=True)
        UNITS_PATH.write_text("".join(json.dumps(u, sort_keys=True) + "\n" for u in units), encoding="utf-8")
        if not SHARDS_PATH.exists():  # shards never change once annotators have them
            docs = sorted({u["doc"] for u in units})
            rng = random.Random(SEED)
            order = docs[:]
            rng.shuffle(order)
            shards = {f"a{i + 1}": sorted(order[i::3]) for i in range(3)}
            shards["overlap"] = sorted(rng.sample(docs, 60))
            SHARDS_PATH.write_text(json.dumps(shards, indent=1) + "\n", encoding="utf-8")
        by: dict[str, int] = {}
        for u in units:
            by[u["split"]] = by.get(u["split"], 0) + 1
        print(f"{len(units)} entries of {len({u['doc'] for u in units})} reports -> {UNITS_PATH}: {by}")
        return 0
    if argv[:1] == ["show"] and len(argv) >= 2:
        docs = set(json.loads(SHARDS_PATH.read_text(encoding="utf-8"))[argv[1]])
        units = [u for u in load_units() if u["doc"] in docs]
        texts = entry_texts(units)
        for u in units:
            print(f"{u['unit']}\t{texts[u['unit']]}")
        return 0
    code = check_or_strip(argv, check_file, strip_file)
    if code is not None:
        return code
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
