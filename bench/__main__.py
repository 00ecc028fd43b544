"""`make bench` runs every `bench/bench_*.py` module's `main()` in turn; `make bench ONLY=import`
runs the modules whose name contains the word. Each prints its own table with its baseline."""

import importlib
import os
import sys
from pathlib import Path


def main() -> None:
    only = os.environ.get("ONLY", "") or (sys.argv[1] if len(sys.argv) > 1 else "")
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if only and only not in path.stem:
            continue
        print(f"\n== {path.stem}")
        importlib.import_module(f"bench.{path.stem}").main()


if __name__ == "__main__":
    main()
