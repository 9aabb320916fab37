"""The `scr` command: a thin typer layer over the library."""

from __future__ import annotations

import errno
import functools
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import duckdb
import typer

from .errors import shown
from .output import FORMATS as TEXT_FORMATS

app = typer.Typer(no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
                  help="Safeguarding review PDFs -> one DuckDB database.")

# readable=False: an unreadable database gets our one-line error, not click's usage box
DB = Annotated[Path, typer.Option("--db", help="DuckDB database file.", readable=False)]
DEFAULT_DB = Path("reviews.duckdb")

# Start-up: extract.ingest imports the whole pipeline (spaCy, pdfplumber ...), seconds of it, so only
# the commands that extract import it, inside the command; likewise report (Plotly) and store
# (pyarrow). Ingest's defaults are repeated here for the help text (tests/test_startup.py checks
# that they agree with extract.ingest's).
DEFAULT_TIMEOUT = 600.0
LOCK_WAIT = 3600.0


# ---------------------------------------------------------------- errors: one line each
#
# Every message is one line on stderr, "Error: ...", naming the thing (paths through
# ``shown``, so a newline or escape in a file name prints as \n or \x1b) and what to do.
# Usage errors (a bad option value) exit 2, everything else 1; no traceback.


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {shown(message)}", err=True)  # shown(): one line whatever the message holds
    raise typer.Exit(code)


def _usage(message: str) -> None:
    """A bad option or argument value: exit 2, like click's own usage errors."""
    _fail(message, 2)


def _first_line(e: BaseException) -> str:
    lines = [line for line in str(e).splitlines() if line.strip()]
    return lines[0].strip() if lines else type(e).__name__


_LOCK = re.compile(r"Could not set lock|Conflicting lock", re.I)
_PID = re.compile(r"\(PID (\d+)\)")


def _describe(e: Exception, db: Path | None) -> str:
    """One line for an error raised while opening or using the database (or writing a file)."""
    text = str(e)
    name = shown(db) if db is not None else None
    if name and _LOCK.search(text):
        pid = _PID.search(text)
        who = f"PID {pid.group(1)}, probably a running scr ingest" if pid else "probably a running scr ingest"
        return f"{name} is being written by another process ({who}); try again when it finishes"
    if name and "not a valid DuckDB database" in text:
        return (f"{name} is not a DuckDB database; point --db at a database written by `scr ingest` "
                "(or move this file aside)")
    if isinstance(e, duckdb.Error) and db is not None:
        if not db.parent.is_dir():
            return _no_folder(db)
        if "Permission denied" in text:
            return f"{name}: permission denied; check the permissions of the database and of its folder"
        if isinstance(e, duckdb.CatalogException):
            return f"{name}: {_first_line(e)}; is it a database written by `scr ingest`?"
        return f"{name}: {_first_line(e)}"
    if isinstance(e, OSError):
        target = shown(e.filename) if e.filename is not None else name or "file"
        hint = {errno.ENOENT: "; check the path (its folder must exist)",
                errno.EACCES: "; check the permissions of the file and its folder",
                errno.EPERM: "; check the permissions of the file and its folder",
                errno.EROFS: "; choose a writable place",
                errno.ENOSPC: "; free some space or choose another place",
                errno.EISDIR: "; give a file name, not a folder",
                errno.ENOTDIR: "; give a folder, not a file",
                errno.EEXIST: "; choose another name"}.get(e.errno or 0, "")
        return f"{target}: {(e.strerror or _first_line(e)).rstrip('.')}{hint}"
    return _first_line(e)


@contextmanager
def _errors(db: Path | None = None) -> Iterator[None]:
    """duckdb, OS and value errors -> one ``Error:`` line and exit 1 (typer.Exit passes through)."""
    try:
        yield
    except (duckdb.Error, OSError, ValueError) as e:
        if isinstance(e, BrokenPipeError):  # `scr sql ... | head`: typer exits quietly
            raise
        _fail(_describe(e, db))


def _guarded(fn):
    """Run a command inside ``_errors``, naming its --db (if it has one) in the messages."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with _errors(kwargs.get("db")):
            return fn(*args, **kwargs)

    return wrapper


def _no_folder(db: Path) -> str:
    return (f"{shown(db)}: the folder {shown(db.parent)} does not exist; create it "
            f"(mkdir -p {shown(db.parent)}) or choose another --db")


def _check_format(fmt: str, allowed) -> str:
    if fmt.lower() not in allowed:
        _usage(f"--format {fmt!r} is not a format; use one of {', '.join(allowed)}")
    return fmt.lower()


def _check_writable_db(db: Path) -> None:
    """Before writing: the folder exists and is writable, and --db is not a folder."""
    if db.is_dir():
        _fail(f"{shown(db)} is a folder; give --db a database file, e.g. {shown(db / 'reviews.duckdb')}")
    if not db.parent.is_dir():
        _fail(_no_folder(db))
    if not os.access(db.parent, os.W_OK | os.X_OK):
        _fail(f"{shown(db)}: the folder {shown(db.parent)} is not writable (DuckDB writes the database and its "
              ".wal file there); fix its permissions or choose another --db")
    if db.exists() and not os.access(db, os.R_OK | os.W_OK):
        _fail(f"{shown(db)}: the database is not writable; fix its permissions or choose another --db")


def _check_out_file(out: Path, option: str) -> None:
    """Before writing a file: it is not a folder and its folder exists."""
    if out.is_dir():
        _fail(f"{shown(out)} is a folder; give {option} a file name, e.g. {shown(out / 'report.html')}")
    if not out.parent.is_dir():
        _fail(f"{shown(out)}: the folder {shown(out.parent)} does not exist; create it or choose another {option}")


def _open_ro(db: Path, sandbox: bool = True, allow_dirs: list[Path] | None = None):
    """The database read-only; sandboxed (no file outside it reachable) unless ``sandbox`` is off."""
    if not db.exists():
        if not db.parent.is_dir():
            _fail(f"{shown(db)}: no such database (the folder {shown(db.parent)} does not exist); "
                  "check --db or run `scr ingest` first")
        _fail(f"{shown(db)}: no such database (run `scr ingest` first)")
    if db.is_dir():
        _fail(f"{shown(db)} is a folder, not a database; give --db the database file")
    from . import store  # with pyarrow: not needed by --help or query --list

    return store.connect(db, read_only=True, sandbox=sandbox, allow_dirs=allow_dirs or ())


ALLOW = Annotated[Optional[list[Path]], typer.Option(
    "--allow-files", help="A folder SQL may read and write files in (repeatable); without it SQL sees only --db.")]


# ---------------------------------------------------------------- commands


@app.command()
@_guarded
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively for *.pdf).",
                                                readable=False)],
    db: DB = DEFAULT_DB,
    workers: Annotated[Optional[int], typer.Option(help="Worker processes (default: CPU count; 0 = in-process).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-process files even if unchanged.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds one file may take before it is killed.")] = DEFAULT_TIMEOUT,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    shards: Annotated[Optional[Path], typer.Option(help="Write Parquet shards here instead of into --db.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr", help="OCR scans with no text layer (needs ocrmypdf + tesseract).")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Try again files that timed out before with the same bytes.")] = False,
    lock_wait: Annotated[float, typer.Option("--lock-wait", help="Seconds to wait for another process to let go of --db.")] = LOCK_WAIT,
    engine: Annotated[str, typer.Option(help="local (worker processes here) or dask (a dask.distributed cluster).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster).")] = None,
    reader: Annotated[Optional[str], typer.Option(help="pdfium (default: words and ruled tables from pypdfium2, about five times faster) or plumber (pdfplumber lays out every page), for comparison.")] = None,
):
    """Ingest review PDFs into the database; exits 1 if any file failed, the run stopped, or no
    PDF was found.

    Every input is counted once in the summary: ingested + unchanged + duplicate + failed +
    skipped (with reasons) = inputs. Readers (scr sql ...) may use the database meanwhile.
    Scans with no text layer are named at the end with how to OCR them (--ocr).

    Example: scr ingest corpora/sample --db reviews.duckdb
    """
    from . import ingest as ingest_mod
    from . import pdf

    if engine not in ingest_mod.ENGINES:
        _usage(f"--engine {engine!r} is not an engine; use {' or '.join(ingest_mod.ENGINES)}")
    if scheduler and engine != "dask":
        _usage("--scheduler needs --engine dask")
    if engine == "dask" and workers is not None and workers < 1:
        _usage("--workers must be 1 or more with --engine dask (0, in-process, is for the local engine)")
    if reader is not None:
        if reader not in pdf.READERS:
            _usage(f"--reader {reader!r} is not a reader; use {' or '.join(pdf.READERS)}")
        os.environ[pdf.READER_ENV] = reader  # the workers, forked or spawned from here, read with it

    _check_writable_db(db)
    no_text: list[tuple[str, tuple[str, ...]]] = []  # (path, warnings) of scans stored as no_text_layer

    def on_review(review) -> None:
        if review.status == "no_text_layer":
            no_text.append((review.document.source_path, review.document.warnings))

    try:
        s = ingest_mod.run(paths, db, workers=workers, force=force, timeout=timeout, quiet=quiet or json_out,
                           shards=shards, ocr=ocr, retry_failed=retry_failed,
                           lock_wait=lock_wait, on_review=on_review, engine=engine, scheduler=scheduler)
    except ingest_mod.EngineError as e:
        _fail(str(e))
    if not s.inputs:
        _fail(f"no PDF files found under {', '.join(shown(p) for p in paths)} (folders are searched "
              "recursively for *.pdf); check the path")
    _no_text_hints(no_text, paths, db, shards)  # before the summary, so the summary stays the last line
    if json_out:
        typer.echo(json.dumps(s.as_dict(), indent=2))
    else:
        typer.echo(s.line())
    if s.stopped:
        _fail(s.stopped)
    if s.failed:
        raise typer.Exit(1)


_HINTS_PER_FILE = 10  # more scans than this get one summary line instead of a line each


def _no_text_hints(no_text: list[tuple[str, tuple[str, ...]]], paths: list[Path], db: Path,
                   shards: Path | None) -> None:
    """On stderr: the scans stored with no text layer and how to OCR them (one line each, or one in all)."""
    from .ocr import HOW_TO

    if not no_text:
        return
    if len(no_text) <= _HINTS_PER_FILE:
        for path, warnings in no_text:
            hint = next((w for w in warnings if w == HOW_TO), "no text layer, even after OCR")
            typer.echo(f"{shown(path)}: {hint}", err=True)
        return
    import shlex

    again = " ".join(["scr", "ingest", *(shlex.quote(shown(p)) for p in paths), "--db", shlex.quote(shown(db)),
                      *(["--shards", shlex.quote(shown(shards))] if shards else []), "--ocr"])
    typer.echo(f"{len(no_text)} files have no text layer (status no_text_layer); to OCR them install "
               f"ocrmypdf and tesseract-ocr-eng (apt-get install ocrmypdf tesseract-ocr-eng) and run: {again}",
               err=True)


@app.command("load-shards")
@_guarded
def load_shards(shard_dir: Annotated[Path, typer.Argument(help="Folder written by `scr ingest --shards`.")],
                db: DB = DEFAULT_DB):
    """Load Parquet shards (one folder per review) into the database, one transaction per review.

    A folder that is missing or holds no shard is an error (exit 1), and no database is created.
    """
    if not shard_dir.is_dir():
        _fail(f"{shown(shard_dir)}: no such folder; give the folder written by `scr ingest --shards`")
    _check_writable_db(db)
    # a shard is <review_id>/reviews.parquet (store.load_shards skips anything else)
    if not any(p.is_dir() and not p.name.startswith(".") and (p / "reviews.parquet").is_file()
               for p in shard_dir.iterdir()):
        _fail(f"{shown(shard_dir)}: no shards here (no <review_id>/reviews.parquet); give the folder written "
              "by `scr ingest --shards`")
    from . import store

    con = store.connect(db)
    typer.echo(f"loaded {store.load_shards(con, shard_dir)} reviews from {shown(shard_dir)}")


@app.command()
@_guarded
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DB = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    allow_files: ALLOW = None,
):
    """Run SQL against the database, opened read-only and sandboxed: no file outside the
    database can be read or written (COPY, ATTACH, read_csv ...) unless --allow-files names its folder.
    --format gives an aligned table (the default), csv, json or markdown (a Markdown table to paste
    into notes).

    Example: scr sql "select title, review_type from reviews" --format markdown
    """
    from .output import render

    fmt = _check_format(fmt, TEXT_FORMATS)
    if not query.strip(" \t\r\n;"):
        _usage(_EMPTY_SQL)
    con = _open_ro(db, allow_dirs=allow_files)
    try:
        cur = con.execute(query)
    except duckdb.Error as e:
        if _LOCK.search(str(e)):
            raise
        _fail(f"SQL: {_sql_error(e)}")
    if cur is None:  # only comments
        _usage(_EMPTY_SQL)
    cols = [d[0] for d in cur.description] if cur.description else []
    typer.echo(render(cols, cur.fetchall(), fmt))


@app.command()
@_guarded
def show(review_id: Annotated[str, typer.Argument(help="review_id (or a unique prefix).")], db: DB = DEFAULT_DB,
         json_out: Annotated[bool, typer.Option("--json", help="Print the same as one JSON object.")] = False):
    """Print a review's metadata, its section tree with page ranges, its findings, its recommendations
    with their addressees, the themes it raises and the first and last events of its timeline."""
    from .output import review_json, review_record, section_tree

    con = _open_ro(db)
    rid = _one_review(con, review_id)
    typer.echo(review_json(review_record(con, rid)) if json_out else section_tree(con, rid))


_EMPTY_SQL = 'empty SQL: give a statement, e.g. scr sql "select count(*) from reviews"'


def _sql_error(e: Exception) -> str:
    """DuckDB's first line, and its 'Did you mean ...' hint when it gives one."""
    lines = [line.strip() for line in str(e).splitlines() if line.strip()]
    hint = next((line for line in lines[1:] if line.startswith("Did you mean")), None)
    return " ".join(filter(None, [lines[0] if lines else type(e).__name__, hint]))


def _one_review(con, prefix: str) -> str:
    rows = con.execute("SELECT review_id FROM reviews WHERE review_id LIKE ? || '%'", [prefix]).fetchall()
    if len(rows) != 1:
        _fail(f"{prefix}: no review matches; list them with scr sql \"select review_id, title from reviews\""
              if not rows else f"{prefix}: more than one review matches; give a longer prefix")
    return rows[0][0]


@app.command()
@_guarded
def timeline(review_id: Annotated[str, typer.Argument(help="review_id (or a unique prefix).")], db: DB = DEFAULT_DB,
             fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table"):
    """Print a review's case chronology: events in date order, with interval, agencies and page."""
    from .output import render

    fmt = _check_format(fmt, TEXT_FORMATS)
    con = _open_ro(db)
    rid = _one_review(con, review_id)
    cur = con.execute("SELECT seq, earliest, latest, date_text, event_type, agencies, people, page_no, sentence "
                      "FROM timeline WHERE review_id = ? ORDER BY seq", [rid])
    typer.echo(render([d[0] for d in cur.description], cur.fetchall(), fmt, width=90))


@app.command()
@_guarded
def timeml(
    file: Annotated[Path, typer.Argument(help="A plain-text file to tag.", readable=False)],
    dct: Annotated[Optional[str], typer.Option(help="Document creation time, YYYY-MM-DD.")] = None,
):
    """Write FILE annotated in TimeML (TIMEX3 tags, TempEval-3 format) to stdout."""
    from datetime import date

    from . import timex

    try:
        when = date.fromisoformat(dct) if dct else None
    except ValueError as e:
        _usage(f"--dct {dct!r} is not a date ({e}); give it as YYYY-MM-DD, e.g. 2015-03-01")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        _fail(f"{shown(file)}: not UTF-8 text (byte {e.start}); convert it to UTF-8 first")
    except OSError as e:
        _fail(f"{shown(file)}: cannot read: {e.strerror or e}")
    typer.echo(timex.to_timeml(text, timex.annotate(text, when), when, docid=file.stem))


def _check_theme(theme: str | None) -> str | None:
    """A --theme code upper-cased, or a usage error when models/themes.yaml has no such code."""
    if not theme:
        return None
    from .queries import theme_codes

    theme = theme.upper()
    if theme not in theme_codes():
        _usage(f"--theme {theme!r} is not a theme code of models/themes.yaml")
    return theme


@app.command()
@_guarded
def search(
    text: Annotated[str, typer.Argument(help='Words to find, all of them (ranked by BM25); "quoted phrases" word for word.')],
    db: DB = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many hits.")] = 20,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    any_: Annotated[bool, typer.Option("--any", help="Hits with any of the words, not all.")] = False,
    review_type: Annotated[Optional[str], typer.Option("--type", help="Only reviews of this type (SCR, LCSPR, DHR, SAR, PFD, national).")] = None,
    year_from: Annotated[Optional[int], typer.Option("--from", "--since", help="Only reviews published in or after this year.")] = None,
    year_to: Annotated[Optional[int], typer.Option("--to", "--until", help="Only reviews published in or before this year.")] = None,
    theme: Annotated[Optional[str], typer.Option("--theme", help="Only reviews tagged with this theme code (C03, P02 ...).")] = None,
):
    """Search findings, recommendations and sections; every hit names its review, section and page.

    Every word must occur in a hit (--any for any of them); a phrase in double quotes must occur word
    for word; a word with a leading minus must not occur (-police). Example: scr search '"professional curiosity"' --type SCR --from 2014
    """
    from .output import render
    from .search import search as run_search

    fmt = _check_format(fmt, TEXT_FORMATS)
    theme = _check_theme(theme)
    hits = run_search(_open_ro(db), text, limit, match="any" if any_ else "all", review_type=review_type,
                      year_from=year_from, year_to=year_to, theme=theme)
    for h in hits:  # the review by name, not by hash: "SCR 2014: Serious Case Review Child C"
        h["review"] = " ".join(x for x in (h.get("review_type"), str(h["year"]) if h.get("year") else None) if x) \
            + (": " if h.get("review_type") or h.get("year") else "") + (h.get("title") or h["review_id"])
    if fmt in ("table", "markdown"):  # for a reader the matches are marked: "**domestic** **abuse**"
        from .search import mark, query_tokens

        terms = query_tokens(text)
        for h in hits:
            h["snippet"] = mark(h["snippet"], terms)
    cols = ["score", "review", "kind", "section", "page", "heading", "snippet"]
    typer.echo(render(cols, [[h[c] for c in cols] for h in hits], fmt, width=70))


@app.command()
@_guarded
def query(
    name: Annotated[Optional[str], typer.Argument(help="Query name (see --list).")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", help="name=value (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the query library.")] = False,
    db: DB = DEFAULT_DB,
    allow_files: ALLOW = None,
):
    """Run a named query from the library (queries/*.sql), or list them.

    Example: scr query theme_pair_reviews --param theme_b=C07 --format markdown
    """
    from . import queries
    from .output import render

    fmt = _check_format(fmt, TEXT_FORMATS)
    try:
        if list_:
            typer.echo(render(["name", "params", "description"], [
                (q.name, ", ".join(f"{k}={v}" for k, v in q.params.items()), q.description)
                for q in queries.list_queries()], fmt, width=200))
            return
        if not name:
            _fail("give a query name or --list")
        cols, rows = queries.run_query(_open_ro(db, allow_dirs=allow_files), name, queries.parse_params(param))
    except queries.ParamError as e:  # e.g. an unknown theme code: a usage error, not an empty result
        _usage(str(e))
    except queries.QueryError as e:
        _fail(str(e))
    typer.echo(render(cols, rows, fmt))


@app.command()
@_guarded
def report(
    db: DB = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    review_type: Annotated[Optional[str], typer.Option("--type", help="Only reviews of this type (SCR, LCSPR, DHR, SAR, PFD, national).")] = None,
    since: Annotated[Optional[int], typer.Option("--since", help="Only reviews published in or after this year.")] = None,
    until: Annotated[Optional[int], typer.Option("--until", help="Only reviews published in or before this year.")] = None,
    theme: Annotated[Optional[str], typer.Option("--theme", help="Only reviews raising this theme code as a concern (C03, P02 ...).")] = None,
):
    """Write a self-contained HTML report (charts + evidence tables linking to review, section, page).

    Example: scr report --db reviews.duckdb --out report.html --type LCSPR --since 2019
    """
    from . import report as report_mod

    _check_out_file(out, "--out")
    theme = _check_theme(theme)
    con = _open_ro(db)
    if any(v is not None for v in (review_type, since, until, theme)) and \
            not report_mod.matching_reviews(con, review_type, since, until, theme):
        _fail(f"no review in {shown(db)} passes --type/--since/--until/--theme; nothing to report")
    seconds = report_mod.write(con, out, review_type=review_type, since=since, until=until, theme=theme)
    typer.echo(f"wrote {shown(out)} ({out.stat().st_size // 1024} KiB in {seconds:.1f} s)")


@app.command()
@_guarded
def export(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write one file per table/view into.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: DB = DEFAULT_DB,
):
    """Export every table and view as Parquet (types kept) or CSV.

    Example: scr export --format parquet exports/
    """
    from . import export as export_mod

    fmt = _check_format(fmt, tuple(export_mod.FORMATS))
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{shown(out_dir)} exists and is not a folder; give export a folder to write into "
              "(it is created if missing)")
    written = export_mod.export(_open_ro(db, sandbox=False), out_dir, fmt)  # it writes only in out_dir
    typer.echo(f"wrote {len(written)} files to {shown(out_dir)}")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # python -m extract.cli
    app()
