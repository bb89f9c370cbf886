"""One claim file in, sorted findings out: load, run the rules, suppress, stamp.

This is the one place that knows about configuration and suppression; rules
only report what is wrong, and reporters only format findings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from argmap.analysis.context import Analysis
from argmap.config import Settings
from argmap.files import MAX_CLAIM_FILE_BYTES, regular_file_problem
from argmap.findings import Finding, Problem, Severity, quoted
from argmap.model import ArgumentFile
from argmap.read.claimfile import SCHEMA, load_path
from argmap.rules import RULES

CLAIM_SUFFIXES = (".yaml", ".yml", ".json")
UNUSED_IGNORE = "AM005"


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    context: Analysis | None = None  # None when the file has no usable model
    suppressed: list[Finding] = field(default_factory=list)  # silenced by an `ignore:` in the file

    @property
    def model(self) -> ArgumentFile | None:
        return self.context.model if self.context else None


def display_path(path: Path) -> str:
    """Relative to the current folder when inside it, as ruff prints paths; '/' always."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and claim files under folders, each once, sorted as displayed; OSError if missing."""
    files: list[Path] = []
    for path in paths:
        problem = regular_file_problem(path, MAX_CLAIM_FILE_BYTES)
        if problem and problem != "is a directory":
            raise FileNotFoundError(f"{path}: {problem}")
        if path.is_dir():
            files.extend(
                p for p in path.rglob("*")
                if p.suffix.lower() in CLAIM_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)  # .git, .venv, .github
                and p.is_file()
            )
        else:
            files.append(path)
    unique = {path.resolve(): path for path in reversed(files)}  # the first spelling wins
    return sorted(unique.values(), key=display_path)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic collector off while one file is processed.

    A claim file becomes millions of small, acyclic objects that all stay
    alive; the collector would rescan them again and again (it tripled the
    time of a 100,000-claim file). Reference counting still frees garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lint_file(path: Path, settings: Settings) -> FileReport:
    """Raises OSError when the file cannot be read at all (the caller exits 2)."""
    with _gc_paused():
        return _lint(path, settings)


def _lint(path: Path, settings: Settings) -> FileReport:
    loaded = load_path(path)
    problems = list(loaded.problems)
    context = None
    suppressed: list[Problem] = []
    if loaded.model is not None:
        context = Analysis(loaded.model)
        for code, rule in RULES.items():
            if rule.check is not None and settings.enabled(code):
                problems.extend(rule.check(context))
        problems, suppressed = _suppress(problems, loaded.model, settings)
    shown = display_path(path)

    def stamped(found: list[Problem]) -> list[Finding]:
        out = [_stamp(problem, shown, settings) for problem in found if settings.enabled(problem.code)]
        return sorted(out, key=lambda f: (f.line, f.column, f.code))

    return FileReport(path, stamped(problems), context, stamped(suppressed))


def _stamp(problem: Problem, path: str, settings: Settings) -> Finding:
    span = problem.span
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        code=problem.code,
        rule=RULES[problem.code].slug,
        severity=settings.severity_of(problem.code),
        message=problem.message,
        claim=problem.claim,
        end_line=span.end_line,
        end_column=span.end_column,
    )


def _suppress(
    problems: list[Problem], model: ArgumentFile, settings: Settings
) -> tuple[list[Problem], list[Problem]]:
    """(kept, suppressed): drop what the file or a claim ignores; report unknown and unused codes."""
    file_ignores = {text.value.upper() for text in model.ignore}
    claim_ignores = {cid: {t.value.upper() for t in claim.ignore} for cid, claim in model.claims.items() if claim.ignore}
    used: set[tuple[str, str]] = set()
    kept: list[Problem] = []
    suppressed: list[Problem] = []
    for problem in problems:
        if problem.code in file_ignores:
            suppressed.append(problem)
        elif problem.claim is not None and problem.code in claim_ignores.get(problem.claim, ()):
            used.add((problem.claim, problem.code))
            suppressed.append(problem)
        else:
            kept.append(problem)
    for text in model.ignore:
        if text.value.upper() not in RULES:
            kept.append(Problem(SCHEMA, f"unknown rule code {quoted(text.value)} in 'ignore'", text.span))
    for cid, claim in model.claims.items():
        for text in claim.ignore:
            code = text.value.upper()
            if code not in RULES:
                kept.append(Problem(SCHEMA, f"unknown rule code {quoted(text.value)} in 'ignore' of claim '{cid}'", text.span, cid))
            elif (
                code != UNUSED_IGNORE
                and (cid, code) not in used
                and settings.enabled(code)
                and not file_ignores & {code, UNUSED_IGNORE}
            ):
                unused = Problem(UNUSED_IGNORE, f"'ignore: {code}' on claim '{cid}' suppresses nothing", text.span, cid)
                (suppressed if UNUSED_IGNORE in claim_ignores[cid] else kept).append(unused)
    return kept, suppressed


def has_errors(findings: Iterable[Finding], strict: bool) -> bool:
    return any(strict or f.severity is Severity.ERROR for f in findings)
