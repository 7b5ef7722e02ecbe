"""A bounded HTTP load run against a real ``lookalike serve`` process on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import numpy as np

from lookalike.errors import LookalikeError

# Bench keys need limits far above any real plan, or the load run would only measure the limiter.
BENCH_PLANS = {
    "basic": {},
    "bench": {
        "per_second": 1_000_000,
        "per_minute": 10_000_000,
        "per_hour": 100_000_000,
        "per_day": 1_000_000_000,
    },
}


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load run measured: requests, failures, throughput and latency percentiles."""

    generator: str
    requests: int
    failures: int
    seconds: float
    p50_ms: float
    p99_ms: float
    generator_cpu_seconds: float = 0.0  # CPU the load generator itself used

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def generator_share(self) -> float:
        """The load generator's share of the machine's cores over the run."""
        cores = os.cpu_count() or 1
        return self.generator_cpu_seconds / (self.seconds * cores) if self.seconds else 0.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(data_dir: Path) -> dict[str, str]:
    """The environment of a bench server: its data directory and the unlimited bench plan."""
    return {
        **os.environ,
        "LOOKALIKE_DATA_DIR": str(data_dir.resolve()),
        "LOOKALIKE_PLANS": json.dumps(BENCH_PLANS),
    }


@contextmanager
def running_server(
    data_dir: Path, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start ``lookalike serve`` on a free loopback port; yield its base URL and process."""
    port = free_port()
    command = [sys.executable, "-m", "lookalike.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    if workers > 1:  # the bench plan's limits are out of reach: counting them per worker is fine
        command.append("--allow-per-worker-limits")
    process = subprocess.Popen(
        command,
        env=server_environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, process)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(
    base_url: str, process: subprocess.Popen[bytes], timeout: float = 600
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LookalikeError(f"The bench server exited with code {process.returncode}.")
        try:
            if httpx.get(f"{base_url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise LookalikeError(f"The bench server at {base_url} did not answer within {timeout:.0f} s.")


def peak_rss_bytes(pid: int) -> int:
    """Peak resident memory (VmHWM) of a process and its child processes, in bytes."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text(encoding="utf-8")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) * 1024
    return total


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8")
    except OSError:
        return []
    return [int(child) for child in text.split()]


def run_load(
    base_url: str,
    api_key: str,
    bodies: Sequence[dict[str, object]],
    concurrency: int = 32,
    seconds: float = 10.0,
    max_requests: int = 100_000,
    generator: str = "auto",
) -> LoadResult:
    """POST ``bodies`` round-robin to the contacts endpoint from ``concurrency`` clients.

    ``generator`` is ``wrk`` (a C load generator, far lighter on the shared cores), ``httpx``
    (pure Python, always available) or ``auto`` (wrk when installed). The run is bounded: it stops
    after ``seconds`` (and, with httpx, ``max_requests``), whichever comes first.
    """
    if generator == "wrk" or (generator == "auto" and shutil.which("wrk")):
        before = _children_cpu_seconds()
        result = _wrk_load(base_url, api_key, bodies, concurrency, seconds)
        return replace(result, generator_cpu_seconds=_children_cpu_seconds() - before)
    before = time.process_time()
    result = asyncio.run(_load(base_url, api_key, bodies, concurrency, seconds, max_requests))
    return replace(result, generator_cpu_seconds=time.process_time() - before)


def _children_cpu_seconds() -> float:
    """User and system CPU of the finished child processes (wrk) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_WRK_SCRIPT = """
local bodies = %s
local key = %s
local counter = 0
request = function()
  counter = counter + 1
  local headers = {["api_key"] = key, ["Content-Type"] = "application/json"}
  local body = bodies[(counter %% #bodies) + 1]
  return wrk.format("POST", "/api/recommendations/contacts", headers, body)
end
"""


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


WRK_THREADS = 2


def _wrk_load(
    base_url: str,
    api_key: str,
    bodies: Sequence[dict[str, object]],
    concurrency: int,
    seconds: float,
) -> LoadResult:
    table = "{" + ",".join(_lua_string(json.dumps(body)) for body in bodies) + "}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % (table, _lua_string(api_key)))
    try:
        threads = min(WRK_THREADS, concurrency)  # wrk refuses more threads than connections
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
        ]
        output = subprocess.run(
            [*command, "-s", script.name, base_url],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk_output(output)


def parse_wrk_output(output: str) -> LoadResult:
    """Requests, failures, duration and p50/p99 latency from ``wrk --latency`` output."""
    summary = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if summary is None:
        raise LookalikeError(f"Could not read wrk's output: {output[:200]!r}")
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*?timeout (\d+)", output)
    return LoadResult(
        generator="wrk",
        requests=int(summary.group(1)),
        failures=(int(failures.group(1)) if failures else 0)
        + (int(errors.group(1)) if errors else 0),
        seconds=_to_seconds(float(summary.group(2)), summary.group(3)),
        p50_ms=_percentile_ms(output, "50"),
        p99_ms=_percentile_ms(output, "99"),
    )


def _percentile_ms(output: str, percent: str) -> float:
    found = re.search(rf"^\s+{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    return _to_seconds(float(found.group(1)), found.group(2)) * 1000 if found else float("nan")


def _to_seconds(value: float, unit: str) -> float:
    return value * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


async def _load(
    base_url: str,
    api_key: str,
    bodies: Sequence[dict[str, object]],
    concurrency: int,
    seconds: float,
    max_requests: int,
) -> LoadResult:
    latencies: list[float] = []
    failures = 0
    counter = iter(range(max_requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    started = time.perf_counter()
    deadline = started + seconds

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal failures
            for number in counter:
                if time.perf_counter() >= deadline:
                    return
                body = bodies[number % len(bodies)]
                sent = time.perf_counter()
                response = await client.post(
                    "/api/recommendations/contacts", json=body, headers={"api_key": api_key}
                )
                latencies.append(time.perf_counter() - sent)
                if response.status_code != 200:
                    failures += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    measured = np.asarray(latencies) * 1000 if latencies else np.zeros(1)
    return LoadResult(
        generator="httpx",
        requests=len(latencies),
        failures=failures,
        seconds=elapsed,
        p50_ms=float(np.percentile(measured, 50)),
        p99_ms=float(np.percentile(measured, 99)),
    )
