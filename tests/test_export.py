import csv
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import fixture_db
from extract import export, store
from extract.cli import app

TABLES = ["agencies", "agency_types", "events", "findings", "ingest_errors", "mentions", "pages", "path_bytes", "people", "recommendations",
          "reviews", "sections", "theme_tags", "themes", "timexes"]


@pytest.fixture(scope="module")
def con():
    return fixture_db.build()


def test_parquet_writes_every_table_and_view(con, tmp_path):
    files = export.export(con, tmp_path, "parquet")
    views = [n for n, k in export.relations(con) if k == "view"]
    assert sorted(p.name for p in files) == sorted(f"{n}.parquet" for n in TABLES + views)
    assert set(TABLES) <= {p.stem for p in files}


def test_parquet_round_trips_types_and_values(con, tmp_path):
    export.export(con, tmp_path, "parquet")
    back = duckdb.connect()
    for table in TABLES:
        want = con.execute(f"DESCRIBE {table}").fetchall()
        got = back.execute(f"DESCRIBE SELECT * FROM '{tmp_path / table}.parquet'").fetchall()
        assert [(c[0], c[1]) for c in got] == [(c[0], c[1]) for c in want], table
        order = "ALL"
        assert back.execute(f"SELECT * FROM '{tmp_path / table}.parquet' ORDER BY {order}").fetchall() == \
            con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall(), table
    # the arrow schema itself carries lists, nested lists, dates and timestamps
    schema = pq.read_schema(tmp_path / "sections.parquet")
    assert schema.field("page_spans").type == pa.list_(pa.list_(pa.int32()))
    schema = pq.read_schema(tmp_path / "reviews.parquet")
    assert schema.field("published").type == pa.date32()
    assert schema.field("source_paths").type == pa.list_(pa.string())
    assert pa.types.is_timestamp(schema.field("ingested_at").type)
    row = back.execute(f"SELECT published, source_paths FROM '{tmp_path}/reviews.parquet' "
                       f"WHERE review_id = '{fixture_db.A}'").fetchone()
    assert row == (date(2015, 3, 1), [f"/data/{fixture_db.A}.pdf"])
    spans = back.execute(f"SELECT page_spans FROM '{tmp_path}/sections.parquet' "
                         f"WHERE review_id = '{fixture_db.A}' AND section_id = 1").fetchone()[0]
    assert spans == [[fixture_db.A_FINDINGS.index("Child S was"), 2]]


def test_csv_has_header_and_list_text(con, tmp_path):
    export.export(con, tmp_path, "csv")
    with open(tmp_path / "recommendations.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["review_id"], r["number"], r["addressee_types"]) for r in rows] == [
        (fixture_db.A, "1", "[safeguarding_partnership]"), (fixture_db.A, "2", "[acute_hospital]"),
        (fixture_db.B, "R1", "[gp_primary_care, ambulance]")]
    assert (tmp_path / "ingest_errors.csv").read_text().strip() == \
        "source_path,sha256,stage,page_no,message,occurred_at,attempts,first_seen,pipeline_version"


def test_unknown_format_is_an_error(con, tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'xlsx' \\(parquet or csv\\)"):
        export.export(con, tmp_path, "xlsx")


def test_cli_export(tmp_path):
    db = tmp_path / "r.duckdb"
    fixture_db.build(db).close()
    res = CliRunner().invoke(app, ["export", str(tmp_path / "out"), "--format", "parquet", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "reviews.parquet").exists()
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path}/out/reviews.parquet'").fetchone() == (3,)


# ---------------------------------------------------------------- file names stay inside the folder

HOSTILE = ["../escape", "/tmp/abs_x", "a/b", "..", "a_b", "a:b", ".hidden", "ok"]


def _hostile_db():
    con = duckdb.connect()
    for i, name in enumerate(HOSTILE):
        con.execute(f"CREATE VIEW {export._quote_ident(name)} AS SELECT {i} AS i, '{name}' AS name")
    return con


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_safe_stems_are_plain_distinct_and_keep_safe_names():
    stems = export.file_stems(HOSTILE)
    assert stems == {"../escape": "___escape", "/tmp/abs_x": "_tmp_abs_x", "a/b": "a_b_2", "..": "__",
                     "a_b": "a_b", "a:b": "a_b_3", ".hidden": "_hidden", "ok": "ok"}
    assert export.file_stems(["Ab", "a-b", "a+b", "A+b"]) == {"Ab": "Ab", "a-b": "a-b", "a+b": "a_b",
                                                               "A+b": "A_b_2"}  # case-insensitive clash
    assert export.safe_stem("x" * 300) == "x" * 120
    assert export.safe_stem("é\n") == "__"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_hostile_relation_names_write_only_inside_the_folder(tmp_path, fmt):
    abs_target = Path(f"/tmp/abs_x.{fmt}")
    before = abs_target.stat().st_mtime_ns if abs_target.exists() else None
    root = tmp_path / "work"
    out = root / "deep" / "out"
    files = export.export(_hostile_db(), out, fmt)
    # every relation has its own file, all directly in the folder, and nothing else was written anywhere
    assert len(files) == len(HOSTILE) == len(set(files))
    assert all(p.parent == out.resolve() and not p.name.startswith(".") for p in files)
    assert _tree(root) == ["deep", "deep/out"] + sorted(f"deep/out/{p.name}" for p in files)
    assert (abs_target.stat().st_mtime_ns if abs_target.exists() else None) == before
    assert not (tmp_path / f"escape.{fmt}").exists() and not (root / "deep" / f"escape.{fmt}").exists()
    # each file holds its relation's row
    back = duckdb.connect()
    got = {back.execute(f"SELECT name FROM '{p}'").fetchone()[0]: p.name for p in files}
    assert got == {n: f"{s}.{fmt}" for n, s in export.file_stems(HOSTILE).items()}


def test_symlink_in_the_folder_is_not_followed_out(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside.parquet"
    out.mkdir()
    outside.write_text("keep me")
    (out / "ok.parquet").symlink_to(outside)
    with pytest.raises(ValueError, match="refusing to write relation 'ok' to .*outside the export folder"):
        export.export(_hostile_db(), out, "parquet")
    assert outside.read_text() == "keep me"


def test_target_that_is_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(NotADirectoryError, match="exists and is not a folder"):
        export.export(_hostile_db(), target, "csv")
    res = CliRunner().invoke(app, ["export", str(target), "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1 and res.stderr == (
        f"Error: {target} exists and is not a folder; give export a folder to write into (it is created if missing)\n")


def test_cli_export_of_hostile_names(tmp_path):
    db = tmp_path / "r.duckdb"
    con = duckdb.connect(str(db))
    for i, name in enumerate(HOSTILE):
        con.execute(f"CREATE VIEW {export._quote_ident(name)} AS SELECT {i} AS i")
    con.close()
    res = CliRunner().invoke(app, ["export", str(tmp_path / "out"), "--format", "csv", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert res.output == f"wrote {len(HOSTILE)} files to {tmp_path / 'out'}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{s}.csv" for s in export.file_stems(HOSTILE).values())
    assert _tree(tmp_path) == sorted(["r.duckdb", "out"] + [f"out/{s}.csv" for s in export.file_stems(HOSTILE).values()])
