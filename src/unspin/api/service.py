"""What the routes share: server settings, store connections, and analysis under limits.

Analysis runs in one worker thread (the spaCy pipeline is not shared between threads), with a
time limit per request and a bound on how many requests may wait. URL analysis always uses the
private-address guard: ``allow_private`` is forced off whatever the settings say.

Example:
    >>> bench = Workbench(ServerConfig(db=None))
    >>> bench.writable
    False
"""

from __future__ import annotations

import contextlib
import dataclasses
import hmac
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unspin.api.errors import ApiError
from unspin.ingest import RawInput
from unspin.model import Article
from unspin.store import connect, save_article

if TYPE_CHECKING:
    from unspin.analysis import Analyzer

DEFAULT_MAX_BODY = 5 * 1024 * 1024
DEFAULT_ANALYSIS_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Settings of ``unspin serve``."""

    db: Path | None = None
    read_only: bool = False
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    analysis_timeout: float = DEFAULT_ANALYSIS_TIMEOUT
    max_pending: int = 4
    settings_file: Path | None = None


class Workbench:
    """Store connections (one read-only connection per thread) and the analysis worker."""

    def __init__(
        self,
        config: ServerConfig,
        *,
        analyzer: Analyzer | None = None,
        analyzer_factory: Callable[[], Analyzer] | None = None,
    ) -> None:
        self.config = config
        self._analyzer = analyzer
        self._factory = analyzer_factory
        self._local = threading.local()
        self._writer: sqlite3.Connection | None = None  # used only in the worker thread
        self._pending = 0
        self.cache: dict[str, tuple[float, Any]] = {}  # small per-server caches (menus)
        self._pending_lock = threading.Lock()
        self._analyzer_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unspin-analyze")
        if config.db is not None and not config.read_only:
            connect(config.db).close()  # create or migrate the store up front

    @property
    def has_store(self) -> bool:
        return self.config.db is not None

    @property
    def writable(self) -> bool:
        return self.config.db is not None and not self.config.read_only

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection to the store."""
        if self.config.db is None:
            raise ApiError(
                503,
                "E1508",
                "This server has no store. Start it with --db corpus.db to browse a corpus.",
            )
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.config.db, readonly=True)
            self._local.conn = conn
        return conn

    def check_token(self, given: str | None) -> None:
        """Refuse a write route without the right token (when the server has one)."""
        expected = self.config.token
        if expected is None:
            return
        if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
            raise ApiError(
                401,
                "E1505",
                "This route needs the API token: send 'Authorization: Bearer TOKEN'.",
                {"WWW-Authenticate": "Bearer"},
            )

    def analyzer(self) -> Analyzer:
        """The analyzer, made on first use (loading the model takes a few seconds)."""
        with self._analyzer_lock:
            if self._analyzer is None:
                if self._factory is not None:
                    self._analyzer = self._factory()
                else:
                    from unspin.analysis import Analyzer, ingest_options_from
                    from unspin.config import load_settings

                    settings = load_settings(self.config.settings_file)
                    self._analyzer = Analyzer(
                        settings,
                        ingest_options=ingest_options_from(settings, allow_private=False),
                    )
            analyzer = self._analyzer
        if analyzer.ingest_options.allow_private:
            analyzer.ingest_options = dataclasses.replace(
                analyzer.ingest_options, allow_private=False
            )
        return analyzer

    def warm_up(self) -> Future[None]:
        """Load the analyzer in the worker thread so the first request does not wait for it."""
        return self._executor.submit(self._warm)

    def _warm(self) -> None:
        analyzer = self.analyzer()
        _ = analyzer.pipeline

    def analyze(self, raw: RawInput) -> Article:
        """Ingest and analyse one input within the time limit (raises coded errors)."""
        with self._pending_lock:
            if self._pending >= self.config.max_pending:
                raise ApiError(
                    503,
                    "E1509",
                    f"{self._pending} analyses are already waiting. Retry in a few seconds.",
                    {"Retry-After": "5"},
                )
            self._pending += 1
        try:
            future = self._executor.submit(self._run, raw)
            try:
                return future.result(timeout=self.config.analysis_timeout)
            except FutureTimeout:
                future.cancel()
                raise ApiError(
                    503,
                    "E1503",
                    f"The analysis took longer than {self.config.analysis_timeout:g} s and was "
                    "abandoned. Send a shorter article or analyse it with the CLI.",
                ) from None
        finally:
            with self._pending_lock:
                self._pending -= 1

    def _run(self, raw: RawInput) -> Article:
        from unspin.analysis import Failure

        analyzer = self.analyzer()
        result = next(iter(analyzer.analyze_inputs([raw])))
        if isinstance(result, Failure):
            raise result.error
        return result

    def check_writable(self) -> None:
        """Refuse to store when the server has no store or is read-only."""
        if self.config.db is None:
            raise ApiError(
                503, "E1508", "This server has no store: start it with --db to save articles."
            )
        if self.config.read_only:
            raise ApiError(
                403, "E1506", "This server is read-only: analyses are shown but not stored."
            )

    def save(self, article: Article) -> bool:
        """Store an analysed article (in the worker thread); False when already stored."""
        self.check_writable()
        return self._executor.submit(self._save, article).result()

    def _save(self, article: Article) -> bool:
        if self._writer is None:
            assert self.config.db is not None
            self._writer = connect(self.config.db)
        return save_article(self._writer, article)

    def close(self) -> None:
        """Stop the worker (after its current task) and close its store connection."""
        with contextlib.suppress(RuntimeError):  # already shut down (interpreter exit)
            self._executor.submit(self._close_writer)
        self._executor.shutdown(wait=True)

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
