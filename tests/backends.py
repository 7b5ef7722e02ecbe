"""The PostgreSQL and Redis the tests run against: the running ones, else throwaway ones.

``TEST_POSTGRES_URL`` and ``TEST_REDIS_URL`` name the servers and default to the local ones on their
standard ports. The first test that asks for a URL that nothing answers on starts a throwaway
server from the installed binaries on a free port (stopped at the end of the run by the root
``conftest.py``); where the binaries are missing, every test needing that backend is skipped with
one line saying why. ``TEST_NO_SERVER_BINARIES=1`` pretends they are missing (to try that path);
``TEST_REQUIRE_BACKENDS=1``, set by CI, makes a missing backend fail the tests instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa


class BackendStartError(Exception):
    """A backend is not running and no throwaway server could be started; says why."""


@dataclass(frozen=True)
class Backend:
    """A server the tests need: its name, the variable naming it, and how to start one."""

    name: str
    variable: str
    default_url: str
    default_port: int
    start: Callable[[str], tuple[str, Callable[[], None]]]


_urls: dict[str, str] = {}
_unavailable: dict[str, str] = {}
_stops: list[Callable[[], None]] = []
_started: list[str] = []


def postgres_url() -> str:
    """The URL of the tests' PostgreSQL database; skips the calling test where there is none."""
    return _url_or_skip(POSTGRES)


def redis_url() -> str:
    """The URL of the tests' Redis; skips the calling test where there is none."""
    return _url_or_skip(REDIS)


def started_servers() -> list[str]:
    """The throwaway servers this run started, as "PostgreSQL at 127.0.0.1:41234"."""
    return list(_started)


def fold_skip_location(longrepr: tuple[str, int, str]) -> tuple[str, int, str]:
    """One location for every skip of a missing backend, so the summary says it in one line.

    pytest reports a skip raised in a fixture at the test's location, one line per test.
    """
    reason = longrepr[2].removeprefix("Skipped: ")
    if reason in _unavailable.values():
        return (__file__, _url_or_skip.__code__.co_firstlineno, longrepr[2])
    return longrepr


def stop_throwaway_servers() -> None:
    """Stops and removes every throwaway server this run started."""
    while _stops:
        _stops.pop()()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _url_or_skip(backend: Backend) -> str:
    if backend.name not in _urls and backend.name not in _unavailable:
        try:
            _urls[backend.name] = _reachable_or_started(backend)
        except BackendStartError as error:
            _unavailable[backend.name] = str(error)
    if backend.name in _unavailable:
        if os.environ.get("TEST_REQUIRE_BACKENDS"):
            pytest.fail(_unavailable[backend.name], pytrace=False)
        pytest.skip(_unavailable[backend.name])
    return _urls[backend.name]


def _reachable_or_started(backend: Backend) -> str:
    url = os.environ.get(backend.variable, backend.default_url)
    address = _address(url, backend.default_port)
    if _listening(*address):
        return url
    where = f"{backend.name} is not running at {address[0]}:{address[1]} ({backend.variable})"
    try:
        started_url, stop = backend.start(url)
    except BackendStartError as error:
        raise BackendStartError(f"{where} and {error}") from None
    _stops.append(stop)
    host, port = _address(started_url, backend.default_port)
    _started.append(f"{backend.name} at {host}:{port}")
    return started_url


def _address(url: str, default_port: int) -> tuple[str, int]:
    parsed = sa.make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or default_port


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        if _listening("127.0.0.1", port):
            return
        time.sleep(0.05)
    raise BackendStartError(f"the server started on port {port} did not accept connections")


def _on_local_port(url: str, port: int) -> str:
    moved = sa.make_url(url).set(host="127.0.0.1", port=port)
    return moved.render_as_string(hide_password=False)


def _binary_or_none(name: str, patterns: tuple[str, ...] = ()) -> Path | None:
    if os.environ.get("TEST_NO_SERVER_BINARIES"):
        return None
    found = [
        shutil.which(name),
        *sorted(
            (path for pattern in patterns for path in glob.glob(pattern)),
            key=lambda path: [int(n) for n in re.findall(r"\d+", path)],
            reverse=True,
        ),
    ]
    return next((Path(path) for path in found if path), None)


class ThrowawayRedis:
    """A ``redis-server`` on a free port, keeping nothing on disk, that can stop and start again."""

    def __init__(self, binary: str = "redis-server") -> None:
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL of database 0 on this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Starts the server and waits until it accepts connections."""
        options = [
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen([self.binary, *options], stdout=subprocess.DEVNULL)
        try:
            _wait_until_listening(self.port, self.process)
        except BackendStartError:
            self.stop()
            raise

    def stop(self) -> None:
        """Stops the server; its data is gone."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _start_redis(url: str) -> tuple[str, Callable[[], None]]:
    binary = _binary_or_none("redis-server")
    if binary is None:
        raise BackendStartError("redis-server was not found (install redis-server)")
    server = ThrowawayRedis(str(binary))
    server.start()
    return _on_local_port(url, server.port), server.stop


def _start_postgres(url: str) -> tuple[str, Callable[[], None]]:
    initdb = _binary_or_none("initdb", ("/usr/lib/postgresql/*/bin/initdb",))
    if initdb is None:
        raise BackendStartError("initdb was not found (install postgresql)")
    run_as = _postgres_user_prefix()
    directory = Path(tempfile.mkdtemp(prefix="lookalike-test-postgres-"))
    if run_as:
        user = pwd.getpwnam("postgres")
        os.chown(directory, user.pw_uid, user.pw_gid)
    port = free_port()
    # The real file's directory holds its siblings (pg_ctl, createdb), not a symlink's.
    server = _PostgresServer(initdb.resolve().parent, directory, port, run_as)
    try:
        parsed = sa.make_url(url)
        server.create(parsed.username or "postgres", parsed.database or "")
    except BackendStartError:
        server.remove()
        raise
    return _on_local_port(url, port), server.remove


def _postgres_user_prefix() -> list[str]:
    """initdb refuses to run as root: run the server as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise BackendStartError("initdb cannot run as root and there is no postgres user") from None
    if shutil.which("runuser") is None:
        raise BackendStartError("initdb cannot run as root and runuser was not found")
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class _PostgresServer:
    bin_dir: Path
    directory: Path
    port: int
    run_as: list[str]

    def create(self, user: str, database: str) -> None:
        data = self.directory / "data"
        initdb = ["-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
        self._run(self.run_as, "initdb", *initdb, "--no-sync")
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.directory / "server.log")
        self._run(self.run_as, "pg_ctl", "-D", str(data), "-l", log, "-o", options, "-w", "start")
        if database and database != user:
            self._run([], "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", user, database)

    def remove(self) -> None:
        data = str(self.directory / "data")
        with suppress(BackendStartError):
            self._run(self.run_as, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, prefix: list[str], program: str, *arguments: str) -> None:
        command = [*prefix, str(self.bin_dir / program), *arguments]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise BackendStartError(f"{program} could not run: {error}") from None
        if done.returncode != 0:
            last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
            raise BackendStartError(f"{program} failed: {last}")


POSTGRES = Backend(
    "PostgreSQL",
    "TEST_POSTGRES_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    5432,
    _start_postgres,
)
REDIS = Backend("Redis", "TEST_REDIS_URL", "redis://127.0.0.1:6379/0", 6379, _start_redis)
