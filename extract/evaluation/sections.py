"""Section headings and review metadata against gold (corpora/gold/<stem>/sections.json, meta.json).

Headings: exact match = same number and same title (case, spacing and quote
style folded); title-only match ignores the number. Level and page_start are
scored over exactly matched headings. Metadata: accuracy per field.
"""

from __future__ import annotations

import re
from collections import Counter

from . import documents, gold, prf_line, review

META_FIELDS = ["title", "subject", "partnership", "author", "published", "published_year", "review_type"]


def norm(text: str | None) -> str:
    text = (text or "").lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return " ".join(re.sub(r"[^\w' -]", " ", text).split())


def match(gold_secs: list[dict], pred: list) -> dict:
    """Count exact (number+title) and title-only matches; level/page agreement on exact ones."""
    pred = [s for s in pred if s.level > 0]
    out = Counter()
    key = lambda n, t: (norm(n), norm(t))  # noqa: E731
    pk = Counter(key(s.number, s.title) for s in pred)
    by_key = {}
    for s in pred:
        by_key.setdefault(key(s.number, s.title), []).append(s)
    for g in gold_secs:
        k = key(g.get("number"), g["title"])
        if pk[k] > 0:
            pk[k] -= 1
            out["tp"] += 1
            s = by_key[k].pop(0)
            out["level_ok"] += s.level == g["level"]
            out["page_ok"] += s.page_start == g["page_start"]
        else:
            out["fn"] += 1
    out["fp"] = sum(pk.values())
    pt = Counter(norm(s.title) for s in pred)
    for g in gold_secs:
        t = norm(g["title"])
        if pt[t] > 0:
            pt[t] -= 1
            out["t_tp"] += 1
        else:
            out["t_fn"] += 1
    out["t_fp"] = sum(pt.values())
    return out


def meta_score(g: dict, meta) -> dict[str, bool]:
    out = {}
    for f in META_FIELDS:
        want, got = g.get(f), getattr(meta, f)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        out[f] = norm(str(want)) == norm(str(got)) if want is not None and got is not None else want == got
    return out


def evaluate() -> tuple[list[str], Counter, Counter, list[str]]:
    lines, total, meta_total, missing = [], Counter(), Counter(), []
    for stem, path in documents("sections"):
        if path is None:
            missing.append(stem)
            continue
        r = review(path)
        c = match(gold(stem, "sections")["sections"], r.sections)
        total.update(c)
        lines.append(prf_line(f"  {stem} (number+title)", c["tp"], c["fp"], c["fn"], 44)
                     + f"  level {c['level_ok']}/{c['tp']}  page {c['page_ok']}/{c['tp']}")
        lines.append(prf_line(f"  {stem} (title only)", c["t_tp"], c["t_fp"], c["t_fn"], 44))
        g = gold(stem, "meta")
        if g:
            m = meta_score(g, r.meta)
            meta_total.update({f: int(ok) for f, ok in m.items()})
            meta_total["docs"] += 1
            wrong = [f"{f}={getattr(r.meta, f)!r}" for f, ok in m.items() if not ok]
            if wrong:
                lines.append(f"    metadata wrong: {'; '.join(wrong)}")
    return lines, total, meta_total, missing


def report() -> str:
    lines, t, m, missing = evaluate()
    out = ["Section headings (per document):", *lines, ""]
    out.append(prf_line("OVERALL headings (number+title)", t["tp"], t["fp"], t["fn"], 44))
    out.append(prf_line("OVERALL headings (title only)", t["t_tp"], t["t_fp"], t["t_fn"], 44))
    if t["tp"]:
        out.append(f"{'level accuracy on matched':<44} {t['level_ok'] / t['tp']:.3f}")
        out.append(f"{'page_start accuracy on matched':<44} {t['page_ok'] / t['tp']:.3f}")
    if m["docs"]:
        out.append("Metadata accuracy per field over %d documents:" % m["docs"])
        out += [f"  {f:<16} {m[f] / m['docs']:.3f}" for f in META_FIELDS]
    for stem in missing:
        out.append(f"  skipped {stem}: document not available (../shared absent or sample missing)")
    return "\n".join(out)


if __name__ == "__main__":
    print(report())
