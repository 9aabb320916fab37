"""The words a regular expression's every match must hold: a cheap test that skips a search.

Rules run over long texts, most of which cannot match most rules. ``required_words(rx)`` reads a
compiled pattern and returns words (lower case) one of which every match contains; where
``fold(text)`` holds none of them, ``rx`` cannot match in ``text`` or in any part of it, and the
search need not run. The themes' triggers and the date grammar's rules use it; both have tests
that compare their output with and without it.
"""

from __future__ import annotations

import re

# characters that IGNORECASE matches to an ASCII letter but lower() leaves alone
_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s"})  # dotless i, long s


def fold(text: str) -> str:
    """``text`` in the case the words are compared in: lower(), and the two letters it does not map
    to the ASCII ones case-insensitive patterns match them to. Character by character (but for a
    final sigma, which no word holds), so the fold of a part of a text is a part of its fold."""
    return text.lower().translate(_FOLD)


def required_words(rx: re.Pattern) -> tuple[str, ...] | None:
    """Words one of which every match of ``rx`` must contain (lower case), or None.

    Read from the parsed pattern: a run of literals in sequence (at the top level and inside
    groups and repeats of at least one), or an alternation whose every branch has such words,
    which gives all of theirs ("heroin|cocaine"). Of the candidates, the one whose shortest word
    is longest, and none under 3 characters. A sentence whose lower-cased text holds none of them
    cannot match (compare with ``fold(text)``).
    """
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    from re import _constants as C

    def best(cands: list[tuple[str, ...]]) -> tuple[str, ...] | None:
        cands = [c for c in cands if c and min(map(len, c)) >= 3]
        return max(cands, key=lambda c: (min(map(len, c)), -len(c)), default=None)

    def conditions(seq) -> list[tuple[str, ...]]:
        """The candidates of one sequence: each is necessary for a match of it."""
        out: list[tuple[str, ...]] = []
        run: list[str] = []

        def walk(items) -> None:
            nonlocal run
            for op, av in items:
                if op is C.LITERAL:
                    run.append(chr(av))
                    continue
                if op is C.SUBPATTERN:  # a group, also one that changes the case flag: lower() covers both
                    walk(av[3])
                    continue
                if op in (C.ASSERT, C.ASSERT_NOT, C.AT):  # zero width: the run goes on
                    continue
                out.append(("".join(run),))
                run = []
                if op is C.BRANCH:
                    each = [best(conditions(b)) for b in av[1]]
                    if all(each):
                        out.append(tuple(dict.fromkeys(w for ws in each for w in ws)))
                elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
                    out.extend(conditions(av[2]))  # at least once: what the item needs, the match needs

        walk(seq)
        out.append(("".join(run),))
        return out

    try:
        found = best(conditions(sre_parse.parse(rx.pattern, rx.flags)))
    except Exception:
        return None
    if found is None:
        return None
    found = tuple(fold(w) for w in found)
    # lower() maps character by character but for a final sigma: such words are not checked
    return None if any("σ" in w or "ς" in w for w in found) else found
