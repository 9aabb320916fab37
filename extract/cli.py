"""The `scr` command: a thin typer layer over the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import ingest as ingest_mod
from . import store

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
                  help="Safeguarding review PDFs -> one DuckDB database.")

DB = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
DEFAULT_DB = Path("reviews.duckdb")


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _open_ro(db: Path):
    if not db.exists():
        _fail(f"{db}: no such database (run `scr ingest` first)")
    return store.connect(db, read_only=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively for *.pdf).")],
    db: DB = DEFAULT_DB,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes (default: CPU count; 0 = in-process).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-process files even if unchanged.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take before it is killed.")] = ingest_mod.DEFAULT_TIMEOUT,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    shards: Annotated[Optional[Path], typer.Option(help="Write Parquet shards here instead of into --db.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="OCR scans with no text layer (needs ocrmypdf + tesseract).")] = False,
):
    """Ingest review PDFs into the database; exits 1 if any file failed.

    Example: scr ingest corpora/sample --db reviews.duckdb
    """
    s = ingest_mod.run(paths, db, workers=workers, force=force, timeout=timeout, quiet=quiet or json_out,
                       shards=shards, ocr=ocr)
    if json_out:
        typer.echo(json.dumps(s.as_dict(), indent=2))
    else:
        typer.echo(f"ingested {s.ingested}, skipped unchanged {s.skipped}, failed {s.failed}"
                   f" ({s.pages} pages in {s.wall:.1f} s, {s.pages_per_s:.1f} pages/s)")
    if s.failed:
        raise typer.Exit(1)


@app.command("load-shards")
def load_shards(shard_dir: Annotated[Path, typer.Argument(help="Folder written by `scr ingest --shards`.")],
                db: DB = DEFAULT_DB):
    """Load Parquet shards (one folder per review) into the database, one transaction per review."""
    if not shard_dir.is_dir():
        _fail(f"{shard_dir}: no such folder")
    con = store.connect(db)
    typer.echo(f"loaded {store.load_shards(con, shard_dir)} reviews from {shard_dir}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DB = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
):
    """Run SQL against the database, opened read-only.

    Example: scr sql "select title, review_type from reviews"
    """
    from .output import render

    con = _open_ro(db)
    try:
        cur = con.execute(query)
    except Exception as e:
        _fail(str(e).splitlines()[0])
    cols = [d[0] for d in cur.description] if cur.description else []
    typer.echo(render(cols, cur.fetchall(), fmt))


@app.command()
def show(review_id: Annotated[str, typer.Argument(help="review_id (or a unique prefix).")], db: DB = DEFAULT_DB):
    """Print a review's metadata and section tree with page ranges."""
    from .output import section_tree

    con = _open_ro(db)
    typer.echo(section_tree(con, _one_review(con, review_id)))


def _one_review(con, prefix: str) -> str:
    rows = con.execute("SELECT review_id FROM reviews WHERE review_id LIKE ? || '%'", [prefix]).fetchall()
    if len(rows) != 1:
        _fail(f"{prefix}: {'no' if not rows else 'more than one'} review matches")
    return rows[0][0]


@app.command()
def timeline(review_id: Annotated[str, typer.Argument(help="review_id (or a unique prefix).")], db: DB = DEFAULT_DB,
             fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table"):
    """Print a review's case chronology: events in date order, with interval, agencies and page."""
    from .output import render

    con = _open_ro(db)
    rid = _one_review(con, review_id)
    cur = con.execute("SELECT seq, earliest, latest, date_text, event_type, agencies, people, page_no, sentence "
                      "FROM timeline WHERE review_id = ? ORDER BY seq", [rid])
    typer.echo(render([d[0] for d in cur.description], cur.fetchall(), fmt, width=90))


@app.command()
def timeml(
    file: Annotated[Path, typer.Argument(help="A plain-text file to tag.")],
    dct: Annotated[Optional[str], typer.Option(help="Document creation time, YYYY-MM-DD.")] = None,
):
    """Write FILE annotated in TimeML (TIMEX3 tags, TempEval-3 format) to stdout."""
    from datetime import date

    from . import timex

    try:
        when = date.fromisoformat(dct) if dct else None
        text = file.read_text(encoding="utf-8")
    except (ValueError, OSError) as e:
        _fail(f"{file}: {e}")
    typer.echo(timex.to_timeml(text, timex.annotate(text, when), when, docid=file.stem))


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (ranked by BM25).")],
    db: DB = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many hits.")] = 20,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
):
    """Search findings, recommendations and sections; every hit names its review, section and page.

    Example: scr search "professional curiosity"
    """
    from .output import render
    from .search import search as run_search

    hits = run_search(_open_ro(db), text, limit)
    cols = ["score", "review_id", "kind", "section", "page", "heading", "snippet"]
    typer.echo(render(cols, [[h[c] for c in cols] for h in hits], fmt, width=70))


@app.command()
def query(
    name: Annotated[Optional[str], typer.Argument(help="Query name (see --list).")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", help="name=value (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the query library.")] = False,
    db: DB = DEFAULT_DB,
):
    """Run a named query from the library (queries/*.sql), or list them.

    Example: scr query theme_pair_reviews --param theme_b=C07 --format markdown
    """
    from . import queries
    from .output import render

    try:
        if list_:
            typer.echo(render(["name", "params", "description"], [
                (q.name, ", ".join(f"{k}={v}" for k, v in q.params.items()), q.description)
                for q in queries.list_queries()], fmt, width=200))
            return
        if not name:
            _fail("give a query name or --list")
        cols, rows = queries.run_query(_open_ro(db), name, queries.parse_params(param))
    except queries.QueryError as e:
        _fail(str(e))
    typer.echo(render(cols, rows, fmt))


@app.command()
def report(
    db: DB = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
):
    """Write a self-contained HTML report (charts + evidence tables linking to review, section, page).

    Example: scr report --db reviews.duckdb --out report.html
    """
    from . import report as report_mod

    seconds = report_mod.write(_open_ro(db), out)
    typer.echo(f"wrote {out} ({out.stat().st_size // 1024} KiB in {seconds:.1f} s)")


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write one file per table/view into.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: DB = DEFAULT_DB,
):
    """Export every table and view as Parquet (types kept) or CSV.

    Example: scr export --format parquet exports/
    """
    from . import export as export_mod

    try:
        written = export_mod.export(_open_ro(db), out_dir, fmt)
    except ValueError as e:
        _fail(str(e))
    typer.echo(f"wrote {len(written)} files to {out_dir}")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # python -m extract.cli
    app()
