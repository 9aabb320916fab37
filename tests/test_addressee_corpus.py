"""The blind addressee corpus of real recipients (extract/addressee_corpus.py)."""

import json

from extract import addressee_corpus as A


def test_receiver_entries_split_as_the_renderer_lays_them_out():
    assert A.receiver_entries("1. Northshire Council; Chief Executive, Example NHS Trust\nThe Chief Coroner | DfT.") == [
        "1. Northshire Council", "Chief Executive, Example NHS Trust", "The Chief Coroner", "DfT"]
    assert A.receiver_entries(None) == []


def test_org_spans_by_text_or_offsets_and_their_problems():
    text = "Jane Example, Chief Executive, Westbury Council"
    assert A.org_span({"text": "Westbury Council", "occurrence": 1}, text) == (31, 47)
    assert A.org_span([31, 47], text) == (31, 47)
    assert A.org_span(None, text) is None
    assert "occurrence" in A.org_span({"text": "Eastbury Council", "occurrence": 1}, text)
    assert "not in the entry" in A.org_span([40, 99], text)


def test_the_manifest_rebuilds_and_every_entry_is_unchanged(shared_dir):
    units = A.load_units()
    assert A.build_units(shared_dir) == units
    texts = A.entry_texts(units, shared_dir)  # raises on any sha1 mismatch
    assert len(texts) == len(units) and all(texts.values())


def test_committed_gold_is_valid_and_holds_no_text(shared_dir):
    files = sorted(A.ANNOTATIONS_DIR.glob("*.jsonl"))
    for f in files:
        assert A.check_file(f) == [], f.name
        for line in f.read_text(encoding="utf-8").splitlines():
            org = json.loads(line)["org"]
            assert org is None or isinstance(org, list), f"{f.name}: text left in the gold (run strip)"
