import json
from pathlib import Path

import duckdb
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from extract.cli import app

runner = CliRunner()

PARA = ("Mother S registered with the GP surgery in early summer 2010 and informed the practice nurse "
        "that she was pregnant; no concerns were recorded at that appointment.")


def review_pdf(path: Path, title: str = "Serious Case Review concerning Child S") -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 700, title)
    c.setFont("Helvetica", 12)
    c.drawString(72, 660, "Northshire Local Safeguarding Children Board")
    c.showPage()
    for n in range(2, 4):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, 760, f"{n - 1}. Section heading {n - 1}")
        c.setFont("Helvetica", 11)
        for i in range(12):
            c.drawString(72, 730 - 14 * i, PARA[:90] if i % 2 == 0 else PARA[90:])
        c.setFont("Helvetica", 9)
        c.drawString(280, 40, f"Page {n} of 3")
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A page that is only a picture: no text layer."""
    from reportlab.lib.utils import ImageReader
    import io, zlib, struct

    # an 8x8 grey PNG made by hand, so no imaging library is needed
    raw = b"".join(b"\x00" + bytes([128] * 8) for _ in range(8))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(png)), 50, 50, 495, 742)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reviews with spaces"
    d.mkdir()
    review_pdf(d / "child-s.pdf")
    review_pdf(d / "dhr-é.pdf", "Domestic Homicide Review into the death of 'Sarah'")
    return d


def test_ingest_sql_show_and_rerun_is_noop(folder, tmp_path):
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "0", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("ingested 2, unchanged 0, duplicate 0, failed 0, skipped 0 of 2 inputs (6 pages in ")
    res = runner.invoke(app, ["sql", "select review_type, subject, page_count from reviews order by 1", "--db",
                              str(db), "--format", "csv"])
    assert res.output == "review_type,subject,page_count\nDHR,Sarah,3\nSCR,Child S,3\n"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "0", "--json"])
    assert json.loads(res.output)["unchanged"] == 2 and res.exit_code == 0
    rid = duckdb.connect(str(db), read_only=True).execute(
        "select review_id from reviews where review_type = 'SCR'").fetchone()[0]
    res = runner.invoke(app, ["show", rid[:6], "--db", str(db)])
    assert res.exit_code == 0
    assert res.output.splitlines()[4:6] == ["1 Section heading 1  [p2]", "2 Section heading 2  [p3]"]
    assert res.output.splitlines()[6:8] == ["", "timeline (12 events, 12 dated; scr timeline for all):"]


def test_bad_inputs_fail_one_line_each_and_batch_goes_on(folder, tmp_path):
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("Panel minutes, not a PDF\n")
    good = (folder / "child-s.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 2])
    scanned_pdf(folder / "scan.pdf")
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert res.exit_code == 1
    errors = [l for l in res.output.splitlines() if l.startswith(str(folder))]
    assert f"{folder}/empty.pdf: read: empty file (0 bytes)" in errors
    assert f"{folder}/notes.pdf: read: not a PDF (no %PDF- header; starts with 'Panel minutes, n')" in errors
    assert any(l.startswith(f"{folder}/truncated.pdf: ") for l in errors)
    assert res.output.splitlines()[-1].startswith("ingested 3, unchanged 0, duplicate 0, failed 3, skipped 0 of 6 inputs")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select status from reviews where source_path like '%scan.pdf'").fetchone() == ("no_text_layer",)
    assert sorted(r[0].rsplit("/", 1)[1] for r in con.execute("select source_path from ingest_errors").fetchall()) == [
        "empty.pdf", "notes.pdf", "truncated.pdf"]


def test_duplicate_files_are_one_review_with_both_paths(folder, tmp_path):
    (folder / "copy of child-s.pdf").write_bytes((folder / "child-s.pdf").read_bytes())
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "0", "--quiet"])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(db), read_only=True)
    paths = con.execute("select source_paths from reviews where review_type = 'SCR'").fetchone()[0]
    assert sorted(Path(p).name for p in paths) == ["child-s.pdf", "copy of child-s.pdf"]


def test_sql_errors_and_missing_database(tmp_path):
    res = runner.invoke(app, ["sql", "select 1", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1
    assert res.output == f"Error: {tmp_path / 'none.duckdb'}: no such database (run `scr ingest` first)\n"


def test_shards_round_trip_into_database(folder, tmp_path):
    shards, db, direct = tmp_path / "shards", tmp_path / "from-shards.duckdb", tmp_path / "direct.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "errors.duckdb"), "--shards", str(shards),
                              "--workers", "0", "--quiet"])
    assert res.exit_code == 0, res.output
    assert len([p for p in shards.iterdir() if p.is_dir()]) == 2
    res = runner.invoke(app, ["load-shards", str(shards), "--db", str(db)])
    assert res.output == f"loaded 2 reviews from {shards}\n"
    runner.invoke(app, ["ingest", str(folder), "--db", str(direct), "--workers", "0", "--quiet"])
    q = "select review_id, title, review_type from reviews order by 1"
    a = duckdb.connect(str(db), read_only=True)
    b = duckdb.connect(str(direct), read_only=True)
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    q = "select review_id, section_id, number, title, text from sections order by 1, 2"
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    # a second run over the same files skips both: the shards are current
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "errors.duckdb"), "--shards", str(shards),
                              "--workers", "0", "--json"])
    assert json.loads(res.output)["unchanged"] == 2


def test_timeml_writes_tempeval_tags(tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("Child S was born in the early winter of 2010. He was discharged the following day.\n")
    res = runner.invoke(app, ["timeml", str(f), "--dct", "2015-03-01"])
    assert res.exit_code == 0
    assert ('<TIMEX3 tid="t1" type="DATE" value="2010-WI" mod="START" functionInDocument="NONE">'
            'the early winter of 2010</TIMEX3>') in res.output
    assert res.output.startswith("<?xml")
    res = runner.invoke(app, ["timeml", str(f), "--dct", "March 2015"])
    assert res.exit_code == 2 and res.output.startswith("Error: --dct 'March 2015' is not a date (Invalid isoformat string")


def test_timeline_and_search_name_their_pages(tmp_path):
    pdf = review_pdf(tmp_path / "scr.pdf")
    db = tmp_path / "r.duckdb"
    assert runner.invoke(app, ["ingest", str(pdf), "--db", str(db), "--workers", "0", "--quiet"]).exit_code == 0
    rid = duckdb.connect(str(db), read_only=True).execute("select review_id from reviews").fetchone()[0]
    res = runner.invoke(app, ["timeline", rid, "--db", str(db), "--format", "csv"])
    rows = res.output.splitlines()
    assert rows[0] == "seq,earliest,latest,date_text,event_type,agencies,people,page_no,sentence"
    assert rows[1].startswith("1,2010-06-01,2010-06-30,early summer 2010,contact,GP Practice,Mother S,2,")
    res = runner.invoke(app, ["search", "practice nurse pregnant", "--any", "--db", str(db), "--format", "csv"])
    assert res.exit_code == 0
    first = res.output.splitlines()[1]
    assert first.split(",")[2:5] == ["section", "1", "2"] and rid not in first  # the review by name


# ---------------------------------------------------------------- scans, OCR and help (issue 14)


def test_sql_help_names_the_markdown_format():
    res = runner.invoke(app, ["sql", "--help"])
    assert res.exit_code == 0
    assert "markdown (a Markdown table" in res.output
    assert 'scr sql "select title, review_type from reviews" --format markdown' in res.output


def test_ingest_prints_the_ocr_hint_for_a_scan(tmp_path):
    from extract import ocr

    d = tmp_path / "in"
    d.mkdir()
    scan = scanned_pdf(d / "scan.pdf")
    review_pdf(d / "child-s.pdf")
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--workers", "0", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stderr == f"{scan}: {ocr.HOW_TO}\n"  # the hint stored in reviews.warnings, printed
    assert res.stdout.startswith("ingested 2, unchanged 0")
    stored = duckdb.connect(str(db), read_only=True).execute(
        "select warnings from reviews where status = 'no_text_layer'").fetchone()[0]
    assert ocr.HOW_TO in stored
    res = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--workers", "0", "--json"])
    assert json.loads(res.stdout)["unchanged"] == 2  # a rerun without --ocr: nothing to redo, nothing to say
    assert res.stderr == ""


def test_many_scans_get_one_summary_line(tmp_path, monkeypatch):
    monkeypatch.setattr("extract.cli._HINTS_PER_FILE", 1)
    d = tmp_path / "in"
    d.mkdir()
    base = scanned_pdf(d / "scan-1.pdf").read_bytes()
    (d / "scan-2.pdf").write_bytes(base + b"\n% another scan\n")  # other bytes: not a duplicate
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--workers", "0", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stderr == ("2 files have no text layer (status no_text_layer); to OCR them install ocrmypdf and "
                          "tesseract-ocr-eng (apt-get install ocrmypdf tesseract-ocr-eng) and run: "
                          f"scr ingest {d} --db {db} --ocr\n")


def test_ocr_reprocesses_a_scan_stored_without_it(tmp_path):
    """--ocr changes the result for a no_text_layer scan, so it is not 'unchanged' (no --force needed)."""
    from extract import ocr

    d = tmp_path / "in"
    d.mkdir()
    scanned_pdf(d / "scan.pdf")
    review_pdf(d / "child-s.pdf")
    db = tmp_path / "r.duckdb"

    def ingest(*extra):
        res = runner.invoke(app, ["ingest", str(d), "--db", str(db), "--workers", "0", "--json", *extra])
        return json.loads(res.stdout)

    assert ingest()["ingested"] == 2
    assert ingest()["unchanged"] == 2
    s = ingest("--ocr")  # the scan is OCRed (or fails saying how to install the tools); the text PDF is current
    assert s["unchanged"] == 1 and s["ingested"] + s["failed"] == 1, s
    con = duckdb.connect(str(db), read_only=True)
    status, warnings = con.execute("select status, warnings from reviews where source_path like '%scan.pdf'").fetchone()
    con.close()
    if s["ingested"]:  # OCR ran: its result is stored, and it is current for the next --ocr run
        assert ocr.HOW_TO not in warnings and "text from OCR (ocrmypdf/tesseract)" in warnings, (status, warnings)
        assert ingest("--ocr")["unchanged"] == 2
    else:  # OCR failed: the scan keeps its earlier row and is tried again next time
        assert s["errors"][0].endswith(f"scan.pdf: ocr: {ocr.HOW_TO}") or "ocrmypdf failed" in s["errors"][0]
        assert status == "no_text_layer" and ocr.HOW_TO in warnings
        assert ingest("--ocr")["unchanged"] == 1
    assert ingest()["unchanged"] == 2  # without --ocr both are current


def test_ocr_reprocesses_a_scan_written_as_a_shard_without_it(tmp_path):
    """The same for --shards: a shard of a no_text_layer scan is not current for a run with --ocr."""
    from extract import store

    d, shards = tmp_path / "in", tmp_path / "shards"
    d.mkdir()
    scanned_pdf(d / "scan.pdf")
    review_pdf(d / "child-s.pdf")

    def ingest(*extra):
        res = runner.invoke(app, ["ingest", str(d), "--db", str(tmp_path / "r.duckdb"), "--shards", str(shards),
                                  "--workers", "0", "--json", *extra])
        return json.loads(res.stdout)

    assert ingest()["ingested"] == 2 and ingest()["unchanged"] == 2
    assert len(store.current_shards(shards)) == 2 and len(store.current_shards(shards, ocr=True)) == 1
    s = ingest("--ocr")  # OCRed (or failed saying how); the text PDF's shard is current
    assert s["unchanged"] == 1 and s["ingested"] + s["failed"] == 1, s
    assert ingest()["unchanged"] == 2


def test_ocr_rerun_reads_a_real_scan(tmp_path):
    """With the tools installed: the scan stored as no_text_layer is OCRed by a plain --ocr rerun."""
    import shutil

    from test_ocr import scan_of

    from extract import ocr

    if not (ocr.available() and shutil.which("gs")):
        pytest.skip("ocrmypdf, tesseract and ghostscript are not installed (apt-get install ocrmypdf)")
    scan = scan_of(tmp_path)
    db = tmp_path / "r.duckdb"

    def ingest(*extra):
        res = runner.invoke(app, ["ingest", str(scan), "--db", str(db), "--workers", "0", "--json", *extra])
        return json.loads(res.stdout)

    assert ingest()["no_text_layer"] == 1
    s = ingest("--ocr")
    assert s["ingested"] == 1 and s["unchanged"] == 0, s
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select status, title from reviews").fetchall() == [
        ("ocr", "Serious Case Review concerning Child T")]
    con.close()
    assert ingest("--ocr")["unchanged"] == 1  # OCR was applied: current now, with or without --ocr
    assert ingest()["unchanged"] == 1


def test_search_names_reviews_filters_and_checks_the_theme(tmp_path):
    from extract import CORPORA_DIR, ingest
    db = tmp_path / "r.duckdb"
    ingest.run([CORPORA_DIR / "sample/lcspr-2021-child-q.pdf", CORPORA_DIR / "sample/scr-2014-child-c.pdf"],
               db, workers=0, quiet=True)
    import json
    res = runner.invoke(app, ["search", '"not brought"', "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {r["review"].split(":")[0] for r in rows} == {"LCSPR 2021", "SCR 2015"}  # type and year, not a hash
    assert all('not brought' in r["snippet"].lower() for r in rows)  # JSON keeps the snippet plain
    res = runner.invoke(app, ["search", '"not brought"', "--db", str(db), "--format", "markdown"])
    assert "**brought**" in res.output  # a reader sees the match marked
    res = runner.invoke(app, ["search", '"not brought"', "--type", "SCR", "--db", str(db), "--format", "json"])
    assert {r["review"].split(":")[0] for r in json.loads(res.output)} == {"SCR 2015"}
    res = runner.invoke(app, ["search", '"not brought"', "--to", "2016", "--db", str(db), "--format", "json"])
    assert {r["review"].split(":")[0] for r in json.loads(res.output)} == {"SCR 2015"}
    res = runner.invoke(app, ["search", "brought", "--theme", "Z99", "--db", str(db)])
    assert res.exit_code == 2 and "not a theme code" in res.output


def test_show_lists_findings_recommendations_addressees_and_themes(tmp_path):
    from extract import CORPORA_DIR, ingest
    db = tmp_path / "r.duckdb"
    ingest.run([CORPORA_DIR / "sample/pfd-2022-regulation-28.pdf"], db, workers=0, quiet=True)
    rid = duckdb.connect(str(db), read_only=True).execute("select review_id from reviews").fetchone()[0]
    res = runner.invoke(app, ["show", rid[:6], "--db", str(db)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "coroner: Catherine Moreland   area: Northshire   deceased: Tyler James Brookes" in out
    assert "findings (8):" in out and "  concern 1 [p3]: " in out
    assert "recommendations (1):" in out and "Northshire Constabulary (Police)" in out
    assert "themes raised (concern tags):" in out and "(H04) x" in out
    assert "timeline (" in out and "\n  first: " in out
    # --json: the same, as one object
    res = runner.invoke(app, ["show", rid[:6], "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)
    assert (rec["review_id"], rec["coroner"], rec["deceased"]) == (rid, "Catherine Moreland", "Tyler James Brookes")
    assert len(rec["findings"]) == 8 and rec["findings"][0]["kind"] == "concern"
    assert rec["recommendations"][0]["addressee_types"] and rec["sections"][0]["page_start"] == 1
    assert any(t["code"] == "H04" for t in rec["themes"])
    tl = rec["timeline"]
    assert tl["dated"] <= tl["events"] and tl["first"]["earliest"] <= tl["last"]["earliest"]
    assert f"  first: {tl['first']['earliest']}" in out
