"""Work in a forked process: its answer, its errors, and the same without fork."""

import os

import pytest

from crm_tui.services.errors import ValidationError
from crm_tui.startup import background


def _pid_and_sum(a, b):
    return os.getpid(), a + b


def _refuse(field):
    raise ValidationError.single(field, "Required")


class _Awkward(Exception):
    def __init__(self, code, detail):  # two arguments: pickling keeps one tuple, rebuilding fails
        super().__init__(f"{code}: {detail}")


def _awkward():
    raise _Awkward(7, "the disk is full")


def test_the_answer_comes_back_from_another_process():
    pid, total = background.start(_pid_and_sum, 2, 3).result()
    assert total == 5
    assert pid != os.getpid()


def test_an_error_is_raised_in_the_caller_with_its_type_and_fields():
    with pytest.raises(ValidationError) as info:
        background.start(_refuse, "username").result()
    assert info.value.errors == {"username": "Required"}


def test_an_error_that_cannot_be_rebuilt_still_says_what_happened():
    with pytest.raises(background.BackgroundError) as info:
        background.start(_awkward).result()
    assert "_Awkward" in str(info.value) and "the disk is full" in str(info.value)


def test_without_fork_the_function_runs_when_asked(monkeypatch):
    monkeypatch.delattr(os, "fork")
    pending = background.start(_pid_and_sum, 1, 1)
    assert pending.result() == (os.getpid(), 2)


def test_when_no_process_can_be_forked_the_function_runs_when_asked(monkeypatch):
    def refuse():
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert background.start(_pid_and_sum, 2, 2).result() == (os.getpid(), 4)
