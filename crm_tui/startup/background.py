"""Work done in a forked process while this one goes on (start-up reads the database while
Textual imports: two cores, no shared interpreter lock).

The function runs in a copy of this process; its result (or exception) comes back pickled.
Without fork (Windows) it simply runs when the result is asked for.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from typing import Any, Callable


class BackgroundError(RuntimeError):
    """The function failed in the other process with an exception that could not be sent back."""


class Pending:
    """A function's result, being computed in a forked process."""

    def __init__(self, fn: Callable[..., Any], args: tuple):
        self._fn, self._args = fn, args
        self._pid: int | None = None
        self._fd: int | None = None
        if hasattr(os, "fork"):
            self._fork()

    def _fork(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # else the child would write the buffered text again
            stream.flush()
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the function runs when its result is asked for
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:
            os.close(read_end)
            _run_child(write_end, self._fn, self._args)  # never returns
        os.close(write_end)
        self._pid, self._fd = pid, read_end

    def result(self) -> Any:
        """The function's return value; its exception is raised here."""
        if self._pid is None:
            return self._fn(*self._args)
        chunks = []
        with os.fdopen(self._fd, "rb") as pipe:
            while chunk := pipe.read(1 << 16):
                chunks.append(chunk)
        os.waitpid(self._pid, 0)
        self._pid = None
        if not chunks:
            raise BackgroundError("the background process ended without an answer")
        ok, value = pickle.loads(b"".join(chunks))
        if ok:
            return value
        raise value


def start(fn: Callable[..., Any], *args: Any) -> Pending:
    return Pending(fn, args)


def _run_child(fd: int, fn: Callable[..., Any], args: tuple) -> None:
    code = 0
    try:
        try:
            answer = pickle.dumps((True, fn(*args)))
        except BaseException as error:  # noqa: BLE001 — every failure goes back to the parent
            try:
                answer = pickle.dumps((False, error))
                pickle.loads(answer)  # an exception class with a custom __init__ may not come back
            except Exception:
                answer = pickle.dumps((False, BackgroundError("".join(traceback.format_exception(error)))))
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(answer)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # not the parent's exit handlers, nor its buffers
