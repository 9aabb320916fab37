"""The light commands start fast: they never import the pipeline's heavy libraries (issue 14).

Deterministic, not a timing test: each command runs in a fresh interpreter and the test looks at
``sys.modules`` afterwards. ``make bench`` measures the start-up time itself.
"""

from __future__ import annotations

import json
import subprocess
import sys

import fixture_db
from extract import REPO_ROOT, cli, ingest

# what made `scr sql "select 1"` take 3 s: spaCy (through extract.ingest -> extract.pipeline), the PDF
# readers, Plotly (report), dateparser and reportlab
HEAVY = ("spacy", "thinc", "pdfplumber", "pdfminer", "pypdfium2", "plotly", "dateparser", "reportlab",
         "extract.pipeline", "extract.ingest", "extract.pdf", "extract.nlp", "extract.report")

PROBE = r"""
import json, sys
heavy = json.loads(sys.argv[1])
from extract.cli import app
out = []
for args in json.loads(sys.argv[2]):
    try:
        app(args, prog_name="scr")
        code = 0
    except SystemExit as e:
        code = e.code or 0
    out.append({"args": args, "code": code, "heavy": sorted(m for m in heavy if m in sys.modules)})
print("\n" + json.dumps(out))
"""


def test_light_commands_do_not_import_the_pipeline(tmp_path):
    db = tmp_path / "r.duckdb"
    fixture_db.build(db).close()
    d = str(db)
    commands = [["--help"], ["sql", "--help"], ["sql", "select 1", "--db", d], ["query", "--list"],
                ["query", "theme_pair_reviews", "--param", "theme_b=c07", "--db", d], ["show", "aaaa", "--db", d],
                ["search", "professional curiosity", "--db", d], ["timeline", "aaaa", "--db", d],
                ["sql", "select 1", "--db", d, "--format", "markdown"]]
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY), json.dumps(commands)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout.rstrip().rsplit("\n", 1)[-1])
    assert [r["args"] for r in results] == commands
    for r in results:
        assert r["code"] == 0, r
        assert r["heavy"] == [], f"scr {' '.join(r['args'])} imported {', '.join(r['heavy'])}"


def test_importing_the_cli_is_light():
    proc = subprocess.run([sys.executable, "-c", "import json, sys, extract.cli; "
                           f"print(json.dumps(sorted(m for m in {list(HEAVY + ('pyarrow',))!r} if m in sys.modules)))"],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_cli_defaults_agree_with_ingest():
    """The ingest command's help shows defaults kept in cli.py (importing extract.ingest costs seconds)."""
    assert cli.DEFAULT_TIMEOUT == ingest.DEFAULT_TIMEOUT
    assert cli.LOCK_WAIT == ingest.LOCK_WAIT
