import csv
from datetime import date, datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import fixture_db
from extract import export, store
from extract.cli import app

TABLES = ["agencies", "events", "findings", "ingest_errors", "mentions", "pages", "people", "recommendations",
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
        "source_path,sha256,stage,page_no,message,occurred_at"


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
