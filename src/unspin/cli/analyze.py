"""``unspin analyze SOURCE``: analyse a file, folder, JSONL file, URL or stdin."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from unspin.analysis import Analyzer, Failure, ingest_options_from
from unspin.cli.options import AllowPrivate, ConfigFile
from unspin.cli.output import emit
from unspin.config import load_settings
from unspin.errors import ConfigError
from unspin.model import Article

STANCE_MODELS = {"shared": "stance.shared.v2", "target": "stance.target.v1"}
# --encoder: paragraph techniques from the shared encoder, whose pass stance.shared.v2 reads.
ENCODER_SWAPS = {"persuasion.crf.v2": "persuasion.encoder.v3"}
# --claims-model: the all-in-one claims detector of each attribution model.
CLAIMS_MODELS = {"linear": "claims.all.v2", "crf": "claims.all.v3", "neural": "claims.all.v4"}


def analyze_command(
    source: Annotated[
        str,
        typer.Argument(help="Text or HTML file, folder, JSONL file, http(s) URL, or - for stdin."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full analysis JSON (one line per article).")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the analysis JSON to this file (.json or .jsonl)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write a self-contained HTML report (works offline)."),
    ] = None,
    stance: Annotated[
        bool,
        typer.Option(
            "--stance",
            help="Also score the stance toward each actor (see --stance-model).",
        ),
    ] = False,
    stance_model: Annotated[
        str,
        typer.Option(
            "--stance-model",
            help="shared (stance.shared.v2, the default: two-layer encoder pass per paragraph, "
            "shared with persuasion under --encoder) or target (stance.target.v1: six layers, "
            "one pass per actor and sentence, about 2x the foundation's time, 0.03-0.04 better "
            "macro-F1).",
        ),
    ] = "shared",
    encoder: Annotated[
        bool,
        typer.Option(
            "--encoder",
            help="Paragraph techniques from the shared two-layer encoder (persuasion.encoder.v3: "
            "ST3 0.359 vs 0.326, about +30% time); --stance then reads the same pass.",
        ),
    ] = False,
    claims_model: Annotated[
        str | None,
        typer.Option(
            "--claims-model",
            help="Claims detector: linear (claims.all.v2, the default), crf (claims.all.v3) or "
            "neural (claims.all.v4: MiniLM encoders fine-tuned on PolNeAR for attributions and "
            "on CheckThat! for check-worthiness; better scores, about +1.2x the parse's time).",
        ),
    ] = None,
    allow_private: AllowPrivate = False,
    config: ConfigFile = None,
) -> None:
    """Analyse articles and print a summary (or the full JSON with --json)."""
    settings = load_settings(config)
    detectors = chosen_detectors(
        settings.pipeline.detectors,
        stance_model if stance else None,
        encoder=encoder,
        claims_model=claims_model,
    )
    if detectors != list(settings.pipeline.detectors):
        settings = load_settings(config, pipeline={"detectors": detectors})
    analyzer = Analyzer(
        settings, ingest_options=ingest_options_from(settings, allow_private=allow_private)
    )
    results = analyzer.analyze_source(source)
    if html is not None:
        results = _also_report(results, html)
    count, failures = emit(results, as_json=as_json, out=out, console=Console())
    if failures and count == 0:
        if len(failures) == 1:
            raise failures[0].error
        raise typer.Exit(code=2)
    if failures:
        typer.echo(f"unspin: analysed {count}, skipped {len(failures)}", err=True)
        raise typer.Exit(code=2)


def chosen_detectors(
    configured: Iterable[str],
    stance_model: str | None,
    *,
    encoder: bool = False,
    claims_model: str | None = None,
) -> list[str]:
    """The configured detectors (persuasion on the shared encoder with ``encoder``, the
    claims detector of ``claims_model``), plus the stance detector of ``stance_model`` unless
    one is configured already."""
    detectors = [ENCODER_SWAPS.get(d, d) for d in configured] if encoder else list(configured)
    if claims_model is not None:
        if claims_model not in CLAIMS_MODELS:
            raise ConfigError(
                f"[E1320] Unknown claims model {claims_model!r}. Choose linear, crf or neural."
            )
        claims = set(CLAIMS_MODELS.values()) | {"claims.all.v1"}
        detectors = [CLAIMS_MODELS[claims_model] if d in claims else d for d in detectors]
    if stance_model is None:
        return detectors
    if stance_model not in STANCE_MODELS:
        raise ConfigError(
            f"[E1319] Unknown stance model {stance_model!r}. Choose shared or target."
        )
    if not set(STANCE_MODELS.values()) & set(detectors):
        detectors.append(STANCE_MODELS[stance_model])
    return detectors


def _also_report(results: Iterable[Article | Failure], path: Path) -> Iterator[Article | Failure]:
    """Pass results through, then write the HTML report of the analysed articles."""
    from unspin.render.html import write_html_report

    articles: list[Article] = []
    for result in results:
        if isinstance(result, Article):
            articles.append(result)
        yield result
    if articles:
        write_html_report(articles, path)
