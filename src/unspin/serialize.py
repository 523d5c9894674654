"""Article <-> JSON-ready dict, driven by the dataclass type hints of the document model.

Finding subclasses round-trip as long as their fields are built from primitives, ``Span``,
tuples, optionals, mappings and other frozen dataclasses, and the subclass is registered with
``register_finding_kind``.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from unspin.errors import SchemaError
from unspin.model import FINDING_KINDS, SCHEMA_VERSION, Article, Finding, Span


def to_dict(value: Any) -> Any:
    """Turn a model object into JSON-ready data (dicts, lists, str, numbers, None)."""
    if isinstance(value, Span):
        return value.to_json()
    if isinstance(value, Finding):
        data: dict[str, Any] = {"kind": value.kind}
        for f in dataclasses.fields(value):
            data[f.name] = to_dict(getattr(value, f.name))
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_dict(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_dict(v) for k, v in value.items()}
    return value


def article_to_dict(article: Article) -> dict[str, Any]:
    """The analysis JSON of one article (validated by ``schema/article.schema.json``)."""
    data = to_dict(article)
    return {"schema_version": SCHEMA_VERSION, **data}


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """Rebuild an ``Article`` from its analysis JSON."""
    payload = {k: v for k, v in data.items() if k != "schema_version"}
    article = _build(Article, payload)
    assert isinstance(article, Article)
    return article


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    kind = data.get("kind")
    cls = FINDING_KINDS.get(str(kind))
    if cls is None:
        raise SchemaError(
            f"[E301] Unknown finding kind {kind!r}. "
            f"Known kinds: {', '.join(sorted(FINDING_KINDS))}."
        )
    built = _build(cls, {k: v for k, v in data.items() if k != "kind"})
    assert isinstance(built, Finding)
    return built


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: Mapping[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise SchemaError(f"[E302] Cannot rebuild {cls.__name__}: {exc}.") from exc


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        for candidate in non_none:
            try:
                return _convert(candidate, value)
            except (SchemaError, TypeError, KeyError, ValueError):
                continue
        raise SchemaError(f"[E303] Value {value!r} fits none of {hint}.")
    if hint is Span:
        return Span.from_json(value)
    if hint is Finding:
        return finding_from_dict(value)
    if origin is tuple:
        item = args[0] if args else Any
        return tuple(_convert(item, v) for v in value)
    if origin is typing.Literal or hint is Any:
        return value
    if origin in (Mapping, dict) or hint in (dict, Mapping):
        value_hint = args[1] if len(args) == 2 else Any
        return {k: _convert(value_hint, v) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, Mapping):
            raise SchemaError(f"[E304] Expected an object for {hint.__name__}, got {value!r}.")
        return _build(hint, value)
    if hint is float and isinstance(value, int):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint):
        raise SchemaError(f"[E305] Expected {hint.__name__}, got {value!r}.")
    return value
