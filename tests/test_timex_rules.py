"""The rule table (models/timex/rules.yaml): every rule has examples that its own pattern matches
and the tagger tags; the table is validated with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import MODELS_DIR
from extract.errors import ExtractError
from extract.timex import _grammar, annotate, compile_rules, load_rules

RULES = load_rules(MODELS_DIR / "timex" / "rules.yaml")
COMPILED = dict(zip([r.name for r in RULES], [rx for rx, _ in _grammar().rules]))


def test_table_is_the_grammar():
    assert len(RULES) == len(_grammar().rules) >= 50
    assert all(r.examples and r.what for r in RULES), [r.name for r in RULES if not r.examples or not r.what]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_examples(rule):
    for text in rule.examples:
        m = COMPILED[rule.name].search(text)
        assert m, f"{rule.name}: its pattern does not match {text!r}"
        tagged = annotate(text, narrative=True)
        assert any(t.start_char < m.end() and t.end_char > m.start() for t in tagged), \
            f"{rule.name}: {text!r} matched {m.group(0)!r} but nothing was tagged there: {[t.text for t in tagged]}"


def _table(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "rules.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_unknown_key_names_the_line(tmp_path):
    p = _table(tmp_path, "rules:\n- name: year\n  pattern: '\\d{4}'\n  colour: red\n")
    with pytest.raises(ExtractError, match=r"line 4: unknown key 'colour'"):
        load_rules(p)


def test_repeated_rule_and_missing_pattern(tmp_path):
    with pytest.raises(ExtractError, match=r"defined twice"):
        load_rules(_table(tmp_path, "rules:\n- {name: a, pattern: x}\n- {name: a, pattern: y}\n"))
    with pytest.raises(ExtractError, match=r"line 2: a rule needs a 'pattern'"):
        load_rules(_table(tmp_path, "rules:\n- {name: a}\n"))


def test_unknown_macro_or_normaliser(tmp_path):
    specs = load_rules(_table(tmp_path, "rules:\n- {name: a, pattern: '{NOPE}'}\n"))
    with pytest.raises(ExtractError, match=r"line 2: rule 'a': unknown macro \{NOPE\}"):
        compile_rules(specs, {}, {"a": print})
    with pytest.raises(ExtractError, match=r"rule 'a' has no normaliser"):
        compile_rules(specs, {}, {})
    specs = load_rules(_table(tmp_path, "rules:\n- {name: a, pattern: 'x'}\n"))
    with pytest.raises(ExtractError, match=r"normalisers with no rule in the table: b"):
        compile_rules(specs, {}, {"a": print, "b": print})
    specs = load_rules(_table(tmp_path, "rules:\n- {name: a, pattern: '(x'}\n"))
    with pytest.raises(ExtractError, match=r"bad pattern"):
        compile_rules(specs, {}, {"a": print})
