"""The README's reliability figures hold: one run of every hostile input into a database of good reviews
loses nothing, accounts for every input, never blocks a reader, and survives kill -9 of the writer."""

import json
from pathlib import Path

import reliability


def test_hostile_run_loses_nothing_and_accounts_for_everything(capsys):
    assert reliability.main() == 0, capsys.readouterr().out
    out = json.loads((Path(__file__).resolve().parents[1] / "build/reliability.json").read_text())
    run = out["run"]
    assert out["reviews_lost"] == out["reviews_changed"] == 0
    assert run["ingested"] + run["unchanged"] + run["duplicates"] + run["failed"] + run["skipped"] == run["inputs"]
    assert run["unchanged"] == out["good_reviews"] == 8
    assert out["failed_with_error_row"] == run["failed"] > 0
    assert run["repaired"] >= 2 and run["skipped"] == 5
    assert out["reader_answers"] >= 1 and not out["reader_failures"]
    assert out["kill9_rerun_identical"]
