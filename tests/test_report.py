import dataclasses
import html
import json
import os
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fixture_db
from extract import report, store
from extract.cli import app
from extract.report import NO_AGENCY, UNKNOWN_TYPE, Ref

A, B, C = fixture_db.A, fixture_db.B, fixture_db.C
CHARTS = ["chart-overview", "chart-themes", "chart-cooccurrence", "chart-agencies", f"chart-timeline-{A}",
          f"chart-timeline-{B}"]


@pytest.fixture(scope="module")
def con():
    return fixture_db.build()


@pytest.fixture(scope="module")
def page(con):
    return report.build(con)


def test_overview_counts_reviews_by_year_and_type(con):
    assert [(r.key, r.count, [x.review_id for x in r.refs]) for r in report.overview(con)] == [
        ((2015, "SCR"), 1, [A]), ((2019, "DHR"), 1, [B]), ((2021, "LCSPR"), 1, [C])]


def test_theme_counts_are_reviews_with_their_places(con):
    rows = report.theme_counts(con)
    assert [(r.key, r.count) for r in rows] == [("C01", 3), ("C07", 2), ("P01", 1)]
    bare = lambda refs: [dataclasses.replace(r, evidence="") for r in refs]  # noqa: E731
    assert bare(rows[0].refs) == [Ref(A, 1, 1, "narrative"), Ref(B, 1, 2, "finding"), Ref(C, 1, 1, "narrative")]
    assert bare(rows[1].refs) == [Ref(A, 1, 2, "narrative"), Ref(C, 1, 1, "narrative")]  # C's two C07 tags: one place
    assert all(r.evidence for r in rows[0].refs)  # the sentence behind each place, shown on hover


def test_good_practice_is_counted_apart(con, page):
    assert "P02" not in [r.key for r in report.theme_counts(con)]
    good = report.theme_counts(con, "good_practice")
    assert [(r.key, r.count, [x.review_id for x in r.refs]) for r in good] == [("P02", 1, [B])]
    assert 'id="g-p02"' in page.lower() and 'id="t-p02"' not in page.lower()
    with pytest.raises(ValueError):
        report.theme_counts(con, "praise")


def test_cooccurrence_matrix_agrees_with_the_view(con):
    codes, matrix, pairs = report.cooccurrence(con)
    assert codes == ["C01", "C07", "P01"]
    assert matrix == [[3, 2, 1], [2, 2, 1], [1, 1, 1]]
    assert pairs[("C01", "C07")] == [A, C]
    view = con.execute("SELECT theme_a, theme_b, reviews FROM theme_cooccurrence").fetchall()
    assert sorted(view) == sorted((a, b, len(ids)) for (a, b), ids in pairs.items() if a != b)


def test_agency_types_in_findings_good_practice_and_recommendations(con):
    rows = {r.key: r.extra for r in report.agency_types(con)}
    assert {k: (v["findings"], v["good_practice"], v["recommendations"]) for k, v in rows.items()} == {
        "acute_hospital": (2, 1, 1), "police": (2, 0, 0), "gp_primary_care": (1, 0, 1), "ambulance": (0, 0, 1),
        "safeguarding_partnership": (0, 0, 1), "health_visiting": (0, 1, 0)}
    assert rows["acute_hospital"]["finding_refs"] == [Ref(A, 1, 1, "finding 4.2.1"), Ref(A, 1, 2, "learning 4.2.2")]
    assert rows["acute_hospital"]["rec_refs"] == [Ref(A, 3, 3, "recommendation 2")]
    assert [r.key for r in report.agency_types(con)][:2] == ["acute_hospital", "gp_primary_care"]


def test_timeline_intervals_and_agency_types(con):
    events = report.timeline(con, A)
    assert [(e["event_id"], e["start"], e["end"], e["agency_type"]) for e in events] == [
        (1, date(2010, 6, 1), date(2010, 6, 30), UNKNOWN_TYPE),  # "GP" is not an agency of this review
        (2, date(2011, 1, 10), date(2011, 1, 10), "acute_hospital"),
        (3, date(2011, 3, 1), date(2011, 3, 1), "police"),
        (4, None, None, NO_AGENCY)]
    assert [e["agency_type"] for e in report.timeline(con, B)] == ["gp_primary_care", NO_AGENCY]
    assert report.timeline(con, C) == []


def test_labels_not_codes_where_a_person_reads(con, page):
    figs = {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="([\w-]+)-fig">(.*?)</script>', page, re.S)}
    heat = figs["chart-cooccurrence"]["data"][0]
    label = report._Ctx(con).theme_name("C01")
    assert label.endswith("(C01)") and len(label) > len("(C01)") + 2
    assert heat["x"][0] == label and heat["y"][0] == label
    # the count is in the hover text itself: no literal %{z} left for the reader
    assert heat["hovertext"][0][1].endswith("<br>2 reviews") and "%{z}" not in json.dumps(heat["hovertext"])
    bars = figs["chart-agencies"]["data"][0]
    assert "Acute hospital" in bars["x"] and "acute_hospital" not in bars["x"]  # non-agencies: the test below


def test_words_that_are_not_agencies_are_explained_not_plotted():
    con = fixture_db.build()
    con.execute("UPDATE recommendations SET addressees = [], addressee_types = [] WHERE number = 'R1'")
    page = report.build(con)
    assert NO_AGENCY in [r.key for r in report.agency_types(con)]
    bars = json.loads(re.search(r'id="chart-agencies-fig">(.*?)</script>', page, re.S).group(1))["data"][0]
    assert "No agency named" not in bars["x"] and "Police" in bars["x"]
    note = re.search(r"Not plotted, as they are not agencies: (.*?)</p>", page).group(1)
    assert "<b>No agency named</b> (0 findings, 1 recommendations)" in note


def test_reviews_that_share_a_title_are_told_apart():
    con = fixture_db.build()
    con.execute("UPDATE reviews SET title = 'REGULATION 28 REPORT TO PREVENT FUTURE DEATHS', review_type = 'PFD'")
    con.execute(f"UPDATE reviews SET deceased = 'Jane Roe' WHERE review_id = '{A}'")
    con.execute(f"UPDATE reviews SET coroner_area = 'North Yorkshire', deceased = NULL, subject = NULL WHERE review_id = '{B}'")
    ctx = report._Ctx(con)
    assert ctx.short(A) == "REGULATION 28 REPORT TO PREVENT FUTURE…: Jane Roe (PFD 2015)"
    assert ctx.short(B).endswith(": North Yorkshire (PFD 2019)")
    assert report._cut("Information sharing between agencies", 20) == "Information sharing…"


def test_filters_make_the_report_over_the_subset(con, tmp_path):
    sub = report.subset(con, review_type="scr")
    assert [r["review_id"] for r in report.reviews(sub)] == [A]
    assert sorted((r.key, r.count) for r in report.theme_counts(sub)) == [("C01", 1), ("C07", 1), ("P01", 1)]
    assert sub.execute("SELECT count(*) FROM recurring_themes").fetchone()[0] == 3  # views rebuilt over it
    assert [r["review_id"] for r in report.reviews(report.subset(con, since=2016, until=2020))] == [B]
    assert [r["review_id"] for r in report.reviews(report.subset(con, theme="c07"))] == [A, C]
    out = tmp_path / "r.html"
    report.write(con, out, review_type="LCSPR", since=None)
    page = out.read_text(encoding="utf-8")
    assert "corpus report (type LCSPR)" in page and f'id="r-{_slug_id(C)}"' in page and f'id="r-{_slug_id(A)}"' not in page


def _slug_id(rid: str) -> str:
    return report._slug(rid)


_PDF = re.compile(r'<a class="pdf" href="([^"]*)" title="open the PDF at this page">(p\.\d+)</a>')


def _nopdf(text: str) -> str:
    """The evidence with its PDF page links as plain "p.N" and no hover sentences (both are checked
    on their own)."""
    return re.sub(r'<i title="[^"]*">', "<i>", _PDF.sub(r"\2", text))


def test_the_sentence_behind_a_count_is_on_its_place(page):
    m = re.search(r'<tr id="t-C01">(.*?)</tr>', page)
    assert re.search(r'p\.1</a> <i title="[^"]*domestic abuse[^"]*">narrative</i>', m.group(1), re.I)


def test_every_page_opens_the_pdf_at_that_page(con, page):
    links = _PDF.findall(page)
    assert links and all(re.fullmatch(r"file:///\S+\.pdf#page=\d+", url) for url, _ in links)
    src = con.execute(f"SELECT source_path FROM reviews WHERE review_id = '{A}'").fetchone()[0]
    assert (f"file://{src}#page=2", "p.2") in links  # review A's learning 4.2.2, on page 2


def _row(page: str, anchor: str) -> str:
    m = re.search(rf'<tr id="{re.escape(anchor)}">(.*?)</tr>', page)
    assert m, anchor
    return _nopdf(m.group(1))


def test_every_count_links_to_review_section_and_page(page):
    row = _row(page, "t-C01")
    assert '<td class="n">3</td>' in row
    assert (f'<div><a class="rv" href="#r-{A}" title="Serious Case Review concerning Child S">Serious Case Review concerning '
            f'Child S (SCR 2015)</a>: <a href="#s-{A}-1" title="Key findings">§4.2</a> p.1 <i>narrative</i></div>') in row
    assert f'(DHR 2019)</a>: <a href="#s-{B}-1" title="Chronology">§1</a> p.2 <i>finding</i></div>' in row
    assert f'(LCSPR 2021)</a>: <a href="#s-{C}-1" title="Background">Background</a> p.1' in row  # unnumbered: title
    row = _row(page, "a-acute_hospital")
    assert re.findall(r'<td class="n">(\d+)</td>', row) == ["2", "1", "1"]
    # one review, its places in turn; two findings on different pages of one section
    assert (f'(SCR 2015)</a>: <a href="#s-{A}-1" title="Key findings">§4.2</a> p.1 <i>finding 4.2.1</i>; '
            f'<a href="#s-{A}-1" title="Key findings">§4.2</a> p.2 <i>learning 4.2.2</i></div>') in row
    assert f'<a href="#s-{A}-3" title="Recommendations">§5</a> p.3 <i>recommendation 2</i>' in row
    assert re.findall(r'<td class="n">(\d+)</td>', _row(page, "p-C01-C07")) == ["2"]
    # every anchor a link points at exists
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert targets - ids == set()
    assert {f"s-{A}-1", f"s-{A}-2", f"s-{A}-3", f"e-{A}-2", f"r-{C}"} <= ids


def test_report_is_self_contained_with_one_chart_per_part(page):
    assert page.count("<script") >= len(CHARTS)
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=|<img[^>]+src=', page)
    for chart in CHARTS:
        assert f'<script type="application/json" id="{chart}-fig">' in page, chart
    assert f'<div class="chart lazy" id="chart-timeline-{A}"' in page  # drawn when scrolled near
    assert '<div class="chart" id="chart-themes"' in page  # drawn at load
    assert f'id="chart-timeline-{C}"' not in page and "No dated events for this review." in page
    assert len(page) > 3_000_000  # plotly.js is inlined, not fetched


def test_empty_database_still_renders():
    from extract import store

    text = report.build(store.connect())
    assert "No reviews in this database." in text and "No theme tags in this database." in text
    assert "No findings or recommendations in this database." in text


def test_cli_report(tmp_path):
    db = tmp_path / "r.duckdb"
    fixture_db.build(db).close()
    out = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"wrote {out} (") and 'id="chart-themes"' in out.read_text()
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--type", "DHR", "--theme", "c01"])
    assert res.exit_code == 0, res.output
    assert "corpus report (type DHR, theme C01)" in out.read_text()
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--theme", "C99"])
    assert res.exit_code == 2 and "--theme 'C99' is not a theme code" in res.output
    res = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out), "--since", "2030"])
    assert res.exit_code == 1 and "no review in" in res.output and "passes --type/--since/--until/--theme" in res.output


# ---------------------------------------------------------------- headless browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def chrome(tmp_path: Path, width: int = 1280, height: int = 900):
    """A headless Chromium driven by selenium, or a clean skip saying what is missing."""
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("headless Chromium is absent (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network at all
                 f"--user-data-dir={tmp_path / 'chrome-profile'}",
                 f"--window-size={width},{height}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    except Exception as e:  # a browser that is installed but cannot start is a failure, not a skip
        raise AssertionError(f"headless Chromium did not start: {e}") from e


RENDERED_JS = """
return Array.from(document.querySelectorAll('div.chart')).map(function (gd) {
  var svg = gd.querySelector('svg.main-svg');
  return [gd.id, !!svg && svg.childElementCount > 0,
          gd.querySelectorAll('g.trace path, g.hm image, g.heatmaplayer image').length];
});
"""


def wait_rendered(driver, ids, timeout=10.0):
    """Poll until the charts ``ids`` have drawn marks; returns (state of every chart, seconds waited)."""
    t = time.perf_counter()
    state = []
    while time.perf_counter() - t < timeout:
        state = driver.execute_script(RENDERED_JS)
        done = {i for i, ok, marks in state if ok and marks}
        if set(ids) <= done:
            break
        time.sleep(0.05)
    return state, time.perf_counter() - t


@pytest.mark.browser
def test_charts_render_in_headless_chromium(con, tmp_path):
    out = tmp_path / "report.html"
    report.write(con, out)
    driver = chrome(tmp_path, 1280, 700)
    try:
        t = time.perf_counter()
        driver.get(out.as_uri())
        state, _ = wait_rendered(driver, CHARTS[:4])  # the summary charts draw at load
        seconds = time.perf_counter() - t
        print(f"report summary charts rendered in {seconds:.2f} s")
        # a hang guard, not a speed test: 3.4 s on an idle 2-core machine, 5.5-6.3 s under load
        assert seconds < 30, f"charts took {seconds:.1f} s to render"
        drawn = {i for i, ok, marks in state if ok and marks}
        assert f"chart-timeline-{B}" not in drawn  # far below the fold: not drawn yet
        # timelines draw as they scroll into view
        for chart in CHARTS[4:]:
            driver.execute_script(f"document.getElementById('{chart}').scrollIntoView()")
        state, waited = wait_rendered(driver, CHARTS)
        assert sorted(s[0] for s in state) == sorted(CHARTS)
        assert all(ok and marks > 0 for _, ok, marks in state), state
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        # a click on a bar jumps to the evidence row
        driver.execute_script("document.getElementById('chart-themes').emit('plotly_click',"
                              " {points: [{customdata: 't-C07'}]});")
        assert driver.execute_script("return location.hash") == "#t-C07"
    finally:
        driver.quit()


def test_refs_group_by_review_then_place(con):
    ctx = report._Ctx(con)
    text = _nopdf(ctx.refs([Ref(A, 1, 1, "concern 1"), Ref(A, 1, 1, "concern 2"), Ref(B, None, 2), Ref(A, 3, 3)]))
    assert re.sub(r"(<[^>]+>)+", "|", html.unescape(text)) == (
        "|Serious Case Review concerning Child S (SCR 2015)|: |§4.2| p.1 |concern 1, concern 2|; |§5| p.3|"
        "Domestic Homicide Review into the death of 'Sarah' (DHR 2019)|: p.2|")


# What the reader sees at a width: horizontal overflow of the page and of each chart's card, literal
# template strings anywhere in the drawn text or in the hover boxes, and the tick labels of the
# heatmap and the agency chart.
LAYOUT_JS = """
var doc = document.documentElement;
var out = {page: [doc.scrollWidth, doc.clientWidth], cards: [], text: [], ticks: {}};
document.querySelectorAll('div.chart').forEach(function (gd) {
  var card = gd.closest('section.part') || gd.parentElement;
  var svg = gd.querySelector('svg.main-svg');
  var box = card.getBoundingClientRect(), plot = svg ? svg.getBoundingClientRect() : null;
  out.cards.push([gd.id, plot ? [plot.left, plot.right] : null, [box.left, box.right], card.scrollWidth,
                  card.clientWidth]);
  out.ticks[gd.id] = Array.from(gd.querySelectorAll('g.xtick text, g.ytick text')).map(function (t) {
    return t.textContent; });
});
out.text = document.body.innerText;
return out;
"""

HOVER_JS = """
var gd = document.getElementById(arguments[0]);
var at = arguments[1];  // a point number, or [x, y] positions on a heatmap's category axes
Plotly.Fx.hover(gd, Array.isArray(at) ? {xval: at[0], yval: at[1]} : [{curveNumber: 0, pointNumber: at}]);
var t = Array.from(gd.querySelectorAll('.hoverlayer text')).map(function (x) { return x.textContent; });
Plotly.Fx.unhover(gd);
return t.join(' / ');
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [800, 1600])
def test_report_fits_and_reads_at_two_widths(con, tmp_path, width):
    out = tmp_path / "report.html"
    report.write(con, out)
    driver = chrome(tmp_path, width, 1000)
    try:
        driver.get(out.as_uri())
        driver.execute_script("window.scrDrawAll()")
        state, _ = wait_rendered(driver, CHARTS)
        assert all(ok and marks > 0 for _, ok, marks in state), state
        time.sleep(0.3)  # plotly's responsive resize settles after the first draw
        seen = driver.execute_script(LAYOUT_JS)
        scroll, client = seen["page"]
        assert scroll <= client, f"the page scrolls sideways at {width} px ({scroll} > {client})"
        for chart, plot, (left, right), card_scroll, card_client in seen["cards"]:
            assert plot is not None, chart
            assert left - 1 <= plot[0] and plot[1] <= right + 1, f"{chart} runs out of its card at {width} px"
            assert card_scroll <= card_client, f"{chart}'s card scrolls sideways at {width} px"
        hovers = [driver.execute_script(HOVER_JS, "chart-cooccurrence", [0, 1]),
                  driver.execute_script(HOVER_JS, "chart-themes", 0),
                  driver.execute_script(HOVER_JS, "chart-agencies", 0)]
        assert all(hovers), hovers
        for text in [seen["text"], *hovers]:
            assert not re.search(r"%\{|\{\{|\$\{", text), f"a literal template string is shown: {text[:200]}"
        assert "reviews" in hovers[0] and "(C0" in hovers[0]
        label = report._Ctx(con).theme_name("C01")
        heat = seen["ticks"]["chart-cooccurrence"]
        assert heat and all(re.search(r"\([CP]\d\d\)$", t) for t in heat), heat  # label, code as a suffix
        assert any(t == label or t.startswith(label.split(" (")[0][:10]) for t in heat), (label, heat)
        agencies = seen["ticks"]["chart-agencies"]
        assert "Acute hospital" in agencies and not any("_" in t for t in agencies), agencies
    finally:
        driver.quit()


@pytest.mark.browser
def test_screenshot(con, tmp_path):
    """The README's picture (``make screenshot``: the sample database's report into docs/report.png);
    otherwise the fixture's report into a temporary file. Either way the page must fit its width."""
    db = os.environ.get("SCR_REPORT_DB")
    source = store.connect(db, read_only=True) if db else con
    out = tmp_path / "report.html"
    report.write(source, out)
    shot = Path(os.environ.get("SCR_SCREENSHOT") or tmp_path / "report.png")
    driver = chrome(tmp_path, 1280, 1500)
    try:
        driver.get(out.as_uri())
        state, _ = wait_rendered(driver, CHARTS[:4])
        assert all(ok and marks > 0 for i, ok, marks in state if i in CHARTS[:4]), state
        time.sleep(0.5)
        scroll, client = driver.execute_script("var d=document.documentElement;return [d.scrollWidth,d.clientWidth]")
        assert scroll <= client
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
