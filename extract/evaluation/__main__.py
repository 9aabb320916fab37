"""Print every evaluation report: `python -m extract.evaluation [module ...]`.

Each report is made with the default reader (pdfium); the same reports are made again with
``--reader plumber`` in a second process, at the same time, and the lines whose figures differ are
printed at the end under "== reader gate" (issue 15: pdfium may stay the default only while no score
drops). ``SCR_EVAL_GATE=0`` skips the second run; ``SCR_READER=plumber`` makes the first run use
pdfplumber.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import time

MODULES = ["sections", "pfd_layouts", "addressees", "entities", "timex", "findings", "themes", "events"]
GATE_ENV = "SCR_EVAL_GATE"
# lines that are timings, not scores
_TIMING = re.compile(r"\(\d+(\.\d+)? s\)|words/s|ms per|seconds", re.I)


def _reports(names: list[str]):
    for name in names:
        try:
            mod = importlib.import_module(f"extract.evaluation.{name}")
        except ModuleNotFoundError as e:
            yield f"== {name}: not available ({e})\n"
            continue
        t = time.perf_counter()
        yield f"== {name}\n{mod.report()}\n   ({time.perf_counter() - t:.1f} s)\n"


def _scores(text: str) -> list[str]:
    return [l.rstrip() for l in text.splitlines()
            if l.strip() and not _TIMING.search(l) and not l.startswith("(reader:")]


def gate(ours: str, theirs: str, reader: str, other: str) -> str:
    """The report lines of one run that the other lacks (as multisets: the order in which a report
    lists a set of misses is not a figure)."""
    from collections import Counter

    a, b = _scores(theirs), _scores(ours)
    only_b, only_a = Counter(b) - Counter(a), Counter(a) - Counter(b)
    if not only_a and not only_b:
        return f"== reader gate: --reader {reader} and --reader {other} give the same figures in every report\n"
    lines = [f"- {l}" for l in a if only_a[l] and not only_a.subtract([l])]
    lines += [f"+ {l}" for l in b if only_b[l] and not only_b.subtract([l])]
    return (f"== reader gate: {sum(1 for l in lines if l[0] == '+')} report line(s) of --reader {reader} (+) differ "
            f"from --reader {other} (-)\n" + "\n".join(lines) + "\n")


def main(argv: list[str]) -> int:
    from .. import pdf

    names = argv or MODULES
    reader = pdf.default_reader()
    other = "plumber" if reader == "pdfium" else "pdfium"
    second = None
    if os.environ.get(GATE_ENV, "1") != "0":
        env = {**os.environ, pdf.READER_ENV: other, GATE_ENV: "0"}
        second = subprocess.Popen([sys.executable, "-m", "extract.evaluation", *names], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    print(f"(reader: {reader})\n", flush=True)
    ours = []
    for block in _reports(names):
        print(block, flush=True)
        ours.append(block)
    if second is not None:
        theirs, _ = second.communicate()
        if second.returncode:
            print(f"== reader gate: the run with --reader {other} failed (exit {second.returncode})")
            return 1
        print(gate("".join(ours), theirs, reader, other))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
