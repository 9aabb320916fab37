"""Print every evaluation report: `python -m extract.evaluation [module ...]`."""

from __future__ import annotations

import importlib
import sys
import time

MODULES = ["sections", "pfd_layouts", "entities", "timex", "findings", "themes", "events"]


def main(argv: list[str]) -> int:
    for name in argv or MODULES:
        try:
            mod = importlib.import_module(f"extract.evaluation.{name}")
        except ModuleNotFoundError as e:
            print(f"== {name}: not available ({e})\n")
            continue
        t = time.perf_counter()
        print(f"== {name}")
        print(mod.report())
        print(f"   ({time.perf_counter() - t:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
