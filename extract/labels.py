"""Display names for codes a person reads: agency types (models/agency_types.yaml) beside the
theme labels of models/themes.yaml.  Light: no spaCy, so read-only commands stay fast."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from . import MODELS_DIR
from .errors import ExtractError

AGENCY_TYPES = (
    "police", "childrens_social_care", "early_help", "health_visiting", "school_nursing",
    "gp_primary_care", "midwifery_maternity", "acute_hospital", "community_paediatrics",
    "ambulance", "camhs", "adult_mental_health", "substance_misuse_service", "probation",
    "youth_justice", "housing", "education", "early_years", "fire_rescue", "voluntary_sector",
    "adult_social_care", "safeguarding_partnership", "courts_legal", "cafcass", "immigration_dwp",
    "inspectorate_regulator", "coroner", "social_care", "other",
)  # social_care: social care whose users (children or adults) the review does not say

_KEYS = {"label", "agency", "note"}


@functools.lru_cache(maxsize=4)
def agency_types(path: str | None = None) -> dict[str, dict]:
    """code -> {label, agency (bool), note}, validated: every AGENCY_TYPES code has a label, a
    non-agency has a note, no unknown keys (errors name the file and the line)."""
    p = Path(path) if path else MODELS_DIR / "agency_types.yaml"
    try:
        root = yaml.compose(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(str(p), "models", f"cannot read agency types: {exc}") from exc
    if not isinstance(root, yaml.MappingNode) or [k.value for k, _ in root.value] != ["types"]:
        raise ExtractError(str(p), "models", "expected one key, 'types'")
    out: dict[str, dict] = {}
    for k, v in root.value[0][1].value:
        where = f"line {k.start_mark.line + 1}"
        if not isinstance(v, yaml.MappingNode):
            raise ExtractError(str(p), "models", f"{where}: {k.value!r} needs a mapping with a label")
        d = yaml.safe_load(yaml.serialize(v))
        bad = set(d) - _KEYS
        if bad:
            raise ExtractError(str(p), "models", f"{where}: unknown key {sorted(bad)[0]!r} (allowed: label, agency, note)")
        if not isinstance(d.get("label"), str) or not d["label"]:
            raise ExtractError(str(p), "models", f"{where}: {k.value!r} has no label")
        agency = d.get("agency", True)
        if agency is False and not d.get("note"):
            raise ExtractError(str(p), "models", f"{where}: {k.value!r} is not an agency and needs a note saying what it means")
        out[k.value] = {"label": d["label"], "agency": bool(agency), "note": d.get("note") or ""}
    missing = [c for c in AGENCY_TYPES if c not in out]
    if missing:
        raise ExtractError(str(p), "models", f"no label for agency types: {', '.join(missing)}")
    return out


def agency_type_label(code: str | None) -> str:
    """The display name of an agency type code; an unlisted code is shown as itself."""
    if not code:
        return agency_types()["unknown"]["label"]
    t = agency_types().get(code)
    return t["label"] if t else code


def is_agency(code: str | None) -> bool:
    t = agency_types().get(code or "unknown")
    return bool(t["agency"]) if t else True


def agency_type_rows() -> list[dict]:
    """Rows for the ``agency_types`` table."""
    return [{"code": c, "label": t["label"], "is_agency": t["agency"], "note": t["note"]}
            for c, t in agency_types().items()]
