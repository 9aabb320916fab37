"""Display names for agency types (models/agency_types.yaml): complete and validated."""

from __future__ import annotations

import re

import pytest

from extract import MODELS_DIR
from extract.errors import ExtractError
from extract.labels import AGENCY_TYPES, agency_type_label, agency_types, is_agency


def test_every_type_a_person_can_meet_has_a_display_name():
    table = agency_types()
    used = set(AGENCY_TYPES) | set(re.findall(r"agency_type:\s*(\w+)", (MODELS_DIR / "addressees.yaml").read_text()))
    used |= {"unknown", "unaddressed", "no agency named"}  # the views' and the report's own words
    assert used - set(table) == set()
    assert agency_type_label("childrens_social_care") == "Children's social care"
    assert agency_type_label("gp_primary_care") == "GP / primary care"
    assert agency_type_label(None) == "Unknown type" and agency_type_label("not_a_code") == "not_a_code"
    assert [c for c in table if not is_agency(c)] == ["other", "unknown", "unaddressed", "no agency named"]


def _write(tmp_path, body):
    p = tmp_path / "agency_types.yaml"
    p.write_text(body, encoding="utf-8")
    return str(p)


def test_missing_type_unknown_key_and_unexplained_non_agency(tmp_path):
    full = "".join(f"  {c}: {{label: X}}\n" for c in AGENCY_TYPES if c != "police")
    with pytest.raises(ExtractError, match=r"no label for agency types: police"):
        agency_types(_write(tmp_path, "types:\n" + full))
    with pytest.raises(ExtractError, match=r"line 2: unknown key 'colour'"):
        agency_types(_write(tmp_path, "types:\n  police: {label: Police, colour: blue}\n"))
    with pytest.raises(ExtractError, match=r"line 2: 'unknown' is not an agency and needs a note"):
        agency_types(_write(tmp_path, "types:\n  unknown: {label: Unknown, agency: false}\n"))
