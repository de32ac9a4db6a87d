"""Writing a file the user named: whole or not at all, and private (customers' data)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def replaced_whole(target: Path, mode: str = "wb", **open_args) -> Iterator[IO]:
    """A new file beside target, readable by its owner alone from its first byte (mkstemp: 0600),
    moved onto target when the block ends, removed if it fails: target is either as it was or
    whole. A process killed meanwhile leaves the hidden `.NAME.XXXX.part` beside it."""
    fd, staged = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **open_args) as out:
            yield out
        os.replace(staged, target)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
