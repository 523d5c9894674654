"""The versioned JSON Schema of the analysis output, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from unspin.errors import SchemaError
from unspin.model import SCHEMA_VERSION


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one article's analysis JSON."""
    text = resources.files("unspin.schema").joinpath("article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_article_json(data: Any) -> None:
    """Raise ``SchemaError`` naming the first problem if ``data`` breaks the schema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(article_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise SchemaError(
            f"[E310] Output breaks schema {SCHEMA_VERSION} at {where}: {error.message}"
        )
