"""Run a fuzz target for a bounded time: atheris (coverage-guided) when installed, else a
seeded mutation fuzzer. An input that raises anything but a coded ``UnspinError`` is a crash:
it is written to the artifacts folder and the run exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

Target = Callable[[bytes], None]
_TOKENS = (
    b"<", b">", b"</p>", b"<p>", b"<div>", b"<script>", b"</script>", b"<!--", b"-->", b'="',
    b"<meta charset=utf-16>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\r\n",
    b"\n\n", b"\xe2\x80\x8b", b"\xe2\x80\xae", b"\xcc\x81", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80",
    b"\xc3", b"By Jane Doe\n", b"MOSCOW (Reuters) - ", b"Published: 2023-03-22\n", b"&amp;",
    b"&#0;", b"&#x110000;", b"\\ud800", b'"', b"'", b" ", b".",
)  # fmt: skip


def run(target: Target, seeds: Sequence[bytes], argv: Sequence[str] | None = None) -> int:
    """Parse ``--seconds/--engine/--seed/--artifacts`` and fuzz ``target``; 0 when no crash."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random engine")
    parser.add_argument(
        "--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "unspin-fuzz"
    )
    args = parser.parse_args(argv)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "random"
        else:
            engine = "atheris"
    if engine == "atheris":
        return _run_atheris(target, seeds, args.seconds, args.artifacts)
    found = fuzz_random(
        target, seeds, seconds=args.seconds, seed=args.seed, artifacts=args.artifacts
    )
    return 1 if found else 0


def fuzz_random(
    target: Target,
    seeds: Sequence[bytes],
    *,
    seconds: float,
    seed: int = 0,
    artifacts: Path | None = None,
    max_inputs: int | None = None,
) -> list[Path | bytes]:
    """Mutate ``seeds`` for ``seconds``; return the crashing inputs (saved under ``artifacts``)."""
    rng = random.Random(seed)
    pool = [bytes(s) for s in seeds] or [b""]
    crashes: list[Path | bytes] = []
    deadline = time.monotonic() + seconds
    tried = 0
    while time.monotonic() < deadline and (max_inputs is None or tried < max_inputs):
        data = pool[tried] if tried < len(pool) else _mutate(rng, rng.choice(pool), pool)
        tried += 1
        try:
            target(data)
        except Exception:
            traceback.print_exc()
            crashes.append(_save(data, artifacts) if artifacts else data)
            continue
        if len(pool) < 2000 and rng.random() < 0.05:
            pool.append(data)
    print(f"fuzz: {tried} inputs in {seconds:g} s, {len(crashes)} crash(es)", file=sys.stderr)
    return crashes


def _mutate(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        at = rng.randint(0, len(buf))
        if op == 0 and buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = rng.choice(_TOKENS)
        elif op == 2 and buf:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 3:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 4 and buf:
            piece = buf[at : at + rng.randint(1, 256)]
            buf[at:at] = piece * rng.randint(2, 50)
        elif op == 5:
            other = rng.choice(pool)
            cut = rng.randint(0, len(other))
            buf = buf[:at] + bytearray(other[cut:])
        elif op == 6 and buf:
            buf[rng.randrange(len(buf))] = rng.choice(b"\x00\x80\xbf\xc0\xe0\xf0\xf8\xff<>&\"'")
    return bytes(buf[:200_000])


def _save(data: bytes, artifacts: Path) -> Path:
    path = artifacts / f"crash-{hashlib.sha256(data).hexdigest()[:16]}"
    path.write_bytes(data)
    print(f"fuzz: crashing input saved to {path}", file=sys.stderr)
    return path


RSS_BUDGET_MB = 4096


def _inherited_peak_mb() -> int:
    # libFuzzer reads the peak resident size, and Linux carries a parent's peak across fork
    # and exec: a fuzzer started by a test run that once used 7 GB would start "over" 4 GB.
    # At this point the fuzzer itself has used little, so the peak so far is the parent's.
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def _run_atheris(target: Target, seeds: Sequence[bytes], seconds: float, artifacts: Path) -> int:
    import atheris

    corpus = Path(tempfile.mkdtemp(prefix="unspin-fuzz-corpus-"))
    for index, seed in enumerate(seeds):
        (corpus / f"seed-{index}").write_bytes(seed)
    argv = [
        sys.argv[0],
        f"-max_total_time={max(1, int(seconds))}",
        f"-artifact_prefix={artifacts}/",
        "-max_len=65536",
        f"-rss_limit_mb={RSS_BUDGET_MB + _inherited_peak_mb()}",
        str(corpus),
    ]
    atheris.Setup(argv, target)
    atheris.Fuzz()
    return 0


def instrumented() -> contextlib.AbstractContextManager[object]:
    """atheris' import instrumentation when atheris will run, else nothing."""
    if "random" in sys.argv or "--engine=random" in sys.argv or "pytest" in sys.modules:
        return contextlib.nullcontext()
    try:
        import atheris
    except ImportError:
        return contextlib.nullcontext()
    return atheris.instrument_imports(include=["unspin"])  # type: ignore[no-any-return]
