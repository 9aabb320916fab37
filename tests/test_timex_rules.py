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


def _tagged(text, dct=None, narrative=True):
    return [(t.start_char, t.end_char, t.type, t.value, t.mod, t.earliest, t.latest)
            for t in annotate(text, dct, narrative=narrative)]


def test_needed_words_change_nothing_but_speed(monkeypatch):
    """A rule with `needs` is tried only near such a word: the timexes must be those of a full scan."""
    import yaml as _yaml
    from datetime import date as _date

    from extract import timex
    from extract.evaluation.timex import SHARED_TEXT

    worked = _yaml.safe_load((MODELS_DIR / "timex" / "examples.yaml").read_text(encoding="utf-8"))["examples"]
    texts = [(e["text"], _date.fromisoformat(e["dct"]) if e.get("dct") else None, e.get("narrative", True))
             for e in worked] + [(x, None, True) for r in RULES for x in r.examples]
    long = " ".join(t for t, _, _ in texts)  # one long text: matches far apart and windows that meet
    texts.append((long, None, True))
    if SHARED_TEXT.exists():
        texts.append((SHARED_TEXT.read_text(encoding="utf-8"), None, True))
    fast = [_tagged(*t) for t in texts]
    monkeypatch.setattr(timex, "_SLOW_SCAN", True)
    assert [_tagged(*t) for t in texts] == fast
    assert sum(1 for r in RULES if r.needs) >= 25


def test_a_match_running_past_its_window_is_taken_whole():
    import re as _re

    from extract.timex import _SPAN, _windowed

    text = "x " * 300 + "KEY " + "y" * (2 * _SPAN) + " KEY yy"
    rx = _re.compile(r"KEY y+")  # greedy: cut at the window's edge it would be shorter
    spans = [k.span() for k in _re.finditer("KEY", text)]
    assert [m.span() for m in _windowed(rx, spans, text)] == [m.span() for m in rx.finditer(text)]
