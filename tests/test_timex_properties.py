"""Property tests for the temporal tagger (hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.timex import annotate, narrow, season_interval

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}
PARTS = {"": None, "early ": "START", "mid-": "MID", "mid ": "MID", "late ": "END",
         "the early ": "START", "the late ": "END", "the beginning of ": "START", "the end of the ": "END",
         "the middle of the ": "MID"}
GRANS = ["day", "month", "season", "quarter", "half", "year", "decade", None]


@st.composite
def intervals(draw):
    gran = draw(st.sampled_from(GRANS))
    y = draw(st.integers(1900, 2100))
    if gran == "day":
        d = date(y, 1, 1) + timedelta(draw(st.integers(0, 364)))
        return d, d, gran
    if gran == "month":
        m = draw(st.integers(1, 12))
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), gran
    if gran == "season":
        e, l = season_interval(draw(st.sampled_from(list(SEASONS.values()))), y)
        return e, l, gran
    if gran == "quarter":
        q = draw(st.integers(1, 4))
        return date(y, 3 * q - 2, 1), date(y, 3 * q, calendar.monthrange(y, 3 * q)[1]), gran
    if gran == "half":
        h = draw(st.integers(0, 1))
        return date(y, 1 + 6 * h, 1), date(y, 6 + 6 * h, 30 + h), gran
    if gran == "year":
        return date(y, 1, 1), date(y, 12, 31), gran
    if gran == "decade":
        d0 = y - y % 10
        return date(d0, 1, 1), date(d0 + 9, 12, 31), gran
    e = date(y, 1, 1) + timedelta(draw(st.integers(0, 364)))
    return e, e + timedelta(draw(st.integers(0, 800))), gran


@given(intervals(), st.sampled_from(["START", "MID", "END", "APPROX", "BEFORE", None]))
def test_modifier_narrows_never_widens(iv, mod):
    e, l, gran = iv
    ne, nl = narrow(e, l, gran, mod)
    assert e <= ne <= nl <= l
    if mod in (None, "APPROX", "BEFORE") or gran == "day":
        assert (ne, nl) == (e, l)


@given(intervals())
def test_thirds_tile_the_base_interval(iv):
    e, l, gran = iv
    s, m, n = (narrow(e, l, gran, x) for x in ("START", "MID", "END"))
    assert s[0] == e and n[1] == l
    assert s[1] < m[0] or (s == m == n)
    assert m[1] < n[0] or (s == m == n)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(PARTS)), st.sampled_from(list(SEASONS)), st.booleans(),
       st.integers(1950, 2030), st.booleans(), st.booleans())
def test_part_season_year_round_trips(part, season, of, year, the, cap):
    word = season.capitalize() if cap else season
    if part.startswith("the ") or not the:
        phrase = f"{part}{word}{' of' if of else ''} {year}"
    else:
        phrase = f"the {part}{word}{' of' if of else ''} {year}"
    text = f"Mother S moved to Coventry in {phrase} and stayed."
    ts = annotate(text)
    assert len(ts) == 1, (phrase, [(t.text, t.value) for t in ts])
    t = ts[0]
    assert t.text == phrase
    code = SEASONS[season]
    assert (t.type, t.value, t.mod, t.granularity) == ("DATE", f"{year}-{code}", PARTS[part], "season")
    se, sl = season_interval(code, year)
    assert se <= t.earliest <= t.latest <= sl
    if PARTS[part] is None:
        assert (t.earliest, t.latest) == (se, sl)
    else:  # one month of the three
        assert t.earliest.day == 1 and (t.latest + timedelta(1)).day == 1
        assert (t.latest - t.earliest).days < 31


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 35), st.sampled_from(list(calendar.month_name)[1:]), st.integers(1900, 2030),
       st.sampled_from(["", "st", "nd", "rd", "th"]))
def test_day_month_year_is_valid_or_null_with_reason(day, month, year, suffix):
    text = f"The strategy meeting was held on {day}{suffix} {month} {year} at the school."
    ts = annotate(text)
    assert len(ts) == 1
    t = ts[0]
    m = list(calendar.month_name).index(month)
    if day <= calendar.monthrange(year, m)[1]:
        assert t.earliest == t.latest == date(year, m, day) and t.value == date(year, m, day).isoformat()
    else:
        assert t.earliest is None and t.latest is None and t.value is None and "impossible" in t.reason


WORDS = ["in", "the", "early", "late", "mid", "summer", "winter", "of", "2010", "2013", "June", "following", "day",
         "two", "weeks", "later", "at", "fourteen", "months", "old", "aged", "born", "Child", "S", "was", ".", ",",
         "31st", "February", "16/07/06", "within", "four", "that", "assessment", "between", "and", "March", "end",
         "first", "half", "quarter", "years", "seven", "ten", "less", "than", "by", "his", "birthday", "Act", "1996"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_random_word_soup_never_crashes_and_intervals_are_ordered(words):
    text = " ".join(words)
    ts = annotate(text)
    prev_end = 0
    for i, t in enumerate(ts, 1):
        assert t.timex_id == i
        assert text[t.start_char:t.end_char] == t.text
        assert t.start_char >= prev_end  # no overlaps, document order
        prev_end = t.end_char
        assert (t.earliest is None) == (t.latest is None)
        if t.earliest is not None:
            assert t.earliest <= t.latest
        else:
            assert t.type != "DATE" or t.reason or t.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
        if t.anchor_id is not None:
            assert 1 <= t.anchor_id <= len(ts) and t.anchor_id != i


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text):
    for t in annotate(text):
        assert t.earliest is None or t.earliest <= t.latest
