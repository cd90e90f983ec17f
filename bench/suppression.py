"""Benchmark of the small-cell suppression (report pages suppress live; target: 300 x 10 well under 100 ms).

Run: ``.venv/bin/python bench/suppression.py``. Prints the median and maximum over 20 runs per scenario,
the number of hidden cells and confirms with the exact audit that nothing hidden can be recovered.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samordna.reporting.suppression import find_recoverable, suppress_table  # noqa: E402


def _table(rng: random.Random, rows: int, cols: int, small_share: float) -> list[list[int]]:
    def count() -> int:
        if rng.random() < small_share:
            return rng.choice([0, 1, 2, 3, 4])
        return rng.randint(5, 60)

    return [[count() for _ in range(cols)] for _ in range(rows)]


def main() -> None:
    rng = random.Random(4)
    scenarios: list[tuple[str, list[list[int]], bool]] = [
        (f"300x10, {int(share * 100)}% small, all totals", _table(rng, 300, 10, share), True)
        for share in (0.1, 0.3, 0.6)
    ]
    scenarios.append(("300x10, 30% small, row totals only", _table(rng, 300, 10, 0.3), False))
    scenarios.append(("1000x10, 30% small, all totals", _table(rng, 1000, 10, 0.3), True))
    for name, cells, all_totals in scenarios:
        args = (True, True if all_totals else None, True if all_totals else None)
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            result = suppress_table(cells, *args)
            timings.append((time.perf_counter() - start) * 1000)
        safe = not find_recoverable(cells, set(result.hidden), *args)
        print(
            f"{name:40} median {statistics.median(timings):6.1f} ms  max {max(timings):6.1f} ms  "
            f"{len(result.primary):4} primary  {len(result.secondary):4} secondary  safe={safe}"
        )


if __name__ == "__main__":
    main()
