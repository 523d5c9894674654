"""The library side of the check-worthiness and hedge commands: predict and evaluate files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspin.errors import ConfigError
from unspin.textclf.checkthat import (
    format_predictions,
    read_checkthat,
    read_predictions,
    score_checkworthy,
)
from unspin.textclf.hedge_eval import cue_prf, sentence_prf
from unspin.textclf.metrics import PRF
from unspin.textclf.models import hedge_cues, load_checkworthy, load_hedge
from unspin.textclf.wikiweasel import Split, read_wiki, split_of


def predict_checkworthy(path: Path, batch_size: int = 256, model: str = "linear") -> str:
    """Return ``Sentence_id<TAB>Yes|No<TAB>score`` lines for a CheckThat! TSV.

    ``model`` is ``linear`` (the TF-IDF model of ``claims.all.v1``-``v3``) or ``encoder`` (the
    fine-tuned MiniLM blended with it, as ``claims.all.v4`` scores claims).

    Example:
        >>> print(predict_checkworthy(Path("dev-test.tsv")), end="")  # doctest: +SKIP
        37436	No	0.1375
    """
    records = read_checkthat(path)
    clf = checkworthy_model(model)
    scores: list[float] = []
    for i in range(0, len(records), batch_size):
        batch = records[i : i + batch_size]
        scores.extend(float(p) for p in clf.predict_proba([r.text for r in batch]))
    return format_predictions(
        [r.sentence_id for r in records], [s >= clf.threshold for s in scores], scores
    )


def checkworthy_model(name: str) -> Any:
    """The check-worthiness model called ``name`` (``linear`` or ``encoder``)."""
    if name == "linear":
        return load_checkworthy()
    if name == "encoder":
        from unspin.textclf.checkworthy_encoder import load_checkworthy_encoder

        return load_checkworthy_encoder()
    raise ConfigError(f"[E914] Unknown check-worthiness model {name!r}; choose linear or encoder.")


def evaluate_checkworthy(gold: Path, pred: Path) -> PRF:
    """F1 of class Yes of a prediction file against a gold CheckThat! TSV."""
    return score_checkworthy(read_checkthat(gold), read_predictions(pred))


def evaluate_hedge(wiki_xml: Path, part: Split = "test") -> dict[str, Any]:
    """Sentence-level F1 of the uncertain class and exact cue-span F1 on one split part."""
    sentences = [s for s in read_wiki(wiki_xml) if split_of(s.doc_id) == part]
    clf = load_hedge()
    predicted = list(clf.predict([s.text for s in sentences]))
    return {
        "part": part,
        "sentences": len(sentences),
        "sentence": sentence_prf(sentences, predicted).to_json(),
        "sentence_lexicon_only": sentence_prf(
            sentences, [bool(hedge_cues(s.text)) for s in sentences]
        ).to_json(),
        "cue_exact": cue_prf(sentences, hedge_cues).to_json(),
    }
