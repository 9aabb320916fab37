"""Addressees of real coroners' reports against the blind gold of corpora/addressees_pfd.

Each entry of a report's "sent to" list (``addressee_corpus``) is read as the pipeline reads a box 7/8
entry (``findings.entry_addressee``). The addressee is right when it names the gold body: the same
words as the gold's (case, "the", "&" and punctuation folded), or its standard name, or the same known
body of the entity vocabulary (models/agencies.jsonl folds old names and variants; a trust's name written
loosely, "Tees, Esk and Wear Valley NHS Foundation Trust", is that trust). Scored:
- addressee P / R / F1 (an addressee given for an entry that names no body, a person or a job, is a
  false positive; ``person or job as addressee`` counts them);
- type accuracy on the right addressees;
- one type per body: addressee names the pipeline gives more than one type across the corpus.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from . import SHARED_DIR, prf

# addressee P / R / F1 of the first run: the pipeline as it stood when the gold was committed
# (P, R, F1, type accuracy); the first run's own predictions, saved before any rule changed, scored as the
# scorer now scores (its folding of a leading "NHS" came later: dev 0.722 -> 0.724)
FIRST_RUN = {"dev": (0.703, 0.747, 0.724, 0.769), "test": (0.696, 0.730, 0.713, 0.798)}


def _norm(text: str | None) -> str:
    t = (text or "").lower().replace("&", " and ").replace("’", "'")
    t = re.sub(r"[^a-z0-9' ]+", " ", t)
    t = re.sub(r"^\s*(?:the\s+)?(?:nhs\s+)?", "", t)  # "NHS Northumberland CCG" is Northumberland CCG
    return " ".join(t.split())


def same_body(pred: str, gold_text: str, canonical: str | None) -> bool:
    from ..nlp import load_vocab, name_key

    p = _norm(pred)
    if p in {_norm(gold_text), _norm(canonical)}:
        return True
    v = load_vocab()

    def body(x: str) -> str | None:  # a known body by name, variant, initials or a loose spelling of a trust
        b = v.named_body(x) or v.loose_body(x)
        return b.name if b is not None else None

    known = body(pred)
    return known is not None and known in {body(x) for x in (gold_text, canonical) if x}


def primary_gold() -> dict[str, dict]:
    from ..addressee_corpus import SECOND_CODERS, load_gold

    out: dict[str, dict] = {}
    for ann, items in sorted(load_gold().items()):
        if ann not in SECOND_CODERS:
            out.update(items)
    return out


def predictions(units: list[dict], texts: dict[str, str]) -> dict[str, tuple[str, str, str | None] | None]:
    from ..findings import entry_addressee

    return {u["unit"]: entry_addressee([texts[u["unit"]]]) for u in units}


@functools.lru_cache(maxsize=1)
def _corpus() -> tuple[list[dict], dict[str, str], dict]:
    """Every entry of the corpus, its text and the pipeline's addressee for it, read once per report."""
    from ..addressee_corpus import entry_texts, load_units

    units = load_units()
    texts = entry_texts(units)
    return units, texts, predictions(units, texts)


def scores(split: str | None = None) -> dict | None:
    from ..addressee_corpus import ANNOTATIONS_DIR, org_span

    if not (SHARED_DIR / "corpora" / "pfd_reports").exists() or not ANNOTATIONS_DIR.exists():
        return None
    gold = primary_gold()
    every, texts, pred = _corpus()
    units = [u for u in every if u["unit"] in gold and (split is None or u["split"] == split)]
    if not units:
        return None
    c: Counter = Counter()
    misses = []
    for u in units:
        uid, text, g, p = u["unit"], texts[u["unit"]], gold[u["unit"]], pred[u["unit"]]
        span = org_span(g["org"], text)
        gtext = text[span[0]:span[1]] if isinstance(span, tuple) else None
        c["gold"] += gtext is not None
        c["pred"] += p is not None
        if p is not None and gtext is None:
            c["person_or_job"] += 1
            misses.append(f"{uid}: gave {p[0]!r}, the entry names no body")
        elif gtext is not None and p is not None and same_body(p[0], gtext, g["canonical"]):
            c["tp"] += 1
            c["type_ok"] += p[1] == g["type"]
            if p[1] != g["type"]:
                misses.append(f"{uid}: {p[0]!r} typed {p[1]}, gold {g['type']}")
        elif gtext is not None:
            misses.append(f"{uid}: gave {p[0] if p else None!r}, gold {g['canonical'] or gtext!r}")
    return dict(units=len(units), counts=c, misses=misses)


def consistency() -> tuple[int, int, list[str]] | None:
    """(names given, names given more than one type, examples) over every entry of the corpus."""
    if not (SHARED_DIR / "corpora" / "pfd_reports").exists():
        return None
    _, _, pred = _corpus()
    types: dict[str, set] = defaultdict(set)
    for p in pred.values():
        if p is not None:
            types[p[0]].add(p[1])
    multi = sorted(n for n, t in types.items() if len(t) > 1)
    return len(types), len(multi), [f"{n}: {sorted(types[n])}" for n in multi[:10]]


def agreement() -> dict | None:
    """The second coder against the primary gold on the entries both coded: body and type."""
    from ..addressee_corpus import SECOND_CODERS, entry_texts, load_gold, load_units, org_span

    gold = load_gold()
    second = {u: g for ann in SECOND_CODERS for u, g in gold.get(ann, {}).items()}
    primary = primary_gold()
    both = [u for u in load_units() if u["unit"] in second and u["unit"] in primary]
    if not both:
        return None
    texts = entry_texts(both)
    c: Counter = Counter()
    for u in both:
        t = texts[u["unit"]]
        a, b = primary[u["unit"]], second[u["unit"]]
        sa, sb = org_span(a["org"], t), org_span(b["org"], t)
        ta = t[sa[0]:sa[1]] if isinstance(sa, tuple) else None
        tb = t[sb[0]:sb[1]] if isinstance(sb, tuple) else None
        c["units"] += 1
        if ta is None or tb is None:
            c["body"] += ta is None and tb is None
            c["type"] += ta is None and tb is None
            continue
        same = same_body(b["canonical"] or tb, ta, a["canonical"]) or same_body(tb, ta, a["canonical"])
        c["body"] += same
        c["type"] += same and a["type"] == b["type"]
    return dict(c)


def report() -> str:
    lines = ["Addressees of real coroners' reports (corpora/addressees_pfd: every 'sent to' entry of ../shared, "
             "blind gold):"]
    for split in ("dev", "test"):
        r = scores(split)
        if r is None:
            lines.append(f"  {split}: skipped (../shared or the gold absent)")
            continue
        c = r["counts"]
        p, rr, f = prf(c["tp"], c["pred"] - c["tp"], c["gold"] - c["tp"])
        ta = c["type_ok"] / c["tp"] if c["tp"] else 0.0
        lines.append(f"  {split:<5} {r['units']} entries: addressee P {p:.3f}  R {rr:.3f}  F1 {f:.3f}  "
                     f"(tp {c['tp']}, gold {c['gold']}, given {c['pred']}); type accuracy {ta:.3f}; "
                     f"person or job as addressee {c['person_or_job']}")
        if split in FIRST_RUN:
            fp, fr, ff, ft = FIRST_RUN[split]
            lines.append(f"        first run: P {fp:.3f}  R {fr:.3f}  F1 {ff:.3f}; type accuracy {ft:.3f}")
        if split == "dev":
            lines += [f"    ! {m}" for m in r["misses"][:40]]
    cons = consistency()
    if cons is not None:
        n, multi, ex = cons
        lines.append(f"  one type per body: {n} addressee names over the corpus, {multi} given more than one type"
                     + (f" ({'; '.join(ex)})" if ex else ""))
    a = agreement()
    if a:
        lines.append(f"  agreement (second coder, {a['units']} entries): same body {a['body'] / a['units']:.3f}, "
                     f"same body and type {a['type'] / a['units']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
