"""Big inputs with the size limit raised (slow): bounded time and memory, or a known limit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.support import REPO_ROOT

MB = 1024 * 1024
# Ingest holds the bytes, the decoded text, its lines and the paragraphs: a few copies.
MAX_RSS_MB = 1500

_INGEST_50_MB = textwrap.dedent(
    """
    import json, resource, time
    from unspin.ingest import IngestOptions, RawInput, ingest
    para = ("Xi Jinping met Vladimir Putin in Moscow on Monday and the two leaders said talks "
            "on energy and trade would go on, officials said. ")
    data = ((para * 8).strip() + "\\n\\n").encode() * (50 * 1024 * 1024 // (len(para) * 8 + 1))
    start = time.monotonic()
    options = IngestOptions(max_bytes=64 * 1024 * 1024)
    article = ingest(RawInput(data, source_id="50mb.txt"), options)
    print(json.dumps({
        "bytes": len(data), "chars": len(article.text), "paragraphs": len(article.paragraphs),
        "seconds": round(time.monotonic() - start, 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }))
    """
)


@pytest.mark.slow
def test_50_mb_text_is_ingested_in_bounded_memory_when_the_limit_is_raised() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _INGEST_50_MB],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["bytes"] > 49 * MB
    assert report["chars"] > 49 * MB and report["paragraphs"] > 30_000
    assert report["peak_rss_mb"] < MAX_RSS_MB, report


@pytest.mark.slow
def test_2_mb_single_line_through_the_pipeline() -> None:
    # Past 15 min once (issue 9); about 3 min on 2 shared cores now, half of it the spaCy parse.
    from tests.reliability.checks import analyse, assert_spans_slice
    from unspin.analysis import Analyzer
    from unspin.ingest import RawInput
    from unspin.model import Article

    line = "Xi Jinping met Vladimir Putin in Moscow on Monday, officials said. " * 31_000
    outcome = analyse(Analyzer(), RawInput(line, kind="text"))
    assert isinstance(outcome, Article)
    assert_spans_slice(outcome)
