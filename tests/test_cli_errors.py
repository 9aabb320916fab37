"""Every failure at the front door is one line on stderr: ``Error: ...`` naming the thing and what to do.

Usage errors (a bad --format, --dct or empty SQL) exit 2, the rest 1; never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fixture_db
from extract import REPO_ROOT
from extract.cli import app
from extract.errors import ExtractError, shown

runner = CliRunner()

READ_COMMANDS = {  # command -> arguments before --db
    "sql": ["sql", "select 1"],
    "query": ["query", "theme_pair_reviews"],
    "show": ["show", "aaaa"],
    "timeline": ["timeline", "aaaa"],
    "search": ["search", "professional curiosity"],
    "report": ["report"],
    "export": ["export"],  # out folder appended by the test
}


def one_error_line(res, code: int, *needles: str) -> str:
    """Assert a clean failure: exit ``code``, exactly one stderr line 'Error: ...' holding every needle."""
    assert res.exit_code == code, (res.exit_code, res.output, res.exception)
    assert isinstance(res.exception, SystemExit), repr(res.exception)  # no exception escaped the command
    assert "Traceback" not in res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert res.stderr.endswith("\n") and lines[0].startswith("Error: "), res.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def read_args(command: str, db: Path, tmp_path: Path) -> list[str]:
    args = list(READ_COMMANDS[command])
    if command == "export":
        args.append(str(tmp_path / "out"))
    if command == "report":
        args += ["--out", str(tmp_path / "report.html")]
    return args + ["--db", str(db)]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "r.duckdb"
    fixture_db.build(path).close()
    return path


@pytest.fixture
def not_duckdb(tmp_path):
    path = tmp_path / "r.duckdb"
    path.write_text("review notes, not a database\n")
    return path


# ---------------------------------------------------------------- the database folder


def test_ingest_into_missing_folder(tmp_path):
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", "/no/such/dir/r.duckdb", "--workers", "0"])
    line = one_error_line(res, 1, "/no/such/dir/r.duckdb", "mkdir -p /no/such/dir")
    assert line == ("Error: /no/such/dir/r.duckdb: the folder /no/such/dir does not exist; "
                    "create it (mkdir -p /no/such/dir) or choose another --db")


def test_load_shards_into_missing_folder(tmp_path):
    res = runner.invoke(app, ["load-shards", str(tmp_path), "--db", "/no/such/dir/r.duckdb"])
    one_error_line(res, 1, "/no/such/dir/r.duckdb", "does not exist")


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
def test_read_commands_with_missing_folder(command, tmp_path):
    res = runner.invoke(app, read_args(command, Path("/no/such/dir/r.duckdb"), tmp_path))
    line = one_error_line(res, 1, "/no/such/dir/r.duckdb")
    assert line == ("Error: /no/such/dir/r.duckdb: no such database (the folder /no/such/dir does not exist); "
                    "check --db or run `scr ingest` first")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
def test_read_commands_with_missing_database(command, tmp_path):
    res = runner.invoke(app, read_args(command, tmp_path / "none.duckdb", tmp_path))
    one_error_line(res, 1, f"{tmp_path / 'none.duckdb'}: no such database (run `scr ingest` first)")


def test_db_that_is_a_folder(tmp_path):
    res = runner.invoke(app, ["sql", "select 1", "--db", str(tmp_path)])
    one_error_line(res, 1, f"{tmp_path} is a folder, not a database")
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path), "--workers", "0"])
    one_error_line(res, 1, f"{tmp_path} is a folder; give --db a database file")


@pytest.fixture
def read_only_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write into a chmod 555 folder")
    folder = tmp_path / "ro"
    folder.mkdir()
    fixture_db.build(folder / "r.duckdb").close()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_ingest_into_read_only_folder(read_only_folder, tmp_path):
    db = read_only_folder / "new.duckdb"
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--workers", "0"])
    one_error_line(res, 1, str(db), f"the folder {read_only_folder} is not writable")
    res = runner.invoke(app, ["load-shards", str(tmp_path), "--db", str(db)])
    one_error_line(res, 1, str(db), "is not writable")
    # an existing database there cannot be written either (DuckDB needs its .wal file beside it)
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(read_only_folder / "r.duckdb"), "--workers", "0"])
    one_error_line(res, 1, str(read_only_folder / "r.duckdb"), "is not writable")


def test_read_commands_in_read_only_folder(read_only_folder, tmp_path):
    """Reading needs no write access: the read commands work; a missing database is named."""
    res = runner.invoke(app, ["sql", "select count(*) from reviews", "--db", str(read_only_folder / "r.duckdb"),
                              "--format", "csv"])
    assert res.exit_code == 0 and res.output == "count_star()\n3\n", res.output
    for command in sorted(READ_COMMANDS):
        res = runner.invoke(app, read_args(command, read_only_folder / "none.duckdb", tmp_path))
        one_error_line(res, 1, f"{read_only_folder / 'none.duckdb'}: no such database")


def test_unreadable_database(db, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read a chmod 000 file")
    db.chmod(0)
    try:
        res = runner.invoke(app, ["sql", "select 1", "--db", str(db)])
        assert one_error_line(res, 1) == (f"Error: {db}: permission denied; check the permissions of the database "
                                          "and of its folder")
        res = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--workers", "0"])
        one_error_line(res, 1, f"{db}: the database is not writable")
    finally:
        db.chmod(0o644)


# ---------------------------------------------------------------- a file that is not DuckDB


@pytest.mark.parametrize("command", sorted(READ_COMMANDS))
def test_read_commands_on_a_file_that_is_not_duckdb(command, not_duckdb, tmp_path):
    res = runner.invoke(app, read_args(command, not_duckdb, tmp_path))
    line = one_error_line(res, 1, str(not_duckdb))
    assert line == (f"Error: {not_duckdb} is not a DuckDB database; point --db at a database written by "
                    "`scr ingest` (or move this file aside)")


def inputs_folder(tmp_path: Path) -> Path:
    """A folder with something for each writer (a PDF for ingest, a shard for load-shards): the
    database is opened only when there is something to write."""
    folder = tmp_path / "inputs"
    (folder / "aaaaaaaaaaaaaaaa").mkdir(parents=True)
    (folder / "aaaaaaaaaaaaaaaa" / "reviews.parquet").write_bytes(b"PAR1")
    (folder / "review.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


@pytest.mark.parametrize("args", [["ingest", "{folder}", "--workers", "0"], ["load-shards", "{folder}"]])
def test_writers_on_a_file_that_is_not_duckdb(args, not_duckdb, tmp_path):
    shards = inputs_folder(tmp_path)
    res = runner.invoke(app, [a.format(folder=shards) for a in args] + ["--db", str(not_duckdb)])
    one_error_line(res, 1, f"{not_duckdb} is not a DuckDB database")
    assert not_duckdb.read_text() == "review notes, not a database\n"


def test_a_duckdb_file_without_the_schema(tmp_path):
    import duckdb

    db = tmp_path / "other.duckdb"
    duckdb.connect(str(db)).close()
    res = runner.invoke(app, ["show", "aaaa", "--db", str(db)])
    one_error_line(res, 1, str(db), "reviews", "is it a database written by `scr ingest`?")


def test_not_duckdb_in_a_real_process(not_duckdb):
    """The installed entry point, not only the test runner: stderr is the one line, no traceback."""
    proc = subprocess.run([sys.executable, "-m", "extract.cli", "sql", "select 1", "--db", str(not_duckdb)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (f"Error: {not_duckdb} is not a DuckDB database; point --db at a database written by "
                           "`scr ingest` (or move this file aside)\n")


# ---------------------------------------------------------------- output targets


def test_export_target_is_a_file(db, tmp_path):
    target = tmp_path / "exports"
    target.write_text("already here\n")
    res = runner.invoke(app, ["export", str(target), "--db", str(db)])
    line = one_error_line(res, 1, str(target))
    assert line == (f"Error: {target} exists and is not a folder; give export a folder to write into "
                    "(it is created if missing)")
    assert target.read_text() == "already here\n"


def test_report_out_is_a_folder(db, tmp_path):
    res = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path)])
    line = one_error_line(res, 1, str(tmp_path))
    assert line == f"Error: {tmp_path} is a folder; give --out a file name, e.g. {tmp_path / 'report.html'}"


def test_report_out_in_missing_folder(db, tmp_path):
    out = tmp_path / "no" / "report.html"
    res = runner.invoke(app, ["report", "--db", str(db), "--out", str(out)])
    one_error_line(res, 1, str(out), f"the folder {out.parent} does not exist")


# ---------------------------------------------------------------- usage errors: exit 2


@pytest.mark.parametrize("args", [
    ["sql", "select 1"], ["query", "theme_pair_reviews"], ["query", "--list"], ["search", "curiosity"],
    ["timeline", "aaaa"]])
def test_unknown_format(args, db):
    res = runner.invoke(app, args + ["--format", "xml", "--db", str(db)])
    line = one_error_line(res, 2, "--format 'xml'")
    assert line == "Error: --format 'xml' is not a format; use one of table, csv, json, markdown"


def test_unknown_export_format(db, tmp_path):
    res = runner.invoke(app, ["export", str(tmp_path / "out"), "--format", "xlsx", "--db", str(db)])
    line = one_error_line(res, 2, "--format 'xlsx'")
    assert line == "Error: --format 'xlsx' is not a format; use one of parquet, csv"
    assert not (tmp_path / "out").exists()


def test_format_is_checked_before_the_database(tmp_path):
    res = runner.invoke(app, ["sql", "select 1", "--format", "xml", "--db", str(tmp_path / "none.duckdb")])
    one_error_line(res, 2, "--format 'xml'")


@pytest.mark.parametrize("sql", ["", "   ", ";", " ; ;\n\t", "/* only a comment */"])
def test_empty_sql(sql, db):
    res = runner.invoke(app, ["sql", sql, "--db", str(db)])
    line = one_error_line(res, 2)
    assert line == 'Error: empty SQL: give a statement, e.g. scr sql "select count(*) from reviews"'


def test_bad_sql_is_one_line_with_duckdb_hint(db):
    res = runner.invoke(app, ["sql", "select * from reviewz", "--db", str(db)])
    line = one_error_line(res, 1)
    assert line == 'Error: SQL: Catalog Error: Table with name reviewz does not exist! Did you mean "reviews"?'
    res = runner.invoke(app, ["sql", "selec 1", "--db", str(db)])
    assert one_error_line(res, 1) == 'Error: SQL: Parser Error: syntax error at or near "selec"'


@pytest.mark.parametrize("dct", ["2020-13-45", "March 2015"])
def test_bad_dct(dct, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("Seen on 3 March 2014.\n")
    res = runner.invoke(app, ["timeml", str(f), "--dct", dct])
    line = one_error_line(res, 2, f"--dct {dct!r} is not a date", "YYYY-MM-DD")
    if dct == "2020-13-45":
        assert line == ("Error: --dct '2020-13-45' is not a date (month must be in 1..12); "
                        "give it as YYYY-MM-DD, e.g. 2015-03-01")


def test_timeml_missing_file(tmp_path):
    res = runner.invoke(app, ["timeml", str(tmp_path / "none.txt")])
    assert one_error_line(res, 1) == f"Error: {tmp_path / 'none.txt'}: cannot read: No such file or directory"


# ---------------------------------------------------------------- a lock held by another process


@pytest.fixture
def writer(db):
    """Another process holding a write connection to ``db``; yields its pid."""
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ok"
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("args", [["sql", "select 1"], ["show", "aaaa"], ["ingest", "{tmp}", "--workers", "0", "--lock-wait", "1"],
                                  ["load-shards", "{tmp}"]])
def test_locked_database(args, db, writer, tmp_path, monkeypatch):
    monkeypatch.setattr("extract.store.READ_WAIT", 1.0)  # readers wait for a write window, then say who holds it
    inputs = inputs_folder(tmp_path)
    res = runner.invoke(app, [a.format(tmp=inputs) for a in args] + ["--db", str(db)])
    line = one_error_line(res, 1, str(db), f"PID {writer}")
    assert line == (f"Error: {db} is being written by another process (PID {writer}, probably a running "
                    "scr ingest); try again when it finishes")


def test_locked_database_in_a_real_process(db, writer):
    proc = subprocess.run([sys.executable, "-m", "extract.cli", "sql", "select 1", "--db", str(db)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
                          env={**os.environ, "SCR_READ_WAIT": "1"})
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (f"Error: {db} is being written by another process (PID {writer}, probably a running "
                           "scr ingest); try again when it finishes\n")


# ---------------------------------------------------------------- control characters in names


@pytest.mark.parametrize("raw, want", [
    ("plain/child-s é.pdf", "plain/child-s é.pdf"),
    ("a\nb.pdf", "a\\nb.pdf"),
    ("tab\there\r", "tab\\there\\r"),
    ("\x1b[31mred\x1b[0m.pdf", "\\x1b[31mred\\x1b[0m.pdf"),
    ("del\x7f nul\x00", "del\\x7f nul\\x00"),
    ("c1\x85\x9b", "c1\\x85\\x9b"),
    ("line\u2028sep", "line\\u2028sep"),
    ("bidi\u202egnp.exe", "bidi\\u202egnp.exe"),
    ("back\\slash", "back\\slash"),
    (b"latin1-\xe9\xff.pdf", "latin1-\\xe9\\xff.pdf"),
    (Path(os.fsdecode(b"dir/\xffname.pdf")), "dir/\\xffname.pdf"),
])
def test_shown(raw, want):
    assert shown(raw) == want
    assert shown(shown(raw)) == shown(raw)  # idempotent: a message can be shown() again safely
    assert len(shown(raw).splitlines()) == 1


def test_extract_error_shows_the_path_escaped():
    e = ExtractError("/data/a\nb\x1b[2J.pdf", "read", "empty file (0 bytes)", page=3)
    assert str(e) == "/data/a\\nb\\x1b[2J.pdf: page 3: read: empty file (0 bytes)"
    assert e.path == "/data/a\nb\x1b[2J.pdf"  # the attribute keeps the real name
    assert str(ExtractError("/data/ok é.pdf", "read", "not a PDF")) == "/data/ok é.pdf: read: not a PDF"


def test_cli_messages_show_paths_escaped(tmp_path, db):
    evil = tmp_path / "bad\n\x1b[31mname.duckdb"
    evil.write_text("not a database")
    res = runner.invoke(app, ["sql", "select 1", "--db", str(evil)])
    one_error_line(res, 1, f"{tmp_path}/bad\\n\\x1b[31mname.duckdb is not a DuckDB database")
    res = runner.invoke(app, ["sql", "select 1", "--db", str(tmp_path / "no\ndir" / "r.duckdb")])
    one_error_line(res, 1, "no\\ndir/r.duckdb: no such database (the folder ")
    target = tmp_path / "out\x1b]0;title\x07"
    target.write_text("x")
    res = runner.invoke(app, ["export", str(target), "--db", str(db)])
    one_error_line(res, 1, "out\\x1b]0;title\\x07 exists and is not a folder")
    res = runner.invoke(app, ["export", str(tmp_path / "ok\x1bdir"), "--db", str(db)])
    assert res.exit_code == 0 and res.output.endswith(f"files to {tmp_path}/ok\\x1bdir\n"), res.output


def test_table_output_escapes_control_characters(db):
    res = runner.invoke(app, ["sql", "select 'a' || chr(27) || '[31mb' as x, 'l1' || chr(10) || 'l2' as y",
                              "--db", str(db)])
    assert res.exit_code == 0
    assert res.output.splitlines()[2] == "a\\x1b[31mb  l1 l2"
    assert "\x1b" not in res.output


# ---------------------------------------------------------------- no silent nothing (issue 14)


def test_unknown_theme_code_is_a_usage_error(db):
    res = runner.invoke(app, ["query", "theme_pair_reviews", "--param", "theme_b=C99", "--db", str(db)])
    line = one_error_line(res, 2, "theme_b='C99' is not a theme code", "models/themes.yaml", "C01, C02", "P15")
    assert res.stdout == ""
    assert line.startswith("Error: query 'theme_pair_reviews': parameter theme_b='C99' is not a theme code")
    res = runner.invoke(app, ["query", "theme_pair_reviews", "--param", "theme_a=domestic abuse", "--db", str(db)])
    one_error_line(res, 2, "theme_a='domestic abuse' is not a theme code")


def test_theme_codes_are_case_insensitive(db):
    def rows(value):
        res = runner.invoke(app, ["query", "theme_pair_reviews", "--param", f"theme_b={value}", "--format", "csv",
                                  "--db", str(db)])
        assert res.exit_code == 0, res.output
        return res.stdout.splitlines()

    assert rows("c07") == rows("C07") == rows(" c07 ")
    assert [r.split(",")[0] for r in rows("c07")[1:]] == [fixture_db.A, fixture_db.C]


def test_theme_parameters_are_those_whose_default_is_a_code(tmp_path, db):
    """Any query's parameter whose default is a theme code is checked, not only theme_pair_reviews'."""
    import duckdb

    from extract import queries

    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "by_code.sql").write_text(
        "-- name: by_code\n-- description: test\n-- params: focus=h01, word=C99x, n=1\n"
        "SELECT $focus AS focus, $word AS word, $n AS n\n")
    con = duckdb.connect()
    run = lambda **p: queries.run_query(con, "by_code", p, queries_dir=tmp_path / "q")[1]  # noqa: E731
    assert run() == [("h01", "C99x", 1)]  # the default is used as written
    assert run(focus="p02") == [("P02", "C99x", 1)]
    assert run(word="anything") == [("h01", "anything", 1)]  # not a code default: not a theme parameter
    with pytest.raises(queries.ParamError, match=r"focus='H99' is not a theme code; .*models/themes.yaml: C01, "):
        run(focus="H99")


def test_ingest_of_a_folder_without_pdfs(tmp_path):
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a review\n")
    (folder / "sub").mkdir()
    db = tmp_path / "r.duckdb"
    for extra in ([], ["--json"], ["--quiet"]):
        res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "0", *extra])
        line = one_error_line(res, 1)
        assert line == (f"Error: no PDF files found under {folder} (folders are searched recursively for *.pdf); "
                        "check the path")
        assert res.stdout == ""
    assert not db.exists()  # nothing to write: no empty database either


@pytest.mark.parametrize("make", ["missing", "empty", "no shard inside"])
def test_load_shards_without_shards(make, tmp_path):
    shards = tmp_path / "shards"
    if make != "missing":
        shards.mkdir()
    if make == "no shard inside":
        (shards / "aaaaaaaaaaaaaaaa").mkdir()  # a folder without reviews.parquet (an interrupted shard)
        (shards / "notes.txt").write_text("x")
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["load-shards", str(shards), "--db", str(db)])
    line = one_error_line(res, 1, str(shards), "scr ingest --shards")
    if make != "missing":
        assert line == (f"Error: {shards}: no shards here (no <review_id>/reviews.parquet); give the folder "
                        "written by `scr ingest --shards`")
    assert not db.exists()
