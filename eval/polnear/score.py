"""Score PolNeAR predictions: ``python eval/polnear/score.py GOLD_DIR PRED_DIR``.

The same as ``unspin claims evaluate``; the scoring logic lives in
``unspin.detectors.claims.evaluate``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from unspin.detectors.claims.evaluate import evaluate_dirs, format_table


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(format_table(evaluate_dirs(Path(argv[0]), Path(argv[1]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
