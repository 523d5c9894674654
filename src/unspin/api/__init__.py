"""The REST API of ``unspin serve`` (FastAPI): routes, schemas, errors; no analysis logic."""
