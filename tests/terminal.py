"""A program in a pseudo-terminal, as a person runs it: its screen read back, keys written."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

from crm_tui.tools.bench import ANSI

COMMAND = [sys.executable, "-m", "crm_tui"]


class Terminal:
    """A program in a pseudo-terminal: read its screen (escape codes dropped), press keys."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.execvp(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
        self.seen = ""
        self.raw = b""  # everything drawn since the last key pressed
        self.running = True

    def wait_for(self, pattern: str, timeout: float = 30.0) -> re.Match:
        """Wait until what was drawn since the last key pressed shows pattern (a frame's parts can
        come in any number of reads, and the title and the rows in separate frames)."""
        wanted = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.seen = ANSI.sub(b"", self.raw).decode("utf-8", "replace")
            if found := wanted.search(self.seen):
                return found
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.raw += os.read(self.fd, 65536)
                except OSError:
                    break
        raise AssertionError(f"never showed {pattern!r}; last seen: {self.seen[-600:]!r}")

    def press(self, keys: str) -> None:
        self.raw = b""
        os.write(self.fd, keys.encode())

    def exit_code(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                select.select([self.fd], [], [], 0.05)[0] and os.read(self.fd, 65536)  # keep the pipe flowing
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.running = False
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        raise AssertionError("the program did not exit")

    def close(self) -> None:
        if self.running:
            self.running = False
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            os.close(self.fd)


def environment(tmp_path) -> dict[str, str]:
    return {"TERM": "xterm-256color", "CRM_TUI_SETTINGS": str(tmp_path / "settings.toml"), "HOME": str(tmp_path)}
