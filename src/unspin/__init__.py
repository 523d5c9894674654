"""unspin: take news articles apart the way a fact-checker would, every finding tied to offsets.

Example:
    >>> import unspin
    >>> analyzer = unspin.Analyzer()  # doctest: +SKIP
    >>> article = analyzer.analyze_text("Xi Jinping met Putin.")  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("unspin")
except _PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

from unspin.analysis import Analyzer, Failure
from unspin.config import Settings, load_settings
from unspin.errors import UnspinError
from unspin.model import (
    Actor,
    Article,
    Finding,
    Mention,
    Meta,
    Provenance,
    Sourced,
    Span,
    TimeExpression,
)
from unspin.pipeline import Pipeline
from unspin.serialize import article_from_dict, article_to_dict

__all__ = [
    "Actor",
    "Analyzer",
    "Article",
    "Failure",
    "Finding",
    "Mention",
    "Meta",
    "Pipeline",
    "Provenance",
    "Settings",
    "Sourced",
    "Span",
    "TimeExpression",
    "UnspinError",
    "__version__",
    "article_from_dict",
    "article_to_dict",
    "load_settings",
]
