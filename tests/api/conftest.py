"""Fixtures of the API tests: the same corpus store and apps as the web tests."""

from tests.web.conftest import corpus_db, reader, writer

__all__ = ["corpus_db", "reader", "writer"]
