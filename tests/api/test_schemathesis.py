"""Schemathesis against the OpenAPI spec: generated requests never cause a server error.

Each operation gets a bounded number of examples so the suite stays fast; the analyze route
runs on the fake pipeline and the mock network, so nothing leaves the machine. The schema is
loaded eagerly (``from_fixture`` does not work with pytest 9.2); the store lives in a
temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.fixtures import fake_analyzer, make_store  # noqa: E402
from unspin.api.app import create_app  # noqa: E402
from unspin.api.service import ServerConfig  # noqa: E402

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

_folder = Path(tempfile.mkdtemp(prefix="unspin-fuzz-"))
atexit.register(shutil.rmtree, _folder, True)
_app = create_app(
    ServerConfig(db=make_store(_folder / "corpus.db"), max_body_bytes=200_000),
    analyzer=fake_analyzer(),
)
atexit.register(_app.state.workbench.close)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", _app)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
