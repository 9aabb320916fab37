"""The README stays true to the CLI: every command is documented and has help text."""

import re

import pytest
import typer.main

from extract import REPO_ROOT
from extract.cli import app

COMMANDS = sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)
README = (REPO_ROOT / "README.md").read_text()


def test_commands_are_known():
    assert COMMANDS == ["export", "ingest", "load-shards", "query", "report", "search", "show", "sql", "timeline",
                        "timeml"]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"\bscr {re.escape(name)}\b", README), f"`scr {name}` is not in README.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    group = typer.main.get_command(app)
    assert group.commands[name].help, f"`scr {name}` has no help text"


def test_readme_quick_start_targets_exist():
    makefile = (REPO_ROOT / "Makefile").read_text()
    for target in ("demo", "test", "eval", "bench"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.M), target


# ---------------------------------------------------------------- the README's commands, run

def _fenced(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)


def readme_commands() -> list[str]:
    """Every `scr …` line in the README's code blocks (a line with `&&` gives each of its commands)."""
    out = []
    for _, body in _fenced(README):
        for line in body.splitlines():
            if line.startswith("scr "):
                out.extend(part.strip() for part in line.split(" && "))
    return out


def readme_sql() -> list[str]:
    """The README's SQL: ```sql blocks and the example column of the tables table."""
    out = [body for lang, body in _fenced(README) if lang == "sql"]
    out += re.findall(r"\| `(select [^`]+)` \|$", README, re.M)
    return out


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    """The sample corpus ingested, as `make demo` does, in a folder that is the commands' working directory."""
    from extract import ingest

    work = tmp_path_factory.mktemp("readme")
    s = ingest.run([REPO_ROOT / "corpora" / "sample"], work / "reviews.duckdb", workers=2, quiet=True)
    assert s.failed == 0 and s.ingested >= 8, s.errors
    (work / "note.txt").write_text("The child was seen by the GP on 3 March 2015 and again the next day.\n")
    return work


def test_readme_shows_the_commands():
    commands = readme_commands()
    assert len(commands) >= 12 and {c.split()[1] for c in commands} == set(COMMANDS)
    assert len(readme_sql()) >= 12


def _review_id(db) -> str:
    from extract import store

    con = store.connect(db, read_only=True)
    try:
        return con.execute("select review_id from reviews order by review_id limit 1").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_on_the_sample_database(command, sample_db, monkeypatch):
    import shlex

    from typer.testing import CliRunner

    monkeypatch.chdir(sample_db)
    sample = str(REPO_ROOT / "corpora" / "sample")
    line = (command.replace("<review_id>", _review_id(sample_db / "reviews.duckdb"))
            .replace("path/to/folder-or-files", sample).replace("big/folder", sample))
    args = shlex.split(line, comments=True)[1:]
    res = CliRunner().invoke(app, args, catch_exceptions=False)
    assert res.exit_code == 0, f"`{command}` exited {res.exit_code}: {res.output[-600:]}"


@pytest.mark.parametrize("query", readme_sql(), ids=lambda q: " ".join(q.split())[:60])
def test_readme_sql_names_columns_that_exist(query, sample_db):
    from extract import store

    con = store.connect(sample_db / "reviews.duckdb", read_only=True)
    try:
        rid = con.execute("select review_id from reviews limit 1").fetchone()[0]
        con.execute(query.replace("'…'", f"'{rid}'")).fetchall()  # a missing column is a Binder Error here
    finally:
        con.close()


def test_readme_view_and_table_columns_exist(sample_db):
    """The columns the README names in backticks beside each view, and "(column `x`)" beside a table."""
    from extract import store

    con = store.connect(sample_db / "reviews.duckdb", read_only=True)
    try:
        kinds = dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())

        def columns(rel: str) -> set[str]:
            return {r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_name = ?", [rel]).fetchall()}

        checked = 0
        for rel, text in re.findall(r"^\| `(\w+)` \| (.*) \|$", README, re.M):
            assert rel in kinds, f"README names `{rel}`, which is no table or view"
            names = re.findall(r"column `(\w+)`", text)
            if kinds[rel] == "VIEW":  # a view's row names its columns in backticks (and other relations)
                names += [n for n in re.findall(r"`(\w+)`", text) if n not in kinds]
            for name in names:
                assert name in columns(rel), f"README says `{rel}` has a column `{name}`; it has {sorted(columns(rel))}"
                checked += 1
        assert checked >= 8
    finally:
        con.close()
