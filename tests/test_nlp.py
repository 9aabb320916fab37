"""The spaCy pipeline: built once, rule sentence splitter, vocabulary validation."""

from __future__ import annotations

import shutil

import pytest

from extract import MODELS_DIR, nlp
from extract.errors import ExtractError


def sents(text: str) -> list[str]:
    return [s.text.strip() for s in nlp.build()(text).sents]


def test_build_is_cached_blank_rules_pipeline():
    a = nlp.build()
    assert a is nlp.build()
    assert a.pipe_names == ["scr_sentences", "scr_entities"]  # the enabled components
    assert a.meta["name"] == "pipeline"
    # no pretrained model: the only vectors are the theme classifier's own, once it has joined (disabled)
    from extract import themes
    m = themes.model()
    assert a.component_names == ["scr_sentences", "scr_entities", "scr_themes"] and a.disabled == ["scr_themes"]
    assert a.vocab.vectors.shape[0] == m.meta["vectors"]["vectors"]


def test_sentences_survive_dr_and_s47():
    text = ("Dr. Patel saw Child S on 3 May. A s.47 enquiry followed under para. 4.2 of the procedures. "
            "The GP (e.g. the practice nurse) was told, i.e. informed in writing. No. 3 was the last visit.")
    assert sents(text) == [
        "Dr. Patel saw Child S on 3 May.",
        "A s.47 enquiry followed under para. 4.2 of the procedures.",
        "The GP (e.g. the practice nurse) was told, i.e. informed in writing.",
        "No. 3 was the last visit.",
    ]


def test_pseudonym_letter_ends_a_sentence_and_quotes_close():
    assert sents('He lived with Male B. Mother S said "he is fine." The visit ended.') == [
        "He lived with Male B.",
        'Mother S said "he is fine."',
        "The visit ended.",
    ]


def test_numbered_paragraphs_and_bullets_start_sentences():
    text = "as agreed by the panel\n4.2.1 The health visitor saw him\nthe next day.\n- first point\n- second point"
    assert sents(text) == ["as agreed by the panel", "4.2.1 The health visitor saw him\nthe next day.",
                           "- first point", "- second point"]


def _copy_models(tmp_path):
    d = tmp_path / "models"
    shutil.copytree(MODELS_DIR, d)
    return d


def test_unknown_agency_type_names_file_and_line(tmp_path):
    d = _copy_models(tmp_path)
    p = d / "agencies.jsonl"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"agency_type": "childrens_social_care"', '"agency_type": "social_work"')
    assert '"social_work"' in lines[2]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ExtractError) as e:
        nlp.load_vocab(str(d))
    assert str(p) in str(e.value) and "line 3" in str(e.value) and "social_work" in str(e.value)


def test_unknown_profession_type_and_bad_json_name_file_and_line(tmp_path):
    d = _copy_models(tmp_path)
    p = d / "professions.jsonl"
    p.write_text(p.read_text(encoding="utf-8") + '{"profession": "wizard", "agency_type": "magic", "variants": []}\n',
                 encoding="utf-8")
    n = len(p.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ExtractError, match=rf"professions.jsonl: models: line {n}: unknown agency_type 'magic'"):
        nlp.load_vocab(str(d))
    d2 = _copy_models(tmp_path / "b")
    q = d2 / "agency_heads.jsonl"
    q.write_text('{"head": "Police", "agency_type": "police", "group": "police"}\n{"head": \n', encoding="utf-8")
    with pytest.raises(ExtractError, match=r"agency_heads.jsonl: models: line 2: invalid JSON"):
        nlp.load_vocab(str(d2))


def test_every_vocabulary_type_is_in_the_closed_list():
    v = nlp.load_vocab()
    types = {g.agency_type for g in v.generics.values()} | {e.agency_type for e in v.named.values()} | \
        {h.agency_type for h in v.heads.values()} | {p.agency_type for p in v.professions.values()}
    assert types <= set(nlp.AGENCY_TYPES)
    assert len(nlp.AGENCY_TYPES) == 29  # 28 of domain.md plus social_care (whose, unsaid)


def test_a_gazetteer_holds_named_bodies_only(tmp_path):
    d = _copy_models(tmp_path)
    p = d / nlp.GAZETTEERS[0]
    assert p.exists() and nlp.load_vocab().named["Sussex Partnership NHS Foundation Trust"].agency_type == "adult_mental_health"
    p.write_text(p.read_text(encoding="utf-8") + '{"kind": "generic", "name": "Ward", "agency_type": "acute_hospital"}\n',
                 encoding="utf-8")
    n = len(p.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ExtractError) as e:
        nlp.load_vocab(str(d))
    assert str(p) in str(e.value) and f"line {n}" in str(e.value) and "named bodies only" in str(e.value)


def test_each_named_body_is_listed_once_across_the_files(tmp_path):
    d = _copy_models(tmp_path)
    p = d / "nhs_acute.jsonl"
    assert nlp.load_vocab().named["King's College Hospital"].agency_type == "acute_hospital"
    assert nlp.load_vocab().named["Greater Manchester Police"].abbreviations == ("GMP",)
    p.write_text(p.read_text(encoding="utf-8") + '{"kind": "named", "name": "Ofsted", "agency_type": "other"}\n', encoding="utf-8")
    with pytest.raises(ExtractError, match=r"nhs_acute.jsonl: models: line \d+: 'Ofsted' is already a named body"):
        nlp.load_vocab(str(d))


def test_gazetteer_names_do_not_hide_first_names_or_carry_their_town():
    from extract import entities
    from extract.model import Section

    text = ("The report concerns William. William was seen at the William Harvey Hospital. Staff said William was "
            "well. The GP wrote that William had been discharged. A nurse told William to rest. He was later taken "
            "to St Mary's Hospital, Isle of Wight, where William died.")
    ms, _, _ = entities.extract([Section(1, None, 1, "4", "Circumstances", 1, 1, 1, text)], "SAR")
    names = [m.text for m in ms if m.label == "PERSON"]
    assert names.count("William") == 6  # a hospital named after a William does not make "William" a place word
    agencies = [m.text for m in ms if m.label == "AGENCY"]
    assert "William Harvey Hospital" in agencies and "St Mary's Hospital, Isle of Wight" not in agencies


def test_the_service_grammar_names_its_file_for_an_unquoted_yaml_word_and_an_unknown_generic(tmp_path):
    d = _copy_models(tmp_path)
    p = d / "service_phrases.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace('"on", with', "on, with"), encoding="utf-8")
    with pytest.raises(ExtractError, match=r"service_phrases.yaml: models: bare_followers: expected a list"):
        nlp.load_vocab(str(d))
    d2 = _copy_models(tmp_path / "b")
    q = d2 / "service_phrases.yaml"
    q.write_text(q.read_text(encoding="utf-8").replace("  Hospital:", "  Hospitals Galore:"), encoding="utf-8")
    with pytest.raises(ExtractError, match=r"strong cores of unknown generic\(s\): Hospitals Galore"):
        nlp.load_vocab(str(d2))


@pytest.mark.parametrize("text", ["", " ", "The Trust's  crisis team\n\n  saw him.\t(CAMHS)  ", "a\u00a0b\u2003c  \n",
                                  "Mr. A  went to the G.P.-- then 4.2.1 x"])
def test_the_splitter_hands_on_the_docs_own_text(text):
    # scr_entities reads the text scr_sentences joined from the token array, not Doc.text, and drops it
    pipe = nlp.build()
    doc = pipe.get_pipe("scr_sentences")(pipe.make_doc(text))
    assert doc.user_data.get(nlp._TEXT_KEY, "") == doc.text == text
    assert nlp._TEXT_KEY not in pipe(text).user_data
