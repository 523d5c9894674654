"""unspin: take news articles apart the way a fact-checker would, every finding tied to offsets.

Example:
    >>> import unspin
    >>> analyzer = unspin.Analyzer()  # doctest: +SKIP
    >>> article = analyzer.analyze_text("Xi Jinping met Vladimir Putin in Moscow.")  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("unspin")
except _PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

from unspin.analysis import Analyzer, Failure  # noqa: E402
from unspin.config import Settings, load_settings  # noqa: E402
from unspin.errors import UnspinError  # noqa: E402
from unspin.model import (  # noqa: E402
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
from unspin.pipeline import Pipeline  # noqa: E402
from unspin.serialize import article_from_dict, article_to_dict  # noqa: E402

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
