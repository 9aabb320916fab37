"""Train the theme classifier: ``make train`` (``python -m extract.theme_train``).

Reads the units (``corpora/themes/units.jsonl``), their texts from ../shared and the primary
annotations (``corpora/themes/annotations/a*.jsonl``), writes spaCy DocBins for the train and
dev splits (split by document), trains ``models/theme_training.cfg`` with its fixed seed, sets
one threshold per label on the dev split, and writes the pipeline to
``models/theme_classifier/`` with, in its ``meta.json``: the labels, the thresholds, the
sha256 of the units and annotation files it was trained from, and the dev scores.

Labels: every taxonomy code with at least ``MIN_POSITIVES`` positive training units, plus
``GOOD_PRACTICE`` (the unit commends practice), which sets the polarity of the unit's tags.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from . import MODELS_DIR
from . import nlp as nlpmod
from .theme_corpus import ANNOTATIONS_DIR, UNITS_PATH, load_annotations, load_units, unit_texts

CONFIG = MODELS_DIR / "theme_training.cfg"
OUT = MODELS_DIR / "theme_classifier"
MIN_POSITIVES = 8
GOOD = "GOOD_PRACTICE"
PRIMARY_GLOB = "r*.jsonl"  # round-2 primary annotators (guideline v2)
SYNTHETIC_DIR = UNITS_PATH.parent / "synthetic"


def annotation_files() -> list[Path]:
    return sorted(ANNOTATIONS_DIR.glob(PRIMARY_GLOB))


def synthetic_files() -> list[Path]:
    return sorted(SYNTHETIC_DIR.glob("*.jsonl"))


def load_synthetic(files: list[Path] | None = None) -> list[dict]:
    """Synthetic training units (written and labelled by helpers from the guideline, never from
    the real texts): train split only, never scored."""
    from .themes import normalise_unit
    out = []
    for f in files if files is not None else synthetic_files():
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                gold = {t["code"]: t.get("polarity", "concern") for t in d["tags"]}
                out.append({"unit": d["unit"], "doc": d["unit"], "split": "train", "genre": d.get("genre"),
                            "text": normalise_unit(d["text"]), "gold": gold, "synthetic": True})
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                from .errors import ExtractError
                raise ExtractError(str(f), "themes", f"line {i}: {e}") from e
    return out


def data_sha256(files: list[Path] | None = None) -> str:
    """One hash over the units manifest, the primary annotation files and the synthetic units."""
    h = hashlib.sha256()
    for f in [UNITS_PATH] + (files if files is not None else annotation_files() + synthetic_files()):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def gold_labels() -> dict[str, dict[str, str]]:
    """{unit_id: {code: polarity}} from the primary annotators (each unit has one)."""
    merged: dict[str, dict[str, str]] = {}
    for _ann, units in load_annotations(annotation_files()).items():
        merged.update(units)
    return merged


def dataset(synthetic: bool = False):
    """(units with text and gold, in manifest order): only units that have a primary label;
    with ``synthetic``, the synthetic units follow (train split)."""
    units = load_units()
    gold = gold_labels()
    units = [u for u in units if u["unit"] in gold]
    texts = unit_texts(units)
    from .themes import normalise_unit
    rows = [dict(u, text=normalise_unit(texts[u["unit"]]), gold=gold[u["unit"]]) for u in units]
    return rows + (load_synthetic() if synthetic else [])


def choose_labels(rows) -> list[str]:
    from .themes import load_taxonomy
    counts: dict[str, int] = {}
    for r in rows:
        if r["split"] == "train":
            for c in r["gold"]:
                counts[c] = counts.get(c, 0) + 1
    codes = [t["code"] for t in load_taxonomy() if counts.get(t["code"], 0) >= MIN_POSITIVES]
    return codes + [GOOD]


def cats_for(gold: dict[str, str], labels: list[str]) -> dict[str, float]:
    cats = {c: float(c in gold) for c in labels if c != GOOD}
    cats[GOOD] = float(any(p == "good_practice" for p in gold.values()))
    return cats


def _counts(scores, golds, labs, t) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for s, g in zip(scores, golds):
        for lab in labs:
            p, y = s[lab] >= t, bool(g[lab])
            tp += p and y
            fp += p and not y
            fn += y and not p
    return tp, fp, fn


def _f1_at(scores, golds, labs, t) -> float:
    tp, fp, fn = _counts(scores, golds, labs, t)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


RARE_THRESHOLD = 0.5


def best_thresholds(scores: list[dict[str, float]], golds: list[dict[str, float]], labels: list[str],
                    min_dev_positives: int = 8) -> dict:
    """Per label, the threshold in 0.25..0.95 with the best F1 on dev (ties: the higher one, for
    precision). A label with fewer than ``min_dev_positives`` dev positives keeps
    ``RARE_THRESHOLD``: a choice made on a handful of examples would fit the dev split, not the
    task, and a low pooled threshold floods rare codes with false tags."""
    grid = [k / 20 for k in range(5, 20)]  # 0.25 .. 0.95: below 0.25 a code is a guess, not a finding
    out = {}
    for lab in labels:
        if sum(g[lab] for g in golds) < min_dev_positives:
            out[lab] = RARE_THRESHOLD
            continue
        out[lab] = max(grid, key=lambda t: (_f1_at(scores, golds, [lab], t), t))
    return out


def static_vectors(rows, out_dir: Path, dim: int = 128, min_count: int = 2) -> int:
    """A spaCy vectors table keyed on LOWER for the words of the training units (seen
    ``min_count`` times or more), each word's vector from the wordllama embedding table shipped
    in the wordllama wheel (truncated to ``dim``). Written as a blank pipeline in ``out_dir`` for
    ``[initialize] vectors``; returns the number of words."""
    import numpy as np
    import spacy
    import wordllama
    from spacy.vectors import Vectors
    from wordllama import WordLlama

    wl = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, trunc_dim=dim)
    nlp = nlpmod.build()
    counts: dict[str, int] = {}
    for r in rows:
        if r["split"] == "train":
            for t in nlp.make_doc(r["text"]):
                if t.is_alpha or t.like_num:
                    counts[t.lower_] = counts.get(t.lower_, 0) + 1
    words = sorted(w for w, n in counts.items() if n >= min_count)
    vecs = np.asarray(wl.embed(words, norm=True), dtype="float32")
    blank = spacy.blank("en")
    blank.vocab.vectors = Vectors(shape=(len(words), dim), attr="LOWER")
    for w, v in zip(words, vecs):
        blank.vocab.set_vector(w, v)
    blank.to_disk(out_dir)
    return len(words)


def dev_micro(scores, golds, thresholds) -> float:
    """Micro F1 over the practice labels at their own thresholds."""
    tp = fp = fn = 0
    for lab, t in thresholds.items():
        if lab.startswith("P"):
            c = _counts(scores, golds, [lab], t)
            tp, fp, fn = tp + c[0], fp + c[1], fn + c[2]
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0


def train(out: Path = OUT, config: Path = CONFIG, vectors: bool | None = None,
          synthetic: bool = True) -> dict:
    import spacy
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import DocBin

    rows = dataset(synthetic=synthetic)
    labels = choose_labels(rows)
    nlp = nlpmod.build()
    cfg_text = config.read_text()
    if vectors is None:
        vectors = "include_static_vectors = true" in cfg_text
    with tempfile.TemporaryDirectory(prefix="scr-train-") as tmp:
        tmp = Path(tmp)
        overrides = {}
        if vectors:
            n_vec = static_vectors(rows, tmp / "vectors")
            overrides["paths.vectors"] = str(tmp / "vectors")
        for split in ("train", "dev"):
            db = DocBin()
            for r in rows:
                if r["split"] == split:
                    d = nlp.make_doc(r["text"])
                    d.cats = cats_for(r["gold"], labels)
                    db.add(d)
            db.to_disk(tmp / f"{split}.spacy")
        overrides.update({"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")})
        spacy_train(config, tmp / "out", overrides=overrides, use_gpu=-1)
        best = tmp / "out" / "model-best"
        model = spacy.load(best)
        tc = model.get_pipe("textcat_multilabel")
        if model.vocab.vectors.shape[0]:
            nlp.vocab.vectors = model.vocab.vectors  # static vectors are looked up in the doc's vocab
        dev = [r for r in rows if r["split"] == "dev"]
        docs = list(tc.pipe(nlp.make_doc(r["text"]) for r in dev))
        scores = [dict(d.cats) for d in docs]
        golds = [cats_for(r["gold"], labels) for r in dev]
        thresholds = best_thresholds(scores, golds, labels)
        meta_extra = {
            "labels": labels,
            "thresholds": thresholds,
            "data_sha256": data_sha256(annotation_files() + (synthetic_files() if synthetic else [])),
            "annotation_files": [f.name for f in annotation_files()],
            "synthetic_files": [f.name for f in synthetic_files()] if synthetic else [],
            "synthetic_units": sum(1 for r in rows if r.get("synthetic")),
            "units": {s: sum(1 for r in rows if r["split"] == s) for s in ("train", "dev", "test")},
            "train_positives": {lab: int(sum(cats_for(r["gold"], labels)[lab] for r in rows if r["split"] == "train"))
                                for lab in labels},
            "min_positives": MIN_POSITIVES,
            "config": config.name,
            "static_vectors": (f"wordllama l2_supercat, {n_vec} words (LOWER), 128 dims" if vectors else None),
            "dev_micro_f1_practice": dev_micro(scores, golds, thresholds),
        }
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(best, out)
        prune_strings(out, labels)
        meta_path = out / "meta.json"
        meta = json.loads(meta_path.read_text())
        meta.update({"name": "scr_themes", "version": "1.0.0",
                     "description": "Theme classifier for safeguarding review units (textcat_multilabel)",
                     "scr": meta_extra})
        meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True))
        return meta_extra


def prune_strings(out: Path, labels) -> int:
    """Keep in the saved vocabulary's string store only spaCy's own strings and the labels.

    Training adds every word of the training text to ``vocab/strings.json``, the names of the
    people in real reports among them. Inference needs none of them: the bag-of-words features
    and the static vectors' keys are hashes, and the tokenizer adds the strings of the text it
    reads. The scores are the same with the pruned store (``make eval`` themes unchanged). Returns
    how many strings were dropped."""
    import spacy

    path = out / "vocab" / "strings.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    base = set(spacy.blank("en").vocab.strings) | set(labels)
    keep = [x for x in strings if x in base]
    path.write_text(json.dumps(keep, indent=2, ensure_ascii=False), encoding="utf-8")
    return len(strings) - len(keep)


def retune(out: Path = OUT) -> dict:
    """Set the thresholds of an already trained model again from its dev scores (the last step
    of ``train``; for a change to the threshold rule without retraining the weights)."""
    import spacy
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text())
    extra = meta["scr"]
    labels = extra["labels"]
    rows = [r for r in dataset() if r["split"] == "dev"]
    model = spacy.load(out)
    nlp = nlpmod.build()
    if model.vocab.vectors.shape[0]:
        nlp.vocab.vectors = model.vocab.vectors
    docs = list(model.get_pipe("textcat_multilabel").pipe(nlp.make_doc(r["text"]) for r in rows))
    scores = [dict(d.cats) for d in docs]
    golds = [cats_for(r["gold"], labels) for r in rows]
    extra["thresholds"] = best_thresholds(scores, golds, labels)
    extra["dev_micro_f1_practice"] = dev_micro(scores, golds, extra["thresholds"])
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True))
    return extra


def main(argv: list[str]) -> int:
    config = Path(argv[argv.index("--config") + 1]) if "--config" in argv else CONFIG
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else OUT
    if "--thresholds-only" in argv:
        extra = retune(out)
    else:
        extra = train(out=out, config=config, synthetic="--no-synthetic" not in argv)
    print(json.dumps({k: extra.get(k) for k in ("labels", "thresholds", "units", "dev_micro_f1_practice",
                                                 "static_vectors")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
