"""Error analysis of the event coder on the DEV half of the PLOVER gold file (never the test half).

Usage:
    .venv/bin/python eval/plover/errors.py [--show types|dyads|all|none] [--events]
        [--gold ../shared/data/events/plover/PLOVER_GSR_CAMEO.txt]

Prints the dev scores, the confusion counts (gold type -> predicted type) and, per sentence, the
type errors and dyad misses with the gold and predicted arguments, so rules are tuned on dev only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from unspin.detectors.events import EventCoder
from unspin.detectors.events.plover_eval import (
    argument_right,
    depth,
    is_modifier,
    load_gold,
    main_event,
    predict,
    score,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEFAULT_GOLD = SHARED / "data/events/plover/PLOVER_GSR_CAMEO.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--show", choices=("types", "dyads", "all", "none"), default="all")
    parser.add_argument("--events", action="store_true", help="list every coded event")
    args = parser.parse_args()

    from unspin.nlp.load import load_spacy

    nlp = load_spacy()
    coder = EventCoder()
    records = load_gold(args.gold, "dev")
    raw = json.loads(args.gold.read_text(encoding="utf-8"))
    event_text = {str(r.get("id")): r.get("eventText", "") for r in raw if isinstance(r, dict)}
    predictions = predict(records, nlp, coder)
    print(json.dumps(score(records, predictions).as_dict(), indent=1))

    confusion: Counter[tuple[str, str]] = Counter()
    for g, p in zip(records, predictions, strict=True):
        if p.event != g.event:
            confusion[(g.event, p.event or "-")] += 1
    print("\nconfusions (gold -> predicted):")
    for (gold, pred), n in confusion.most_common():
        print(f"  {n:3d}  {gold:10s} -> {pred}")

    docs = list(nlp.pipe(r.text for r in records)) if args.events else []
    for i, (g, p) in enumerate(zip(records, predictions, strict=True)):
        type_ok = p.event == g.event
        src_ok = argument_right(p.source, g.sources)
        tgt_ok = argument_right(p.target, g.targets)
        if args.show == "none" or (type_ok and src_ok and tgt_ok):
            continue
        if (args.show == "types" and type_ok) or (args.show == "dyads" and not type_ok):
            continue
        flags = "".join(("T" if not type_ok else "", "S" if not src_ok else "", "R" * (not tgt_ok)))
        print(f"\n[{flags}] {g.id}  gold {g.event} ({event_text.get(g.id)}) / pred {p.event}")
        print(f"  {g.text}")
        print(f"  src gold {list(g.sources)} pred {p.source!r}")
        print(f"  tgt gold {list(g.targets)} pred {p.target!r}")
        if args.events:
            events = coder.code_doc(docs[i], (), g.date)
            best = main_event(
                events,
                [depth(docs[i], e) for e in events],
                [is_modifier(docs[i], e) for e in events],
            )
            for e in events:
                mark = "*" if e is best else " "
                trig = e.trigger.slice(g.text)
                print(f"   {mark} {e.label} {e.plover_type} {trig!r} {e.modality}")


if __name__ == "__main__":
    main()
