"""A private PostgreSQL server for the tests, started from the binaries on the PATH."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as(user: str | None, args: list[str]) -> None:
    """PostgreSQL refuses to run as root: as root, run it as an unprivileged user."""
    command = ["runuser", "-u", user, "--", *args] if user else args
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(args[:2])} failed: {result.stderr.strip()[-500:]}")


class PostgresServer:
    def __init__(self) -> None:
        for tool in ("initdb", "pg_ctl"):
            if shutil.which(tool) is None:
                raise PostgresUnavailable(f"{tool} is not on the PATH")
        self.user = None
        if os.geteuid() == 0:
            for candidate in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(candidate)
                except KeyError:
                    continue
                self.user = candidate
                break
            if self.user is None or shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root with no unprivileged user to run PostgreSQL")
        self.dir = Path(tempfile.mkdtemp(prefix="crm-tui-pg-"))
        self.port = _free_port()
        self.superuser = self.user or pwd.getpwuid(os.getuid()).pw_name
        if self.user:
            shutil.chown(self.dir, self.user)
        data = self.dir / "data"
        _run_as(self.user, [shutil.which("initdb"), "-D", str(data), "-A", "trust", "-E", "UTF8",
                            "--locale=C", "-U", self.superuser])
        self._data = data
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
        _run_as(self.user, [shutil.which("pg_ctl"), "-D", str(self._data), "-o", options,
                            "-l", str(self.dir / "server.log"), "-w", "-t", "60", "start"])

    def halt(self) -> None:
        """Stop the server as an outage would (start() brings it back)."""
        _run_as(self.user, [shutil.which("pg_ctl"), "-D", str(self._data), "-m", "immediate", "-w", "stop"])

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            _run_as(self.user, [shutil.which("pg_ctl"), "-D", str(self._data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
