"""Evaluation of the entity stage (extract/entities.py) against hand-written gold.

``report() -> str`` prints mention-level precision/recall/F1 (exact span + canonical
match, and span-only), per label, and review-level agency-type recall, per document
and overall.  Run: ``.venv/bin/python -m extract.evaluation.entities``.

Until the real pdf -> sections pipeline exists, the real SCR text
(shared/corpora/text/scr-coventry-child-s.txt) is turned into Sections by
``sections_from_text`` below.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

from extract import CORPORA_DIR, SHARED_DIR
from extract.model import Section

SCR_STEM = "scr-coventry-child-s"

_SECTION_RE = re.compile(r"^Section (One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s*[–-]\s*\S.*$")
_NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+){1,3})\.?\s+([A-Z].{0,90})$")
_APPENDIX_RE = re.compile(r"^(Appendix [A-Z]|Appendices)$")
_TOC_LINE_RE = re.compile(r"(\t\s*\d+|\.{3,}\s*\d+)\s*$")
_FOOTNOTE_RE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_SUPERSCRIPTS = re.compile(r"(?<=\S)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def clean_markup(line: str) -> str:
    """Strip the markdown-ish markup of the text corpus (<i>, **, ~~, superscript refs)."""
    line = re.sub(r"</?i>", "", line)
    line = line.replace("**", "").replace("~~", "")
    line = _SUPERSCRIPTS.sub("", line)
    return line.strip()


def _heading(line: str) -> tuple[str | None, str, int] | None:
    """(number, title, level) when ``line`` is a heading line, else None."""
    if len(line) > 100 or line.endswith((".", ",", ";", ":")):
        return None
    m = _SECTION_RE.match(line)
    if m:
        return m.group(1), line, 1
    m = _APPENDIX_RE.match(line)
    if m:
        return (line.split()[-1] if line.startswith("Appendix ") else None), line, 1
    m = _NUMBERED_RE.match(line)
    if m:
        number = m.group(1)
        return number, m.group(2).strip(), number.count(".") + 1
    return None


def sections_from_text(text: str) -> list[Section]:
    """Sections of a review from its plain text: headings start sections; the table of
    contents and footnote lines are dropped; paragraphs are joined with a blank line.
    Pages are not known in plain text, so every section gets the page the table of
    contents gives for its heading (or the page of the section before)."""
    lines = text.splitlines()
    toc_pages: dict[str, int] = {}
    body: list[str] = []
    in_toc = False
    for raw in lines:
        line = clean_markup(raw)
        if line == "Contents":
            in_toc = True
            continue
        if in_toc:
            m = re.match(r"^(.*?)(?:\t|\.{3,})\s*(\d+)\s*$", line)
            if m:
                toc_pages.setdefault(re.sub(r"\s+", " ", m.group(1)).strip(), int(m.group(2)))
                continue
            if not line:
                continue
            in_toc = False
        if _FOOTNOTE_RE.match(raw.strip()):
            continue
        body.append(line)

    sections: list[Section] = []
    cur_title, cur_number, cur_level = "Front matter", None, 0
    paras: list[str] = []
    page = 1
    parents: dict[int, int] = {}

    def flush() -> None:
        nonlocal paras
        sid = len(sections) + 1
        parent = None
        for lvl in range(cur_level - 1, 0, -1):
            if lvl in parents:
                parent = parents[lvl]
                break
        sections.append(Section(section_id=sid, parent_id=parent, ordinal=sid, number=cur_number,
                                title=cur_title, level=cur_level, page_start=page, page_end=page,
                                text="\n\n".join(p for p in paras if p), page_spans=((0, page),)))
        if cur_level:
            parents[cur_level] = sid
            for lvl in list(parents):
                if lvl > cur_level:
                    del parents[lvl]
        paras = []

    for line in body:
        h = _heading(line)
        if h:
            flush()
            cur_number, cur_title, cur_level = h
            key = line if cur_level == 1 else f"{cur_number} {cur_title}"
            page = toc_pages.get(key, toc_pages.get(cur_title, page))
            continue
        if line:
            paras.append(line)
    flush()
    return [s for s in sections if s.text or s.level]


def load_scr_sections() -> list[Section] | None:
    path = SHARED_DIR / "corpora" / "text" / f"{SCR_STEM}.txt"
    if not path.exists():
        return None
    return sections_from_text(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- scoring


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "•": "-", "▪": "-", "◦": "-", "●": "-",
                       "–": "-", "—": "-", "\u00a0": " "})
# footnote markers glued to a word in PDF text ("referral3"): ignored when comparing with gold
_GLUED_NOTE = re.compile(r"(?<=[a-z]{2})\d{1,2}(?=[\s.,;:)]|$)")


def fold(text: str) -> str:
    """Gold-comparison form of a snippet: quotes, bullets, dashes folded, glued note markers and
    superscripts dropped, whitespace normalised."""
    text = _SUPERSCRIPTS.sub("", text.translate(_FOLD))
    return " ".join(_GLUED_NOTE.sub("", text).split())


def normalise_with_map(texts: list[str]) -> tuple[str, list[list[int]]]:
    """The folded document (sections joined by a space, see ``fold``) and, per section, the
    folded offset of every character (dropped characters map to the next kept one)."""
    out: list[str] = []
    maps: list[list[int]] = []
    pending_space = False
    for text in texts:
        skip = set()
        for m in _GLUED_NOTE.finditer(text):
            skip.update(range(m.start(), m.end()))
        for m in _SUPERSCRIPTS.finditer(text):
            skip.update(range(m.start(), m.end()))
        text = text.translate(_FOLD)
        m = []
        for i, ch in enumerate(text):
            if i in skip:
                m.append(len(out))
                continue
            if ch.isspace():
                pending_space = bool(out)
                m.append(len(out))
                continue
            if pending_space:
                out.append(" ")
                pending_space = False
            m.append(len(out))
            out.append(ch)
        m.append(len(out))
        maps.append(m)
        pending_space = bool(out)
    return "".join(out), maps


def locate_gold(doc_text: str, mentions: list[dict]) -> tuple[list[tuple], list[dict]]:
    """Gold mentions as (start, end, label, norm, type) in the normalised document; unlocated ones."""
    found, missing = [], []
    for g in mentions:
        ctx = fold(g["context"])
        n = g.get("occurrence", 1)
        pos = -1
        for _ in range(n):
            pos = doc_text.find(ctx, pos + 1)
            if pos < 0:
                break
        if pos < 0 or (n == 1 and "occurrence" not in g and doc_text.find(ctx, pos + 1) >= 0):
            missing.append(g)
            continue
        text = fold(g["text"])
        i = ctx.find(text)
        if i < 0:
            missing.append(g)
            continue
        s = pos + i
        found.append((s, s + len(text), g["label"], g["norm"], g["type"]))
    return found, missing


def score(sections: list[Section], gold: dict, timing: bool = True) -> dict:
    from extract import entities, nlp

    nlp.build()  # built once per process: not part of the per-document cost
    t = time.perf_counter()
    mentions, agencies, people = entities.extract(sections)
    dt = time.perf_counter() - t
    words = sum(len(s.text.split()) for s in sections)
    doc_text, maps = normalise_with_map([s.text for s in sections])
    gold_items, missing = locate_gold(doc_text, gold["mentions"])
    index = {s.section_id: i for i, s in enumerate(sections)}
    pred = []
    for m in mentions:
        mp = maps[index[m.section_id]]
        pred.append((mp[m.start_char], mp[m.end_char - 1] + 1, m.label, m.norm, m.kind))
    res = {"gold": len(gold["mentions"]), "located": len(gold_items), "missing": missing,
           "pred": pred, "gold_items": gold_items, "agencies": agencies, "people": people,
           "seconds": dt, "words": words, "doc_text": doc_text}
    for name, k in (("strict", 5), ("span_label", 3), ("span", 2)):
        gs = Counter(x[:k] for x in gold_items)
        ps = Counter(x[:k] for x in pred)
        tp = sum((gs & ps).values())
        # gold mentions that cannot be located in this rendering of the text count as missed
        res[name] = (tp, sum(ps.values()) - tp, sum(gs.values()) - tp + len(missing))
        for label in ("AGENCY", "PERSON", "PROFESSIONAL"):
            gl = Counter(x[:k] for x in gold_items if x[2] == label)
            pl = Counter(x[:k] for x in pred if x[2] == label)
            tpl = sum((gl & pl).values())
            lost = sum(1 for g in missing if g["label"] == label)
            res[f"{name}:{label}"] = (tpl, sum(pl.values()) - tpl, sum(gl.values()) - tpl + lost)
    gold_types = set(gold.get("agency_types", []))
    pred_types = {a.agency_type for a in agencies}
    res["type_recall"] = (len(gold_types & pred_types), len(gold_types), sorted(gold_types - pred_types))
    return res


def _documents() -> list[tuple[str, list[Section], dict]]:
    """(name, sections, gold) for every document with entity gold that can be read here: the real
    SCR twice (sections cut from its text by ``sections_from_text``, and the real pipeline on its
    rendered PDF), then each sample PDF through the real pipeline."""
    from extract.evaluation import GOLD_DIR, gold as read_gold

    out = []
    g = read_gold(SCR_STEM, "entities")
    secs = load_scr_sections()
    if g and secs is not None:
        out.append((f"{SCR_STEM} (text sections)", secs, g))
        try:
            from extract.evaluation import review, shared_pdf

            out.append((f"{SCR_STEM} (pipeline on the rendered PDF)", list(review(shared_pdf()).sections), g))
        except Exception as e:  # the pipeline's problem, reported rather than hidden
            out.append((f"{SCR_STEM} (pipeline failed: {type(e).__name__}: {e})", [], g))
    for d in sorted(GOLD_DIR.iterdir()) if GOLD_DIR.exists() else []:
        if d.name == SCR_STEM or not (d / "entities.json").exists():
            continue
        pdf = CORPORA_DIR / "sample" / f"{d.name}.pdf"
        if pdf.exists():
            try:
                from extract.evaluation import review

                out.append((d.name, list(review(pdf).sections), read_gold(d.name, "entities")))
            except Exception as e:  # the pipeline's problem, reported rather than hidden
                out.append((f"{d.name} (pipeline failed: {e})", [], read_gold(d.name, "entities")))
    return out


def report() -> str:
    from extract.evaluation import prf_line

    lines = []
    if not (SHARED_DIR / "corpora" / "text" / f"{SCR_STEM}.txt").exists():
        lines.append(f"{SCR_STEM}: skipped: ../shared (the real SCR text) is absent")
    totals = Counter()
    trec = [0, 0]
    for name, secs, g in _documents():
        if not secs:
            lines.append(f"{name}: no sections")
            continue
        r = score(secs, g)
        lines.append(f"{name}: gold {r['gold']} (located {r['located']}), predicted {len(r['pred'])}; "
                     f"{r['words']} words in {r['seconds']:.2f} s = {r['words'] / max(r['seconds'], 1e-9):,.0f} words/s")
        for k, title in (("strict", "mentions (span+label+canonical)"), ("span_label", "mentions (span+label)"),
                         ("span", "mentions (span only)")):
            lines.append("  " + prf_line(title, *r[k]))
            for a, b in zip(("tp", "fp", "fn"), r[k]):
                totals[(k, a)] += b
        for label in ("AGENCY", "PERSON", "PROFESSIONAL"):
            lines.append("  " + prf_line(f"  {label} strict", *r[f"strict:{label}"]))
        hit, n, miss = r["type_recall"]
        trec[0] += hit
        trec[1] += n
        lines.append(f"  agency-type recall {hit}/{n} = {hit / n if n else 0:.3f}" + (f"  missing: {', '.join(miss)}" if miss else ""))
    lines.append("overall:")
    for k, title in (("strict", "mentions (span+label+canonical)"), ("span_label", "mentions (span+label)"),
                     ("span", "mentions (span only)")):
        lines.append("  " + prf_line(title, totals[(k, "tp")], totals[(k, "fp")], totals[(k, "fn")]))
    lines.append(f"  agency-type recall {trec[0]}/{trec[1]} = {trec[0] / trec[1] if trec[1] else 0:.3f}")
    lines.append("  (the SCR counts twice overall: text sections and pipeline. The rules were developed on the Coventry "
                 "SCR and the DHR sample; on first contact, before the fixes they prompted, scr-2014-child-c scored "
                 "strict F1 0.913 and lcspr-2021-child-q 0.842)")
    return "\n".join(lines)


def errors(limit: int = 60) -> str:
    """False negatives / positives on the real SCR, for tuning rules (not part of report())."""
    secs = load_scr_sections()
    from extract.evaluation import gold as read_gold

    r = score(secs, read_gold(SCR_STEM, "entities"))
    T = r["doc_text"]
    g = Counter(r["gold_items"])
    p = Counter(r["pred"])
    out = ["missing gold (not located): " + str([m["context"] for m in r["missing"]][:10])]
    fn = sorted((g - p).elements())
    fp = sorted((p - g).elements())
    out.append(f"FN {len(fn)}")
    for s, e, lab, norm, typ in fn[:limit]:
        out.append(f"  FN {lab:12} {T[s:e]!r:40} {norm} / {typ}   ...{T[max(0, s - 30):e + 30]!r}")
    out.append(f"FP {len(fp)}")
    for s, e, lab, norm, typ in fp[:limit]:
        out.append(f"  FP {lab:12} {T[s:e]!r:40} {norm} / {typ}   ...{T[max(0, s - 30):e + 30]!r}")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    print(errors() if sys.argv[1:] == ["errors"] else report())
