"""The errors services raise; the UI shows them, the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""


class ValidationError(ServiceError):
    """Input that breaks a rule: one message per field ('' for the record as a whole)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))

    def __reduce__(self):  # pickled whole (start-up's background process sends it back)
        return type(self), (self.errors,)

    @classmethod
    def single(cls, field: str, message: str) -> "ValidationError":
        return cls({field: message})


class NotFoundError(ServiceError):
    """The record asked for does not exist (any more)."""


class DeleteBlockedError(ServiceError):
    """Deleting would leave an orphan; the message says what to do instead."""


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str
    yours: object
    theirs: object


class ConflictError(ServiceError):
    """Someone else saved the record since it was loaded; nothing was written."""

    def __init__(self, conflicts: list[FieldConflict], current_version: int, modified_by: str, modified_on):
        self.conflicts = conflicts
        self.current_version = current_version
        self.modified_by = modified_by
        self.modified_on = modified_on
        self.theirs = None  # the record as they saved it (a record_detail.Detail), where the caller read it
        super().__init__(
            f"Changed by {modified_by} at {modified_on:%Y-%m-%d %H:%M} since you opened it"
        )


@dataclass(frozen=True)
class PossibleDuplicate:
    rule: str  # the rule that matched
    record_type: str
    id: int
    label: str  # its name
    detail: str  # what tells two of one name apart: email, city, account


class DuplicatesFoundError(ServiceError):
    """The duplicate rules say the record being saved may already be there: nothing was written.
    The caller may save anyway (record_detail.save(..., allow_duplicates=True))."""

    def __init__(self, possible: list[PossibleDuplicate]):
        self.possible = list(possible)
        super().__init__(f"May be a duplicate of {', '.join(f'{p.label} ({p.id})' for p in self.possible[:3])}")

    def __reduce__(self):
        return type(self), (self.possible,)


class DatabaseTrouble(ServiceError):
    """The database could not do what was asked (busy, unreachable, read-only, full): nothing of
    it was written. The message is a sentence for people; the driver's own words are the cause."""
