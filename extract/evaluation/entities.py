"""Evaluation of the entity stage (extract/entities.py) against hand-written gold.

``report() -> str`` prints mention-level precision/recall/F1 (exact span + canonical
match, and span-only), per label, and review-level agency-type recall, per document
and overall.  Run: ``.venv/bin/python -m extract.evaluation.entities``.

Every document goes through the real pipeline: the sample PDFs, and the real SCR in
../shared rendered to PDF by corpora/render_shared.py (skipped where ../shared is absent).
"""

from __future__ import annotations

import re
import time
from collections import Counter

from extract import SHARED_DIR
from extract.model import Section

SCR_STEM = "scr-coventry-child-s"

# ---------------------------------------------------------------- scoring


_SUPERSCRIPTS = re.compile(r"(?<=\S)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
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


def score(sections: list[Section], gold: dict, timing: bool = True, review_type: str | None = None) -> dict:
    from extract import entities, nlp

    nlp.build()  # built once per process: not part of the per-document cost
    t = time.perf_counter()
    mentions, agencies, people = entities.extract(sections, review_type)
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


def _documents() -> list[tuple[str, list[Section], dict, str | None]]:
    """(name, sections, gold) for every document with entity gold that can be read here,
    each through the real pipeline (the real SCR via its rendered PDF)."""
    from extract.evaluation import documents, gold as read_gold, review

    out = []
    for stem, pdf in documents("entities"):
        if pdf is None:
            continue
        try:
            r = review(pdf)
            out.append((stem, list(r.sections), read_gold(stem, "entities"), r.meta.review_type))
        except Exception as e:  # the pipeline's problem, reported rather than hidden
            out.append((f"{stem} (pipeline failed: {e})", [], read_gold(stem, "entities"), None))
    return out


# ---------------------------------------------------------------- real coroners' text (corpora/entities_pfd)

# The first run on this gold (2026-12-03, commit ab2ddc4), before any rule was changed for it:
# span+label+type P / R / F1, and report-level agency-type recall.
# first run of each batch, per split, before any rule was changed for it: (P, R, F1 of
# span+label+type, report-level agency-type recall); batch 2 was added once batch 1's dev had been tuned
PFD_FIRST_RUN = {(1, "dev"): (0.725, 0.299, 0.423, 0.758), (1, "test"): (0.614, 0.228, 0.332, 0.593),
                 (2, "dev"): (0.865, 0.651, 0.743, 0.889), (2, "test"): (0.797, 0.635, 0.707, 1.000),
                 (3, "dev"): (0.856, 0.735, 0.791, 0.844), (3, "test"): (0.925, 0.677, 0.782, 0.909),
                 (4, "dev"): (0.900, 0.701, 0.788, 0.964), (4, "test"): (0.885, 0.598, 0.714, 0.833),
                 (5, "dev"): (0.855, 0.787, 0.820, 0.961), (5, "test"): (0.929, 0.703, 0.800, 0.857),
                 (6, "dev"): (0.912, 0.835, 0.872, 0.957), (6, "test"): (0.912, 0.797, 0.851, 0.789)}

PFD_TITLES = {"investigation": "Inquest", "circumstances": "Circumstances of the death",
              "concerns": "Coroner's concerns"}


def _pfd_primary() -> dict[str, list[dict]]:
    """{unit: mentions} of the primary annotators (``overlap``, ``overlap2`` are the second coders')."""
    from extract.entity_corpus import SECOND_CODERS, load_gold

    out: dict[str, list[dict]] = {}
    for ann, items in sorted(load_gold().items()):
        if ann not in SECOND_CODERS:
            out.update(items)
    return out


def _spans(mentions: list[dict], text: str) -> list[tuple[int, int, str, str]]:
    from extract.entity_corpus import resolve

    out = []
    for m in mentions:
        r = resolve(m, text)
        if not isinstance(r, str):
            out.append((r[0], r[1], m["label"], m["type"]))
    return out


def _match(gold: list[tuple], pred: list[tuple], exact: bool, typed: bool) -> int:
    """Mentions matched one to one: the same label (and type), the same span or (``exact=False``)
    overlapping spans."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j in used or p[2] != g[2] or (typed and p[3] != g[3]):
                continue
            if (p[0], p[1]) == (g[0], g[1]) if exact else (p[0] < g[1] and g[0] < p[1]):
                used.add(j)
                tp += 1
                break
    return tp


def pfd_scores(split: str | None = None, batch: int | None = None) -> dict | None:
    """The blind real-text entity gold: each report is read as three sections of a PFD review
    (boxes 3, 4, 5), and the mentions of boxes 4 and 5 are scored against the gold."""
    from extract import entities, nlp
    from extract.entity_corpus import ANNOTATIONS_DIR, CONTEXT_COLUMNS, COLUMNS, batch_of, load_units, report_texts
    from extract.metadata import deceased_names

    if not (SHARED_DIR / "corpora" / "pfd_reports").exists() or not ANNOTATIONS_DIR.exists():
        return None
    gold = _pfd_primary()
    units = [u for u in load_units() if u["unit"] in gold and (split is None or u["split"] == split)
             and (batch is None or batch_of(u) == batch)]
    if not units:
        return None
    nlp.build()
    texts = report_texts(units)
    want = {u["doc"] for u in units}
    counts: Counter = Counter()
    types = [0, 0]
    errors = []
    for doc in sorted(want):
        cols = CONTEXT_COLUMNS + COLUMNS
        secs = [Section(k, None, k, str(k + 2), PFD_TITLES[c], 1, 1, 1, texts[doc][c]) for k, c in enumerate(cols, 1)]
        # the deceased as the pipeline's metadata reads it: "... investigation into the death of <name>"
        # (box 4 after box 3, as on the form's first page: a box 3 that names no one leaves the name to box 4)
        mentions, agencies, _ = entities.extract(
            secs, "PFD", deceased_names(texts[doc]["investigation"] + "\n\n" + texts[doc]["circumstances"]))
        gold_types: set[str] = set()
        for k, c in enumerate(cols, 1):
            uid = f"{doc}/{c}"
            if uid not in gold or not any(u["unit"] == uid for u in units):
                continue
            text = texts[doc][c]
            g = _spans(gold[uid], text)
            p = [(m.start_char, m.end_char, m.label, m.kind or "") for m in mentions if m.section_id == k]
            gold_types |= {x[3] for x in g if x[2] != "PERSON" and x[3] != "other"}
            counts["gold"] += len(g)
            counts["pred"] += len(p)
            for name, exact, typed in (("typed", True, True), ("span_label", True, False), ("overlap", False, False)):
                counts[name] += _match(g, p, exact, typed)
            for label in ("AGENCY", "PROFESSIONAL", "PERSON"):
                gl = [x for x in g if x[2] == label]
                pl = [x for x in p if x[2] == label]
                counts[f"gold:{label}"] += len(gl)
                counts[f"pred:{label}"] += len(pl)
                counts[f"typed:{label}"] += _match(gl, pl, True, True)
            gs, ps = Counter(g), Counter(p)
            for x in (gs - ps).elements():
                errors.append((uid, "FN", text[x[0]:x[1]], x[2], x[3]))
            for x in (ps - gs).elements():
                errors.append((uid, "FP", text[x[0]:x[1]], x[2], x[3]))
        pred_types = {a.agency_type for a in agencies}
        types[0] += len(gold_types & pred_types)
        types[1] += len(gold_types)
    return dict(reports=len(want), units=len(units), counts=counts, types=types, errors=errors)


def pfd_agreement() -> dict | None:
    """The second annotators (``SECOND_CODERS``) against the primary gold on the boxes both coded."""
    from extract.entity_corpus import ANNOTATIONS_DIR, SECOND_CODERS, load_gold, load_units, report_texts

    if not (SHARED_DIR / "corpora" / "pfd_reports").exists() or not ANNOTATIONS_DIR.exists():
        return None
    gold = load_gold()
    second = {u: m for ann in SECOND_CODERS for u, m in gold.get(ann, {}).items()}
    if not second:
        return None
    primary = _pfd_primary()
    units = [u for u in load_units() if u["unit"] in second and u["unit"] in primary]
    texts = report_texts(units)
    c: Counter = Counter()
    for u in units:
        text = texts[u["doc"]][u["column"]]
        a, b = _spans(primary[u["unit"]], text), _spans(second[u["unit"]], text)
        c["a"] += len(a)
        c["b"] += len(b)
        for name, exact, typed in (("typed", True, True), ("span_label", True, False), ("overlap", False, False)):
            c[name] += _match(a, b, exact, typed)
    return dict(units=len(units), counts=c)


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pfd_report() -> list[str]:
    lines = ["real coroners' text (corpora/entities_pfd, blind gold; boxes 4 and 5 of each report scored, "
             "read with box 3 as a PFD review):"]
    if not (SHARED_DIR / "corpora" / "pfd_reports").exists():
        return lines + ["  skipped: ../shared (pfd_reports.csv) is absent"]
    for split in ("dev", "test"):
        r = pfd_scores(split)
        if r is None:
            lines.append(f"  {split}: no gold yet")
            continue
        c = r["counts"]
        lines.append(f"  {split} ({r['reports']} reports, {r['units']} boxes): gold {c['gold']}, predicted {c['pred']}")
        for name, title in (("typed", "span+label+type"), ("span_label", "span+label"), ("overlap", "overlap+label")):
            p, rr, f = _f1(c[name], c["pred"], c["gold"])
            lines.append(f"    {title:<16} P {p:.3f}  R {rr:.3f}  F1 {f:.3f}")
        for label in ("AGENCY", "PROFESSIONAL", "PERSON"):
            p, rr, f = _f1(c[f"typed:{label}"], c[f"pred:{label}"], c[f"gold:{label}"])
            lines.append(f"      {label:<13} P {p:.3f}  R {rr:.3f}  F1 {f:.3f}  (gold {c[f'gold:{label}']})")
        hit, n = r["types"]
        lines.append(f"    report-level agency-type recall {hit}/{n} = {hit / n if n else 0:.3f}")
    from extract.entity_corpus import BATCHES

    lines.append("  by batch, span+label+type (first run: before any rule was changed for that batch):")
    for batch in sorted(BATCHES):
        for split in ("dev", "test"):
            r = pfd_scores(split, batch)
            if r is None:
                lines.append(f"    batch {batch} {split}: no gold yet")
                continue
            c = r["counts"]
            p, rr, f = _f1(c["typed"], c["pred"], c["gold"])
            hit, n = r["types"]
            first = PFD_FIRST_RUN.get((batch, split))
            lines.append(f"    batch {batch} {split:<4} ({r['reports']} reports) P {p:.3f}  R {rr:.3f}  F1 {f:.3f}, "
                         f"agency types {hit / n if n else 0:.3f}"
                         + (f"   (first run P {first[0]:.3f}  R {first[1]:.3f}  F1 {first[2]:.3f}, agency types {first[3]:.3f})"
                            if first else "   (first run: not yet recorded)"))
    a = pfd_agreement()
    if a:
        c = a["counts"]
        parts = [f"{t} F1 {_f1(c[k], c['b'], c['a'])[2]:.3f}" for k, t in
                 (("typed", "span+label+type"), ("span_label", "span+label"), ("overlap", "overlap+label"))]
        lines.append(f"  agreement of a second annotator on {a['units']} boxes ({c['a']} / {c['b']} mentions): "
                     + ", ".join(parts))
    return lines


def report() -> str:
    from extract.evaluation import prf_line

    lines = []
    if not (SHARED_DIR / "corpora" / "text" / f"{SCR_STEM}.txt").exists():
        lines.append(f"{SCR_STEM}: skipped: ../shared (the real SCR text) is absent")
    totals = Counter()
    trec = [0, 0]
    for name, secs, g, rtype in _documents():
        if not secs:
            lines.append(f"{name}: no sections")
            continue
        r = score(secs, g, review_type=rtype)
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
    lines.append("  (the rules were developed on the Coventry SCR and the DHR sample; on first contact, before the "
                 "fixes they prompted, scr-2014-child-c scored strict F1 0.913, lcspr-2021-child-q 0.842 and "
                 "dhr-2019-sarah 0.48)")
    lines.extend(pfd_report())
    return "\n".join(lines)


def errors(limit: int = 60) -> str:
    """False negatives / positives on the real SCR, for tuning rules (not part of report())."""
    from extract.evaluation import gold as read_gold, review, shared_pdf

    secs = list(review(shared_pdf()).sections)

    r = score(secs, read_gold(SCR_STEM, "entities"), review_type="SCR")
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
