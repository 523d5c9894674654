"""Predict and evaluate the six official tasks from the data sets' own layouts.

``predict_task`` reads a folder of ``article<ID>.txt`` (and a template where the task has one)
and returns the prediction file's text; ``evaluate_task`` scores a prediction file against gold
with the official metric. ``model="trivial"`` gives the floors: majority genre, the frames of
most train articles, Loaded_Language everywhere, every line as a span; ``model="crf"`` the
``persuasion.crf.v2`` models (CRF spans and the v2 technique classifier); ``model="encoder"``
the ``persuasion.encoder.v3`` models (crf's, with paragraph techniques from the shared encoder).

Example:
    >>> print(predict_task("semeval2023-st1", Path("articles")))  # doctest: +SKIP
    111111111	opinion
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from unspin.detectors.persuasion import formats, scoring
from unspin.detectors.persuasion.baseline import PersuasionModels, load_models
from unspin.detectors.persuasion.formats import SpanLabel
from unspin.detectors.persuasion.models_v2 import load_models_v2
from unspin.detectors.persuasion.taxonomy import FRAMES, GENRES, PTC_TECHNIQUES, TECHNIQUES
from unspin.errors import ConfigError, InputError

TASKS: tuple[str, ...] = (
    "semeval2023-st1",
    "semeval2023-st2",
    "semeval2023-st3",
    "semeval2023-st3-spans",
    "ptc-si",
    "ptc-tc",
)
ModelName = Literal["baseline", "trivial", "crf", "encoder"]
MODEL_NAMES: tuple[str, ...] = ("baseline", "crf", "encoder", "trivial")
# Frames present in more than half of the PTC-train articles (Political 52%, Crime 51%).
MAJORITY_FRAMES = ("Political", "Crime_and_punishment")


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise ConfigError(f"[E1240] Unknown task {task!r}. Choose one of: {', '.join(TASKS)}.")


def predict_task(
    task: str,
    articles_dir: Path,
    template: Path | None = None,
    ids: Iterable[str] | None = None,
    model: ModelName = "baseline",
) -> str:
    """Predict ``task`` for the articles in ``articles_dir``; return the official file text."""
    _check_task(task)
    if model not in MODEL_NAMES:
        raise ConfigError(
            f"[E1242] Unknown persuasion model {model!r}. Choose one of: {', '.join(MODEL_NAMES)}."
        )
    articles = formats.read_articles(articles_dir, ids)
    trivial = model == "trivial"
    models: PersuasionModels | None = None if trivial else _load(model)
    if task == "semeval2023-st1":
        keys = list(articles)
        genres = (
            ["opinion"] * len(keys)
            if models is None
            else [g for g, _ in models.genre([articles[k] for k in keys])]
        )
        return formats.write_genre_labels(dict(zip(keys, genres, strict=True)))
    if task == "semeval2023-st2":
        keys = list(articles)
        if models is None:
            return formats.write_frame_labels({k: MAJORITY_FRAMES for k in keys})
        found = models.frames([articles[k] for k in keys])
        return formats.write_frame_labels(
            {k: [f for f, _ in fs] for k, fs in zip(keys, found, strict=True)}
        )
    if task == "semeval2023-st3":
        return _predict_paragraphs(articles, template, models)
    if task == "ptc-tc":
        return _predict_tc(articles, template, models)
    spans: list[SpanLabel] = []
    for article_id, text in articles.items():
        if models is None:
            spans.extend(_line_spans(article_id, text, task))
        elif task == "ptc-si":
            spans.extend(models.spans(article_id, text))
        else:
            spans.extend(models.technique_spans(article_id, text))
    return formats.write_span_labels(spans, with_technique=task == "semeval2023-st3-spans")


def _load(model: ModelName) -> PersuasionModels:
    if model == "encoder":
        from unspin.detectors.persuasion.encoder_models import load_models_v3

        return load_models_v3()
    return load_models_v2() if model == "crf" else load_models()


def _line_spans(article_id: str, text: str, task: str) -> list[SpanLabel]:
    label = "Loaded_Language" if task == "semeval2023-st3-spans" else None
    return [
        SpanLabel(article_id, p.start, p.end, label)
        for p in formats.paragraphs_of(article_id, text)
    ]


def _predict_paragraphs(
    articles: dict[str, str], template: Path | None, models: PersuasionModels | None
) -> str:
    if template is not None:
        paragraphs = [
            p for p in formats.read_paragraph_template(template) if p.article_id in articles
        ]
    else:
        paragraphs = [p for a, t in articles.items() for p in formats.paragraphs_of(a, t)]
    keys = [(p.article_id, p.index) for p in paragraphs]
    if models is None:
        return formats.write_paragraph_labels({k: ("Loaded_Language",) for k in keys})
    found = models.techniques([p.text for p in paragraphs])
    return formats.write_paragraph_labels(
        {k: [t for t, _ in ts] for k, ts in zip(keys, found, strict=True)}
    )


def _predict_tc(
    articles: dict[str, str], template: Path | None, models: PersuasionModels | None
) -> str:
    if template is None:
        raise InputError("[E1241] Task ptc-tc needs --template (the TC template of gold spans).")
    rows = [s for s in formats.read_span_labels(template) if s.article_id in articles]
    out: list[SpanLabel] = []
    for article_id, text in articles.items():
        mine = [s for s in rows if s.article_id == article_id]
        if models is None:
            out.extend(SpanLabel(s.article_id, s.start, s.end, "Loaded_Language") for s in mine)
        else:
            out.extend(models.classify_spans(text, mine))
    order = {s: i for i, s in enumerate(rows)}
    out.sort(key=lambda s: order.get(SpanLabel(s.article_id, s.start, s.end), 0))
    return formats.write_span_labels(out, with_technique=True)


def evaluate_task(
    task: str, gold: Path, pred: Path, ids: Iterable[str] | None = None
) -> scoring.Score:
    """Score the prediction file ``pred`` against ``gold`` (a file or folder of label files).

    ``ids`` restricts gold to those articles (e.g. the PTC dev ids inside the 2023 train file).
    """
    _check_task(task)
    keep = set(ids) if ids is not None else None

    def wanted(article_id: str) -> bool:
        return keep is None or article_id in keep

    if task == "semeval2023-st1":
        g1 = {k: v for k, v in formats.read_genre_labels(gold).items() if wanted(k)}
        return scoring.single_label_score(g1, formats.read_genre_labels(pred), GENRES)
    if task == "semeval2023-st2":
        g2 = {k: v for k, v in formats.read_frame_labels(gold).items() if wanted(k)}
        return scoring.multi_label_score(g2, formats.read_frame_labels(pred), FRAMES)
    if task == "semeval2023-st3":
        g3 = {k: v for k, v in formats.read_paragraph_labels(gold).items() if wanted(k[0])}
        p3 = formats.read_paragraph_labels(pred)
        return scoring.multi_label_score(g3, p3, tuple(TECHNIQUES))
    gold_spans = [s for s in formats.read_span_labels(gold) if wanted(s.article_id)]
    pred_spans = [s for s in formats.read_span_labels(pred) if wanted(s.article_id)]
    if task == "ptc-si":
        return scoring.si_score(gold_spans, pred_spans)
    if task == "ptc-tc":
        return scoring.tc_score(gold_spans, pred_spans, PTC_TECHNIQUES)
    return scoring.flc_score(gold_spans, pred_spans)
