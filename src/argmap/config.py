"""Settings from ``argmap.toml`` or ``[tool.argmap]`` in ``pyproject.toml``.

Found upward from the current folder, as ruff finds its settings: the first
folder with an ``argmap.toml``, or a ``pyproject.toml`` that has a
``[tool.argmap]`` table, wins. Command-line flags override what is found here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

from argmap.files import regular_file_problem
from argmap.findings import Severity
from argmap.rules.catalogue import RULES, closest_rule, codes_named


class ConfigError(Exception):
    """Bad settings: a one-line message, exit 2."""


@dataclass(frozen=True)
class RenderDefaults:
    """`argmap render`'s defaults, which its flags override."""

    formats: tuple[str, ...] = ("svg",)
    output: str = "output"
    layout: str = "BT"
    renderer: str = "auto"


RENDER_KEYS = tuple(RenderDefaults.__dataclass_fields__)


@dataclass(frozen=True)
class Settings:
    select: frozenset[str] = frozenset(RULES)
    ignore: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    strict: bool = False
    render: RenderDefaults = RenderDefaults()
    origin: Path | None = None

    def describe(self) -> str:
        """What `lint --show-settings` prints: where the settings come from, and what they are."""
        from argmap.rules.catalogue import RULES

        lines = [f"settings: {self.origin or 'none found (the defaults)'}"]
        off = [code for code in RULES if not self.enabled(code)]
        lines.append(f"rules off: {', '.join(off) or 'none'}")
        for code, level in sorted(self.severity.items()):
            lines.append(f"severity: {code} {level}")
        lines.append(f"strict: {'yes' if self.strict else 'no'}")
        for key in RENDER_KEYS:
            value = getattr(self.render, key)
            lines.append(f"render.{key}: {', '.join(value) if isinstance(value, tuple) else value}")
        return "\n".join(lines)

    def enabled(self, code: str) -> bool:
        return code in self.select and code not in self.ignore

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, RULES[code].severity)

    def with_flags(self, select: str | None, ignore: str | None, strict: bool | None) -> Settings:
        changes: dict[str, Any] = {}
        if select:
            # what the command line selects by name is on, even if the config ignores it
            changes["select"] = selected = expand_codes(select.split(","), "--select")
            changes["ignore"] = self.ignore - selected
        if ignore:
            changes["ignore"] = changes.get("ignore", self.ignore) | expand_codes(ignore.split(","), "--ignore")
        if strict is not None:
            changes["strict"] = strict
        return replace(self, **changes)


def expand_codes(names: list[str], where: str) -> frozenset[str]:
    """Codes, slugs, code prefixes (``AM1``) and ``ALL`` to a set of codes."""
    codes: set[str] = set()
    for name in (name.strip() for name in names):
        if not name:
            continue
        found = codes_named(name)
        if found is None:
            raise ConfigError(f"unknown rule '{name}' in {where}{closest_rule(name)} (must be one of {', '.join(RULES)})")
        codes |= found
    if not codes and names:
        raise ConfigError(f"{where} names no rule (give codes, slugs or prefixes such as AM1)")
    return frozenset(codes)


def discover(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first settings file upward from *start*, and its argmap table (each file read once).

    The search stops at the root of the repository *start* is in (a folder with
    `.git` or `.hg`): a settings file above a checkout (say `ignore = ["ALL"]`
    in a shared parent folder) must not silence a project's audit. Outside a
    repository it stops at the home folder.
    """
    home = Path.home().resolve() if "HOME" in os.environ else None
    for folder in (start, *start.parents):
        for candidate in (folder / "argmap.toml", folder / "pyproject.toml"):
            if candidate.is_file() and (table := _argmap_table(candidate)) is not None:
                return candidate, table
        if (folder / ".git").exists() or (folder / ".hg").exists() or folder == home:
            break
    return None


def _argmap_table(path: Path) -> dict[str, Any] | None:
    """argmap.toml whole, or `[tool.argmap]` of a pyproject.toml (None when it has none)."""
    if path.name != "pyproject.toml":
        return _read(path)
    table = _read(path, _MAY_NAME_ARGMAP)
    if table is None:
        return None
    tool = table.get("tool")
    if not isinstance(tool, dict) or "argmap" not in tool:
        return None
    if not isinstance(tool["argmap"], dict):
        raise ConfigError(f"{path}: [tool.argmap] must be a table, not {type(tool['argmap']).__name__}")
    return tool["argmap"]


def load_settings(start: Path | None = None, explicit: Path | None = None, isolated: bool = False) -> Settings:
    """The settings of *explicit*, or found upward from *start*; with *isolated*, none: the defaults."""
    if isolated:
        return Settings()
    found = (explicit, _argmap_table(explicit) or {}) if explicit else discover((start or Path.cwd()).resolve())
    if found is None:
        return Settings()
    return parse_settings(found[1], found[0])


def parse_settings(table: dict[str, object], origin: Path) -> Settings:
    where = f"{origin.name}"
    known = ("select", "ignore", "severity", "strict", "render")
    for key in table:
        if key not in known:
            raise ConfigError(f"unknown setting '{key}' in {where} (must be one of {', '.join(known)})")
    settings = Settings(origin=origin)
    changes: dict[str, Any] = {}
    if "select" in table:
        changes["select"] = expand_codes(_list(table["select"], "select", where), f"{where} select")
    if "ignore" in table:
        changes["ignore"] = expand_codes(_list(table["ignore"], "ignore", where), f"{where} ignore")
    if "strict" in table:
        if not isinstance(table["strict"], bool):
            raise ConfigError(f"'strict' in {where} must be true or false")
        changes["strict"] = table["strict"]
    if "severity" in table:
        levels = table["severity"]
        if not isinstance(levels, dict):
            raise ConfigError(f"'severity' in {where} must be a table of code = \"error\" | \"warning\"")
        severity: dict[str, Severity] = {}
        for name, level in levels.items():
            if level not in ("error", "warning"):
                raise ConfigError(f"severity of '{name}' in {where} must be \"error\" or \"warning\", not {level!r}")
            for code in expand_codes([name], f"{where} severity"):
                severity[code] = Severity(level)
        changes["severity"] = severity
    if "render" in table:
        render = table["render"]
        if not isinstance(render, dict) or any(key not in RENDER_KEYS for key in render):
            raise ConfigError(f"'render' in {where} takes only: {', '.join(RENDER_KEYS)}")
        if "formats" in render:
            render = {**render, "formats": tuple(_list(render["formats"], "render.formats", where))}
        for key in ("output", "layout", "renderer"):
            if key in render and not isinstance(render[key], str):
                raise ConfigError(f"'render.{key}' in {where} must be a string")
        changes["render"] = RenderDefaults(**render)
    return replace(settings, **changes)


def _list(value: object, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ConfigError(f"'{key}' in {where} must be a list of strings")


#: what a pyproject.toml holds if it may set argmap's settings: a `tool.argmap` key or table,
#: a `[tool]` table, or an inline `tool = {...}`. Any other is not parsed (most projects' is not).
_MAY_NAME_ARGMAP = re.compile(r"""tool["'\s]*\.["'\s]*argmap|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""", re.M)


@overload
def _read(path: Path) -> dict[str, Any]: ...
@overload
def _read(path: Path, unless: re.Pattern[str]) -> dict[str, Any] | None: ...


def _read(path: Path, unless: re.Pattern[str] | None = None) -> dict[str, Any] | None:
    """The TOML of *path*; None, without parsing it, if it has no match of *unless*."""
    problem = regular_file_problem(path, MAX_SETTINGS_BYTES)  # a FIFO would hang, a device never end
    if problem:
        raise ConfigError(f"{path} {problem}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    if unless is not None and unless.search(text) is None:
        return None
    import tomllib  # only where a file is parsed: most runs have none to parse

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to read") from None


MAX_SETTINGS_BYTES = 2**20
