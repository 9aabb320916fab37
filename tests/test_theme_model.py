"""The trained theme classifier: provenance of the committed model, failure modes, behaviour,
evidence and polarity, and quality floors on the held-out test split of real units."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import extract
from extract import MODELS_DIR, SHARED_DIR, themes
from extract.errors import ExtractError
from extract.findings import extract as extract_items
from extract.model import Section

MODEL = MODELS_DIR / "theme_classifier"
needs_shared = pytest.mark.skipif(not (SHARED_DIR / "corpora" / "pfd_reports").exists(),
                                  reason="../shared is absent: the annotated unit texts live there")


def sec(sid, parent, number, title, level, text="", page=1):
    return Section(sid, parent, sid, number, title, level, page, page, text)


# --------------------------------------------------------------------------- provenance and failure modes

def test_committed_model_was_trained_from_the_committed_annotations():
    from extract.theme_train import annotation_files, data_sha256, synthetic_files
    meta = json.loads((MODEL / "meta.json").read_text())["scr"]
    assert [f.name for f in annotation_files()] == meta["annotation_files"]
    assert [f.name for f in synthetic_files()] == meta["synthetic_files"]
    assert meta["data_sha256"] == data_sha256(annotation_files() + synthetic_files()), \
        "retrain with `make train` after changing the annotations"


def test_model_is_small_and_every_label_has_a_threshold():
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size <= 25 * 1024 * 1024
    m = themes.model()
    assert set(m.thresholds) == set(m.labels) and "GOOD_PRACTICE" in m.labels
    assert all(0.0 < t < 1.0 for t in m.thresholds.values())
    codes = {t["code"] for t in themes.load_taxonomy()}
    assert set(m.labels) - {"GOOD_PRACTICE"} <= codes


def test_the_classifier_joins_the_one_pipeline_disabled():
    from extract import nlp
    themes.model()
    pipeline = nlp.build()
    assert "scr_themes" in pipeline.component_names and "scr_themes" in pipeline.disabled


def _copy_models(tmp_path: Path) -> Path:
    dst = tmp_path / "models"
    shutil.copytree(MODELS_DIR, dst)
    return dst


def test_missing_model_names_the_file_and_how_to_rebuild(tmp_path):
    models = _copy_models(tmp_path)
    shutil.rmtree(models / "theme_classifier")
    with pytest.raises(ExtractError) as e:
        themes.model(models)
    msg = str(e.value)
    assert "theme_classifier" in msg and "make train" in msg and "\n" not in msg


def test_corrupt_model_names_the_file_and_how_to_rebuild(tmp_path):
    models = _copy_models(tmp_path)
    (models / "theme_classifier" / "textcat_multilabel" / "model").write_bytes(b"not a model")
    with pytest.raises(ExtractError) as e:
        themes.model(models)
    assert "theme_classifier" in str(e.value) and "make train" in str(e.value)
    models2 = _copy_models(tmp_path / "b")
    (models2 / "theme_classifier" / "meta.json").write_text("{")
    with pytest.raises(ExtractError, match="make train"):
        themes.model(models2)


def test_pipeline_version_follows_the_model(tmp_path, monkeypatch):
    assert extract.PIPELINE_VERSION == f"{extract.PIPELINE_CODE_VERSION}+themes.{extract._model_fingerprint()}"
    models = _copy_models(tmp_path)
    meta = json.loads((models / "theme_classifier" / "meta.json").read_text())
    meta["scr"]["thresholds"]["P02"] = 0.42
    (models / "theme_classifier" / "meta.json").write_text(json.dumps(meta))
    before = extract._model_fingerprint()
    monkeypatch.setattr(extract, "MODELS_DIR", models)
    assert extract._model_fingerprint() != before


# --------------------------------------------------------------------------- behaviour on plain cases
# Sentences written for these tests (not taken from any report): each states one practice failing.

@pytest.mark.parametrize("text,code", [
    ("The hospital did not send the discharge letter to the GP, so the practice never learned of the overdose.",
     "P02"),
    ("Ward staff told the inquest they had never been trained to use the new observation policy.", "P14"),
    ("His risk of suicide was assessed as low at every review although nothing had changed since the attempt.",
     "P04"),
    ("There is no written procedure telling staff what to do when a detained patient fails to return from leave.",
     "P15"),
    ("The electronic records were incomplete and the earlier self-harm was never entered in the notes.", "P13"),
    ("His mother repeatedly told the team that he was deteriorating, but her concerns were not taken into account.",
     "P06"),
])
def test_plain_practice_failings_are_found(text, code):
    [res] = themes.classify_units([text], ["concern"])
    assert code in res.codes, (code, {k: round(v, 2) for k, v in res.scores.items()})


def test_an_empty_or_physical_design_unit_gets_no_practice_code():
    [a, b] = themes.classify_units(["The coroner is concerned.",
                                    "The bend is sharp and the hedge restricts the view of oncoming traffic."],
                                   ["concern", "concern"])
    assert not [c for c in a.codes if c.startswith("P")]
    assert not [c for c in b.codes if c.startswith("P")]


def test_evidence_is_the_sentence_the_classifier_scores_highest():
    text = ("The family lived in a rented flat near the town centre. The hospital did not tell the GP about the "
            "overdose, and the discharge letter was never sent.")
    [res] = themes.classify_units([text], ["concern"])
    assert "P02" in res.codes
    s, e = res.evidence["P02"]
    assert text[s:e].startswith("The hospital did not tell the GP")


def test_a_negated_context_trigger_vetoes_the_classifier():
    [res] = themes.classify_units(["There was no evidence of domestic abuse in the household."], ["finding"])
    assert "C01" not in res.codes


def test_acronym_rules_keep_their_precision():
    [res] = themes.classify_units(["The case was discussed at MARAC in March."], ["finding"])
    assert "C01" in res.codes


# --------------------------------------------------------------------------- review tagging: evidence and polarity

SECTIONS = [
    sec(1, None, "4", "Analysis", 1, ""),
    sec(2, 1, "4.1", "Information sharing", 2,
        "The family moved twice in the year before the incident. The hospital did not share the discharge "
        "summary with the GP, who therefore did not know about the overdose.", 12),
    sec(3, None, "5", "Good practice", 1, ""),
    sec(4, 3, "5.1", "The school", 2,
        "The school shared its concerns with children's social care promptly and in full, and followed them "
        "up in writing the same day.", 14),
    sec(5, None, "6", "Recommendations", 1,
        "1. The Trust should ensure that discharge summaries are sent to the GP within 24 hours.", 15),
]


def test_tags_point_at_evidence_and_carry_polarity():
    findings, recs = extract_items(SECTIONS)
    tags, f2, r2 = themes.tag_all(findings, recs, SECTIONS)
    by_id = {s.section_id: s for s in SECTIONS}
    assert tags, "no tags at all"
    for t in tags:
        if t.start_char is not None:
            assert by_id[t.section_id].text[t.start_char:t.end_char] == t.evidence
        assert t.method in ("classifier", "rule")
        if t.method == "classifier":
            assert 0.0 <= t.score <= 1.0
        else:
            assert t.score is None
    p02 = [t for t in tags if t.code == "P02"]
    analysis = [t for t in p02 if t.section_id == 2]
    assert analysis and analysis[0].polarity == "concern"
    assert analysis[0].evidence.startswith("The hospital did not share")
    praised = [t for t in tags if t.section_id == 4 and t.code.startswith("P")]
    assert praised and all(t.polarity == "good_practice" for t in praised)
    recs_p = [t for t in tags if t.locus == "recommendation"]
    assert recs_p and all(t.polarity == "concern" for t in recs_p)


# --------------------------------------------------------------------------- quality on held-out real units

@needs_shared
def test_test_split_quality_floors():
    """Floors a little under the measured figures (README): a regression fails here."""
    from extract.evaluation.themes import PRACTICE, _report_level, prf, score_sets, test_predictions
    units, gold, _pol, preds, _p = test_predictions()
    doc_of = {u["unit"]: u["doc"] for u in units}
    unit = prf(*score_sets(gold, preds["shipped"], PRACTICE)["micro"])
    rules = prf(*score_sets(gold, preds["rules"], PRACTICE)["micro"])
    report = prf(*score_sets(_report_level(gold, doc_of), _report_level(preds["shipped"], doc_of),
                             PRACTICE)["micro"])
    assert unit[2] >= FLOORS["unit_f1"], unit
    assert report[0] >= FLOORS["report_p"] and report[1] >= FLOORS["report_r"], report
    assert unit[2] > rules[2] + 0.2  # the classifier must beat the keyword rules it replaces


FLOORS = {"unit_f1": 0.45, "report_p": 0.70, "report_r": 0.55}


@needs_shared
def test_units_manifest_matches_the_shared_texts_and_splits_by_document():
    from extract.theme_corpus import load_units, unit_texts
    units = load_units()
    texts = unit_texts(units)  # raises on any sha1 mismatch
    assert len(texts) == len(units) >= 2000
    split_of_doc = {}
    for u in units:
        assert split_of_doc.setdefault(u["doc"], u["split"]) == u["split"]


@needs_shared
def test_the_current_splitter_still_cuts_the_annotated_units():
    """The manifest is frozen data; the splitter may improve, but not drift far from what was annotated."""
    from extract.theme_corpus import build_units, load_units
    old = {(u["unit"], u["start"], u["end"]) for u in load_units()}
    new = {(u["unit"], u["start"], u["end"]) for u in build_units()}
    assert len(old & new) / len(old) >= 0.98


@needs_shared
def test_rendered_real_reports_give_one_concern_per_item_and_no_preamble(tmp_path):
    """Real coroners' reports rendered in the two layouts: the concerns box comes out item by item."""
    import sys
    from extract import REPO_ROOT, pipeline
    from extract.findings import token_overlap
    from extract.units import concern_items
    sys.path.insert(0, str(REPO_ROOT / "corpora"))
    import render_pfd
    rows = render_pfd.sample_rows(4, seed=11)
    for i, row in enumerate(rows):
        layout = "boxed" if i % 2 == 0 else "plain"
        rev = pipeline.process(render_pfd.render_row(row, tmp_path / f"r{i}.pdf", layout))
        expected = [row["concerns"][s:e] for s, e in concern_items(row["concerns"])]
        got = [f for f in rev.findings if f.kind == "concern"]
        assert len(got) == len(expected), (layout, len(got), len(expected))
        for f, t in zip(got, expected):
            assert token_overlap(t, f.text) >= 0.8
            assert "giving rise to concern" not in f.text and "MATTERS OF CONCERN" not in f.text
        assert all(t.polarity == "concern" for t in rev.theme_tags if t.source_table == "findings")


def test_a_text_without_words_scores_zero_and_does_not_break_its_batch():
    from extract import MODELS_DIR
    from extract.themes import _model
    m = _model(str(MODELS_DIR / "theme_classifier"))
    got = m.scores(["", "domestic abuse domestic abuse", "  \n "])  # thinc failed on an empty first doc
    assert got[0] == got[2] == dict.fromkeys(m.labels, 0.0)
    assert got[1] == m.scores(["domestic abuse domestic abuse"])[0]


def test_the_shipped_vocabulary_holds_no_words_of_the_training_text():
    # training puts every word it reads into vocab/strings.json (the names of real people among them);
    # the trainer prunes the store to spaCy's own strings and the labels, which is all inference needs
    import json

    import spacy

    from extract.theme_train import OUT

    strings = json.loads((OUT / "vocab" / "strings.json").read_text(encoding="utf-8"))
    labels = json.loads((OUT / "meta.json").read_text(encoding="utf-8"))["scr"]["labels"]
    extra = set(strings) - set(spacy.blank("en").vocab.strings) - set(labels)
    assert not extra, sorted(extra)[:10]
