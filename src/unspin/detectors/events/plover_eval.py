"""Score the event coder on the PLOVER gold sentences (PLOVER_GSR_CAMEO.txt).

Split: a record is in ``test`` when the first hex digit of sha256(id) is 8-f, else ``dev``;
rules are tuned on ``dev`` only. Metrics per split: event-type accuracy and macro-F1 (PLOVER
v2.0 labels, legacy labels mapped), source/target actor-text overlap F1 and full-dyad accuracy.
An argument is right when the predicted span shares a content word with a gold actor text,
or when both are empty.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from unspin.detectors.events.dictionary import EventDictionaryError
from unspin.detectors.events.findings import Event
from unspin.detectors.events.ontology import PLOVER_LEGACY

Split = Literal["dev", "test", "all"]
_STOP = frozenset({"the", "a", "an", "of", "and", "its", "their", "his", "her", "'s", "s"})


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold sentence: PLOVER event type and source/target actor texts."""

    id: str
    text: str
    event: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """The coder's main event for one sentence (None when nothing was coded)."""

    event: str | None
    source: str | None
    target: str | None


@dataclass(slots=True)
class Scores:
    """Event-type and argument scores over a set of sentences."""

    n: int = 0
    type_accuracy: float = 0.0
    type_macro_f1: float = 0.0
    source_f1: float = 0.0
    target_f1: float = 0.0
    dyad_accuracy: float = 0.0
    per_type_f1: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "type_accuracy": round(self.type_accuracy, 4),
            "type_macro_f1": round(self.type_macro_f1, 4),
            "source_f1": round(self.source_f1, 4),
            "target_f1": round(self.target_f1, 4),
            "dyad_accuracy": round(self.dyad_accuracy, 4),
            "per_type_f1": {k: round(v, 4) for k, v in sorted(self.per_type_f1.items())},
        }


def split_of(record_id: str) -> Literal["dev", "test"]:
    """The fixed split of a gold id (half by a hash of the id)."""
    return "test" if hashlib.sha256(record_id.encode()).hexdigest()[0] in "89abcdef" else "dev"


def plover_label(label: str) -> str:
    """The PLOVER v2.0 name of a (possibly legacy) event label."""
    return PLOVER_LEGACY.get(label.upper(), label.upper())


def _actor_texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(a.get("actorText", "")) for a in value if isinstance(a, dict))


def load_gold(path: str | Path, split: Split = "all") -> list[GoldRecord]:
    """Read the gold JSON array, skipping the DOCUMENT header."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EventDictionaryError(f"[E1004] Cannot read PLOVER gold file {path}: {exc}.") from exc
    records = []
    for item in data:
        if not isinstance(item, dict) or "event" not in item or "text" not in item:
            continue
        record = GoldRecord(
            id=str(item["id"]),
            text=str(item["text"]),
            event=plover_label(str(item["event"])),
            sources=_actor_texts(item.get("source")),
            targets=_actor_texts(item.get("target")),
            date=item.get("date"),
        )
        if split == "all" or split_of(record.id) == split:
            records.append(record)
    return records


# Verbs that modify a noun ("the *ousted* president", "war-*torn*", "a guard *involved* in")
# describe a participant, not the sentence's headline act.
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "relcl", "prep"})


def main_event(
    events: Sequence[Event], depth: Sequence[int], modifier: Sequence[bool] | None = None
) -> Event | None:
    """The sentence's headline event, chosen the way the gold file does.

    Rule: among PLOVER-typed events (statements and appeals, CAMEO 01/02, have no PLOVER type,
    so "X said Y attacked" yields Y's attack), clausal verbs beat verbs that modify a noun;
    then the event highest in the parse wins, then the earliest.
    """
    flags = modifier if modifier is not None else [False] * len(events)
    typed = [
        (m, d, e.trigger.start, i)
        for i, (e, d, m) in enumerate(zip(events, depth, flags, strict=True))
        if e.plover_type
    ]
    if not typed:
        return None
    return events[min(typed)[3]]


def is_modifier(doc: Any, event: Event) -> bool:
    """The trigger is a participle or adjective modifying a noun rather than a clause head."""
    span = doc.char_span(event.trigger.start, event.trigger.end)
    if span is None:
        return False
    root = span.root
    return bool(root.dep_ in MODIFIER_DEPS or (root.dep_ == "acl" and root.tag_ == "VBN"))


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def argument_right(predicted: str | None, gold: tuple[str, ...]) -> bool:
    """Overlap match: a shared content word, or both empty."""
    gold_words = set().union(*(_words(g) for g in gold)) if gold else set()
    pred_words = _words(predicted)
    if not gold_words:
        return not pred_words
    return bool(pred_words & gold_words)


def _f1(tp: int, fp: int, fn: int) -> float:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _argument_f1(pairs: Iterable[tuple[str | None, tuple[str, ...]]]) -> float:
    tp = fp = fn = 0
    for predicted, gold in pairs:
        has_pred, has_gold = bool(_words(predicted)), any(_words(g) for g in gold)
        if has_pred and has_gold and argument_right(predicted, gold):
            tp += 1
        else:
            fp += has_pred
            fn += has_gold
    return _f1(tp, fp, fn)


def score(gold: Sequence[GoldRecord], predicted: Sequence[Prediction]) -> Scores:
    """Compare one prediction per gold record."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold records but {len(predicted)} predictions")
    if not gold:
        return Scores()
    labels = sorted({g.event for g in gold})
    counts: Counter[tuple[str, str]] = Counter()
    correct = dyads = 0
    for g, p in zip(gold, predicted, strict=True):
        right = p.event == g.event
        correct += right
        counts[("tp" if right else "fn", g.event)] += 1
        if not right and p.event is not None:
            counts[("fp", p.event)] += 1
        dyads += (
            right and argument_right(p.source, g.sources) and argument_right(p.target, g.targets)
        )
    per_type = {
        label: _f1(counts[("tp", label)], counts[("fp", label)], counts[("fn", label)])
        for label in labels
    }
    return Scores(
        n=len(gold),
        type_accuracy=correct / len(gold),
        type_macro_f1=sum(per_type.values()) / len(per_type),
        source_f1=_argument_f1((p.source, g.sources) for g, p in zip(gold, predicted, strict=True)),
        target_f1=_argument_f1((p.target, g.targets) for g, p in zip(gold, predicted, strict=True)),
        dyad_accuracy=dyads / len(gold),
        per_type_f1=per_type,
    )


def depth(doc: Any, event: Event) -> int:
    """How far the trigger sits below the root of its parse (99 when it cannot be found)."""
    span = doc.char_span(event.trigger.start, event.trigger.end)
    if span is None:
        return 99
    tok, depth = span.root, 0
    while tok.head is not tok and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def predict(
    records: Sequence[GoldRecord], nlp: Any, coder: Any, batch_size: int = 64
) -> list[Prediction]:
    """Parse every gold sentence once (``nlp.pipe``) and keep each sentence's main event."""
    out: list[Prediction] = []
    texts = (r.text for r in records)
    for record, doc in zip(records, nlp.pipe(texts, batch_size=batch_size), strict=True):
        events = coder.code_doc(doc, (), record.date)
        best = main_event(
            events, [depth(doc, e) for e in events], [is_modifier(doc, e) for e in events]
        )
        if best is None:
            out.append(Prediction(None, None, None))
            continue
        out.append(
            Prediction(
                best.plover_type,
                best.source.slice(record.text) if best.source else None,
                best.target.slice(record.text) if best.target else None,
            )
        )
    return out


def evaluate(path: str | Path, nlp: Any, coder: Any) -> dict[str, Scores]:
    """Scores for the dev half, the test half and all records."""
    records = load_gold(path)
    predictions = predict(records, nlp, coder)
    result: dict[str, Scores] = {}
    for name in ("dev", "test"):
        pairs = [
            (g, p) for g, p in zip(records, predictions, strict=True) if split_of(g.id) == name
        ]
        result[name] = score([g for g, _ in pairs], [p for _, p in pairs])
    result["all"] = score(records, predictions)
    return result
