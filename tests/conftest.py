from __future__ import annotations

import pytest

from extract import CORPORA_DIR, SHARED_DIR
from extract.model import Line, Page, Role

SAMPLES = sorted((CORPORA_DIR / "sample").glob("*.pdf"))


def line(text, page=1, top=100.0, size=11.0, bold=False, italic=False, x0=72.0, x1=None, role=Role.BODY, column=0,
         underline=False):
    """A Line as pdf.py would build it (x1 defaults to a width proportional to the text)."""
    x1 = x1 if x1 is not None else min(x0 + len(text) * size * 0.5, 523.0)
    return Line(page, text, x0, x1, top, top + size, size, bold, italic, column, role, underline)


def page_of(no, texts, height=842.0, width=595.0, start=60.0, step=14.0):
    """A Page whose lines are (text, kwargs) pairs stacked from ``start`` down by ``step``."""
    lines, top = [], start
    for item in texts:
        text, kw = (item, {}) if isinstance(item, str) else item
        top = kw.pop("top", top)
        lines.append(line(text, page=no, top=top, **kw))
        top += step
    return Page(no, width, height, tuple(lines), chars=sum(len(l.text) for l in lines))


@pytest.fixture(scope="session")
def shared_dir():
    if not (SHARED_DIR / "corpora").is_dir():
        pytest.skip(f"../shared is absent ({SHARED_DIR}): test needs the shared corpora")
    return SHARED_DIR
