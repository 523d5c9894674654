"""The time grammar: resolve English time expressions and find them in text."""

from unspin.nlp.timex.resolve import Resolution, normalise, resolve_time

__all__ = ["Resolution", "normalise", "resolve_time"]
