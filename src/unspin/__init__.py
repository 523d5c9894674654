"""unspin: take news articles apart the way a fact-checker would, every finding tied to offsets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("unspin")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
