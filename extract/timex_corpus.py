"""The coroners' date gold: real sentences from ../shared, pointed at by offsets, annotated blind.

``corpora/timex_pfd/sentences.jsonl`` names each sentence by its report row (``pfd_reports.csv``),
column (box 3 ``investigation`` or box 4 ``circumstances``), character offsets into that column
and the sha1 of its text, never the text itself.  Sentences are chosen to lean on the tagger's
weak categories (ranges, relative expressions, ages and durations, clock times and sets, numeric
formats, process dates, words that look like dates) with a fixed seed, at most two per report per
category, and split by report: ``dev`` (reports in the theme corpus's train/dev split) for
tuning, ``test`` (its test split) held out.

Each sentence is read in its context: the tagger runs on the whole column, with the report's
published date as the document creation time, and only the timexes inside the sentence are
scored, so a relative expression is anchored by what the report said before it, as a reader
anchors it.

Gold (``corpora/timex_pfd/annotations/<annotator>.jsonl``), one line per sentence::

    {"sent": "pfd/2019-0123/circumstances/4", "timexes": [
        {"start": 3, "end": 16, "text": "12 March 2019", "type": "DATE", "value": "2019-03-12",
         "mod": null, "category": "exact", "range_with": null, "process": false, "death": false}]}

``start``/``end`` are offsets into the sentence; the annotator's ``text`` is checked against them and
then stripped (``strip``): the committed gold holds no text of ../shared.  ``category`` is one of CATEGORIES.
``range_with`` is the index (in this list) of the other point of a range, ``process`` marks a date
about the inquest, the investigation or the report, ``death`` the date of the death or the fatal
incident.  The guideline is ``corpora/timex_pfd/GUIDELINES.md``.

CLI (used by annotators)::

    python -m extract.timex_corpus build              # writes sentences.jsonl and shards.json (batch 1)
    python -m extract.timex_corpus build-batch 2      # appends batch 2 (BATCHES) and its shards
    python -m extract.timex_corpus show SHARD         # each sentence with its DCT and context
    python -m extract.timex_corpus check FILE         # offsets and fields of an annotation file
    python -m extract.timex_corpus strip FILE         # check, then drop the text copies before commit
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from . import CORPORA_DIR, SHARED_DIR
from .errors import ExtractError
from .theme_corpus import (PFD_CSV, _pfd_docs, _sha, check_or_strip, pfd_rows_by_key, read_annotation_files, read_jsonl,
                           split_of)

TIMEX_CORPUS = CORPORA_DIR / "timex_pfd"
SENTENCES_PATH = TIMEX_CORPUS / "sentences.jsonl"
SHARDS_PATH = TIMEX_CORPUS / "shards.json"
ANNOTATIONS_DIR = TIMEX_CORPUS / "annotations"
COLUMNS = ("investigation", "circumstances")
CATEGORIES = ("exact", "relative", "range", "duration", "time_set", "process")
TYPES = ("DATE", "TIME", "DURATION", "SET")

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# selection cues: a sentence is a candidate for each family whose cue it contains
CUES: dict[str, re.Pattern] = {
    "range": re.compile(
        rf"\bbetween\b[^.]{{0,40}}\b(?:\d|{_MONTH}|ages?)[^.]{{0,40}}\band\b|\d\s*(?:st|nd|rd|th)?\s*[-–—]\s*\d+\w*\s+{_MONTH}"
        rf"|\bfrom\b[^.]{{0,30}}\d[^.]{{0,30}}\b(?:to|until|till)\b[^.]{{0,20}}\d|\b(?:19|20)\d\d\s*[-–/]\s*\d\d\b", re.I),
    "relative": re.compile(
        r"\b(?:the\s+(?:following|next|previous|preceding)\s+(?:day|morning|afternoon|evening|night|week|month|year)"
        r"|(?:later|earlier)\s+that\s+\w+|that\s+(?:night|morning|evening|afternoon|day)|the\s+day\s+(?:before|after)"
        r"|(?:\w+|\d+)\s+(?:days?|weeks?|months?|years?|hours?)\s+(?:later|earlier|before|after|previously|prior)"
        r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|overnight|the\s+same\s+day|that\s+year)\b", re.I),
    "duration": re.compile(
        r"\b(?:aged|age\s+of|years?\s+old|year-old|(?:for|over|within|after|about|around|approximately|almost|nearly)"
        r"\s+(?:\w+\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|a\s+few)"
        r"\s+(?:minutes?|hours?|days?|weeks?|months?|years?))\b", re.I),
    "time_set": re.compile(
        r"\b(?:\d{1,2}[:.]\d\d\s*(?:hours|hrs|am|pm|a\.m\.|p\.m\.)?|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|\d{4}\s*(?:hours|hrs)"
        r"|daily|weekly|monthly|fortnightly|each\s+(?:day|week|month|night)|every\s+\w+|twice|three\s+times)\b", re.I),
    "numeric": re.compile(r"\b\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4}\b"),
    "process": re.compile(r"\b(?:inquest|investigation|opened|resumed|concluded|adjourned)\b", re.I),
    "trap": re.compile(r"\b(?:the\s+fall|a\s+fall|fell|may\s+(?:have|be|not)|spring|march(?:ed|ing)?\s+(?:to|up|down)|christmas|sunday\s+school)\b", re.I),
    "exact": re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?:19|20)\d\d\b", re.I),
}
QUOTA = {"range": 50, "relative": 60, "duration": 50, "time_set": 50, "numeric": 25, "process": 35,
         "trap": 20, "exact": 30}
SEED = 20261202

# Batch 2 (chosen after batch 1 had been tuned on): its own seed, none of batch 1's sentences, more
# weight on the families the held-out split found weakest (relative expressions, ranges, clock times
# and sets), and a wider relative cue (a weekday or month with no year, "the same evening", "a week
# later", "earlier that day", "the previous night"). CUES and QUOTA stay as they were, so batch 1
# rebuilds to the same sentences.
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_PART = r"(?:day|morning|afternoon|evening|night|week|weekend|month|year)"
CUES_B2: dict[str, re.Pattern] = dict(CUES, relative=re.compile(
    CUES["relative"].pattern + rf"|\b(?:the\s+)?(?:same|following|previous|preceding|next)\s+(?:{_PART}|{_DAY})\b"
    rf"|\b(?:earlier|later)\s+(?:that|in\s+the|the\s+same)\s+{_PART}\b|\b(?:a|one|two|three|four|a\s+few|a\s+couple\s+of)\s+"
    rf"(?:days?|weeks?|months?|hours?)\s+(?:later|earlier|after(?:wards)?|before)\b|\b(?:on|by|in|during)\s+(?:the\s+)?"
    rf"(?:{_DAY}|{_MONTHS})\b(?!\s+\d|\s+(?:19|20)\d\d)|\b(?:last|this|next)\s+(?:{_PART}|{_DAY})\b", re.I))
QUOTA_B2 = {"range": 45, "relative": 85, "duration": 30, "time_set": 45, "numeric": 20, "process": 15,
            "trap": 10, "exact": 10}
SEED_B2 = 20261203
BATCHES = {1: (CUES, QUOTA, SEED), 2: (CUES_B2, QUOTA_B2, SEED_B2)}


def _sentences(text: str) -> list[tuple[int, int]]:
    from .timex import sentence_spans  # the splitter only: the grammar is never run on gold here

    return [(s, e) for s, e in sentence_spans(text) if 25 <= e - s <= 600]


def build_sentences(shared: Path | None = None, batch: int = 1, taken: list[dict] = ()) -> list[dict]:
    """The sentences of ``batch`` (BATCHES: its cues, quotas and seed); none of them overlaps a
    sentence in ``taken`` (the earlier batches)."""
    shared = shared or SHARED_DIR
    cues, quota, seed = BATCHES[batch]
    busy: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for t in taken:
        busy.setdefault((t["doc"], t["column"]), []).append((t["start"], t["end"]))
    pool: dict[str, list[dict]] = {k: [] for k in cues}
    for row, key, n, doc in _pfd_docs(shared):
        for column in COLUMNS:
            text = row[column] or ""
            for k, (s, e) in enumerate(_sentences(text)):
                t = text[s:e]
                if any(a < e and s < b for a, b in busy.get((doc, column), ())):
                    continue
                rec = {"sent": f"{doc}/{column}/{k}", "doc": doc, "source": str(PFD_CSV), "row_id": key,
                       "row_occurrence": n, "column": column, "start": s, "end": e, "sha1": _sha(t),
                       "dct": row["date"][:10], "split": "test" if split_of(doc) == "test" else "dev"}
                if batch != 1:
                    rec["batch"] = batch
                for fam, rx in cues.items():
                    if rx.search(t):
                        pool[fam].append(rec)
    rng = random.Random(seed)
    chosen: dict[str, dict] = {}
    for fam in cues:  # in QUOTA order, rarer families first would bias nothing: quotas are per family
        cands = pool[fam][:]
        rng.shuffle(cands)
        per_doc: dict[str, int] = {}
        got = 0
        for rec in cands:
            if got >= quota[fam]:
                break
            if rec["sent"] in chosen or per_doc.get(rec["doc"], 0) >= 2:
                continue
            per_doc[rec["doc"]] = per_doc.get(rec["doc"], 0) + 1
            chosen[rec["sent"]] = dict(rec, family=fam)
            got += 1
    return sorted(chosen.values(), key=lambda r: (r["doc"], r["column"], r["start"]))


def batch_of(sent: dict) -> int:
    return sent.get("batch", 1)


def load_sentences(path: Path | None = None) -> list[dict]:
    return read_jsonl(path or SENTENCES_PATH, "timex", "sentences")


def column_texts(sents: list[dict], shared: Path | None = None,
                 columns: tuple[str, ...] = ()) -> dict[tuple[str, str], tuple[str, str]]:
    """{(doc, column): (column text, report date)} for the sentences' columns (and, for each of
    their reports, the extra ``columns``), each sentence sha1-checked."""
    shared = shared or SHARED_DIR
    rows = pfd_rows_by_key(shared, {(s["row_id"], s["row_occurrence"]) for s in sents})
    out = {}
    for s in sents:
        row = rows[(s["row_id"], s["row_occurrence"])]
        text = row[s["column"]] or ""
        if _sha(text[s["start"]:s["end"]]) != s["sha1"]:
            raise ExtractError(str(shared / PFD_CSV), "timex", f"sentence {s['sent']}: text changed (sha1 mismatch)")
        out[(s["doc"], s["column"])] = (text, row["date"][:10])
        for col in columns:
            out.setdefault((s["doc"], col), (row[col] or "", row["date"][:10]))
    return out


def load_gold(files: list[Path] | None = None) -> dict[str, dict[str, list[dict]]]:
    """{annotator: {sentence id: [timex, ...]}}; a later line for a sentence replaces an earlier one."""
    files = files if files is not None else sorted(ANNOTATIONS_DIR.glob("*.jsonl"))
    return read_annotation_files(files, "timex", lambda d, stem: (stem, d["sent"], list(d["timexes"])))


def check_file(path: Path) -> list[str]:
    """Problems in an annotation file: unknown sentences, offsets that do not give the text, bad fields."""
    sents = {s["sent"]: s for s in load_sentences()}
    texts = column_texts(list(sents.values()))
    problems = []
    for sid, txs in load_gold([path]).get(path.stem, {}).items():
        s = sents.get(sid)
        if s is None:
            problems.append(f"{sid}: not a sentence of the corpus")
            continue
        sent = texts[(s["doc"], s["column"])][0][s["start"]:s["end"]]
        for j, t in enumerate(txs):
            where = f"{sid} #{j}"
            a, b = t.get("start"), t.get("end")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(sent)) or \
                    (a > 0 and sent[a - 1].isalnum() and sent[a].isalnum()) or \
                    (b < len(sent) and sent[b - 1].isalnum() and sent[b].isalnum()):
                problems.append(f"{where}: offsets {a}..{b} are not a span of whole words in the sentence")
            elif "text" in t and sent[a:b] != t["text"]:
                problems.append(f"{where}: sentence[{a}:{b}] is not {t['text']!r}")
            if t.get("type") not in TYPES:
                problems.append(f"{where}: type {t.get('type')!r}")
            if t.get("category") not in CATEGORIES:
                problems.append(f"{where}: category {t.get('category')!r}")
            rw = t.get("range_with")
            if rw is not None and not (isinstance(rw, int) and 0 <= rw < len(txs) and rw != j):
                problems.append(f"{where}: range_with {rw!r}")
            if not isinstance(t.get("value"), str) or not t["value"]:
                problems.append(f"{where}: value {t.get('value')!r}")
    return problems


def strip_file(path: Path) -> int:
    """Drop the annotator's ``text`` copies from a checked file: committed gold holds offsets only
    (the texts stay in ../shared)."""
    lines = []
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        for t in d["timexes"]:
            n += t.pop("text", None) is not None
        lines.append(json.dumps(d, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def _by_family(sents: list[dict]) -> dict[tuple[str, str], int]:
    """How many sentences of each (cue family, split)."""
    by: dict[tuple[str, str], int] = {}
    for x in sents:
        by[(x["family"], x["split"])] = by.get((x["family"], x["split"]), 0) + 1
    return by


def _write_shards(shards: dict) -> None:
    SHARDS_PATH.write_text(json.dumps(shards, indent=1) + "\n", encoding="utf-8")


def _main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        sents = build_sentences()
        TIMEX_CORPUS.mkdir(parents=True, exist_ok=True)
        SENTENCES_PATH.write_text("".join(json.dumps(s, sort_keys=True) + "\n" for s in sents), encoding="utf-8")
        ids = [s["sent"] for s in sents]
        shards = {f"d{i + 1}": ids[i::3] for i in range(3)}
        rng = random.Random(SEED)
        shards["overlap"] = sorted(rng.sample(ids, 75))
        _write_shards(shards)
        print(f"{len(sents)} sentences -> {SENTENCES_PATH}: {_by_family(sents)}")
        return 0
    if argv[:1] == ["build-batch"] and len(argv) >= 2:
        batch = int(argv[1])
        old = [s for s in load_sentences() if batch_of(s) < batch]
        if any(batch_of(s) >= batch for s in load_sentences()):
            print(f"batch {batch} is already in {SENTENCES_PATH}: rebuild it by hand if you mean to")
            return 1
        new = build_sentences(batch=batch, taken=old)
        clash = {s["sent"] for s in old} & {s["sent"] for s in new}
        if clash:
            raise ExtractError(str(SENTENCES_PATH), "timex", f"batch {batch}: sentence ids already used: {sorted(clash)[:3]}")
        with SENTENCES_PATH.open("a", encoding="utf-8") as fh:
            fh.write("".join(json.dumps(s, sort_keys=True) + "\n" for s in new))
        ids = [s["sent"] for s in new]
        shards = json.loads(SHARDS_PATH.read_text(encoding="utf-8"))
        for i in range(3):
            shards[f"b{batch}d{i + 1}"] = ids[i::3]
        shards[f"overlap{batch}"] = sorted(random.Random(BATCHES[batch][2]).sample(ids, 50))
        _write_shards(shards)
        print(f"batch {batch}: {len(new)} sentences appended to {SENTENCES_PATH}: {_by_family(new)}")
        return 0
    if argv[:1] == ["show"] and len(argv) >= 2:
        ids = json.loads(SHARDS_PATH.read_text(encoding="utf-8"))[argv[1]]
        by_id = {s["sent"]: s for s in load_sentences()}
        pick = [by_id[i] for i in ids]
        texts = column_texts(pick)
        for s in pick:
            text, dct = texts[(s["doc"], s["column"])]
            ctx = text[max(0, s["start"] - 700):s["start"]]
            print(f"=== {s['sent']}   DCT (report date) {dct}   box: {s['column']}")
            print(f"--- context before (read only): ...{ctx}")
            print(f"--- SENTENCE:\n{text[s['start']:s['end']]}\n")
        return 0
    code = check_or_strip(argv, check_file, strip_file, "text copies removed")
    if code is not None:
        return code
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
