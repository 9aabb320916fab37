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
