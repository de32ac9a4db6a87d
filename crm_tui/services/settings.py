"""The user's settings file (TOML, in the user's config folder): the organisation's names for
record types and field labels, remapped keys, the theme, and the first screen.

    theme = "nord"
    start = "my_day"

    [names.account]
    singular = "Company"
    plural = "Companies"

    [labels.account]
    name = "Company name"

    [keys]
    "app.search" = "ctrl+k"

A file with mistakes still loads: what is wrong is reported and left out.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

from crm_tui.core.record_type import set_names
from crm_tui.core.types import RECORD_TYPES, record_type
from crm_tui.paths import SETTINGS_ENV as ENV_VAR  # noqa: F401 (re-exported)
from crm_tui.paths import settings_path
from crm_tui.services.errors import ValidationError

NAME_LENGTH = 40
TOP_LEVEL = frozenset({"theme", "start", "names", "labels", "keys"})
STARTS = ("list", "my_day")  # the first screen: the accounts list, or My day


@dataclass
class Settings:
    theme: str | None = None
    start: str = "list"  # one of STARTS
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # record type -> (singular, plural)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (record type, field) -> label
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    problems: list[str] = field(default_factory=list)  # what was wrong in the file, and left out

    def apply_names(self) -> None:
        """Every screen, list, palette entry and message uses these names from now on."""
        set_names(self.names, self.labels)


def _text(value: object, where: str, problems: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: expected some text")
        return None
    if len(value.strip()) > NAME_LENGTH:
        problems.append(f"{where}: at most {NAME_LENGTH} characters")
        return None
    if any(ch in "[]" or not ch.isprintable() for ch in value.strip()):
        problems.append(f"{where}: no square brackets or control characters")
        return None
    return " ".join(value.split())


def _table(data: dict, key: str, problems: list[str]) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"[{key}] should be a table")
        return {}
    return value


def parse(text: str) -> Settings:
    """Settings from a file's text; what is wrong goes to .problems and is left out."""
    import tomllib  # only when there is a file: most start-ups have none to read

    settings = Settings()
    problems = settings.problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(f"not valid TOML ({error}); using the defaults")
        return settings
    known_types = {rt.key for rt in RECORD_TYPES}
    for key in sorted(set(data) - TOP_LEVEL):
        problems.append(f"{key}: not a setting (the settings are {', '.join(sorted(TOP_LEVEL))})")
    if "theme" in data:
        settings.theme = _text(data["theme"], "theme", problems)
    if "start" in data:
        if data["start"] in STARTS:
            settings.start = data["start"]
        else:
            problems.append(f"start: one of {', '.join(STARTS)}")
    for key, value in _table(data, "names", problems).items():
        if key not in known_types:
            problems.append(f"[names.{key}]: no such record type (one of {', '.join(sorted(known_types))})")
            continue
        if not isinstance(value, dict):
            problems.append(f"[names.{key}] should be a table with singular and plural")
            continue
        rt = record_type(key)
        for unknown in sorted(set(value) - {"singular", "plural"}):
            problems.append(f"names.{key}.{unknown}: not a name (give singular and plural)")
        one = _text(value["singular"], f"names.{key}.singular", problems) if "singular" in value else None
        many = _text(value["plural"], f"names.{key}.plural", problems) if "plural" in value else None
        if one or many:
            settings.names[key] = (one or rt.default_singular, many or rt.default_plural)
    for key, value in _table(data, "labels", problems).items():
        if key not in known_types or not isinstance(value, dict):
            problems.append(f"[labels.{key}]: no such record type")
            continue
        field_names = {f.name for f in record_type(key).default_fields}
        for name, label in value.items():
            if name not in field_names:
                problems.append(f"labels.{key}.{name}: no such field (one of {', '.join(sorted(field_names))})")
            elif text := _text(label, f"labels.{key}.{name}", problems):
                settings.labels[(key, name)] = text
    for binding_id, keys in _table(data, "keys", problems).items():
        if text := _text(keys, f"keys.{binding_id}", problems):
            settings.keys[binding_id] = text.replace(" ", "")
    return settings


def load(path: Path | None = None) -> Settings:
    """The settings in the file (the defaults when there is none)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(problems=[f"cannot read {path}: {error.strerror}"])
    return parse(text)


def to_toml(settings: Settings) -> str:
    import tomli_w  # only when writing: start-up only reads

    data: dict = {}
    if settings.theme:
        data["theme"] = settings.theme
    if settings.start != "list":
        data["start"] = settings.start
    if settings.names:
        data["names"] = {k: {"singular": one, "plural": many} for k, (one, many) in sorted(settings.names.items())}
    if settings.labels:
        labels: dict[str, dict[str, str]] = {}
        for (key, name), label in sorted(settings.labels.items()):
            labels.setdefault(key, {})[name] = label
        data["labels"] = labels
    if settings.keys:
        data["keys"] = dict(sorted(settings.keys.items()))
    return tomli_w.dumps(data)


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings (atomically: a reader never sees half a file)."""
    path = path or settings_path()
    if path.exists() and not path.is_file():  # e.g. CRM_TUI_SETTINGS=/dev/null: read, never replaced
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    partial.write_text(to_toml(settings), encoding="utf-8")
    partial.replace(path)
    return path


def _typed(text: str, default: str, where: str, field: str) -> str:
    """A name typed in the settings screen: the default when blank; refused when it breaks a rule."""
    if not text.strip():
        return default
    problems: list[str] = []
    value = _text(text, where, problems)
    if problems:
        raise ValidationError.single(field, "; ".join(problems))
    return value


def rename_type(settings: Settings, key: str, singular: str, plural: str) -> None:
    """Name a record type (blank: its default name back)."""
    rt = record_type(key)
    one = _typed(singular, rt.default_singular, "Singular", "name")
    many = _typed(plural, rt.default_plural, "Plural", "name")
    if (one, many) == (rt.default_singular, rt.default_plural):
        settings.names.pop(key, None)
    else:
        settings.names[key] = (one, many)


def relabel(settings: Settings, key: str, field_name: str, label: str) -> None:
    """Label a field (blank: its default label back)."""
    default = next(f for f in record_type(key).default_fields if f.name == field_name).label
    text = _typed(label, default, "Label", "label")
    if text == default:
        settings.labels.pop((key, field_name), None)
    else:
        settings.labels[(key, field_name)] = text
