"""One claim file in, sorted findings out: load, run the rules, suppress, stamp.

This is the one place that knows about configuration and suppression; rules
only report what is wrong, and reporters only format findings.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from argmap.analysis.context import Analysis
from argmap.analysis.verdicts import Verdict
from argmap.config import Settings
from argmap.files import display_path
from argmap.findings import Finding, Problem, Severity, printable, quoted
from argmap.model import ArgumentFile, Text
from argmap.read import LoadResult, load_bytes, load_path
from argmap.rules.catalogue import RULES, closest_rule, codes_named
from argmap.rules.schema import CODE as SCHEMA
from argmap.rules.syntax_error import CODE as SYNTAX_ERROR
from argmap.rules.unused_ignore import CODE as UNUSED_IGNORE


@dataclass
class FileReport:
    """What one file's audit says. Small on purpose: a folder of 10,000 files keeps
    10,000 of these, so the analysis (graph, labels, source text) stays only when asked."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by an `ignore:` in the file
    theses: list[Verdict] = field(default_factory=list)
    loaded: bool = False  # False when the file has no usable model
    analysis: Analysis | None = None  # kept for render and report

    @property
    def model(self) -> ArgumentFile | None:
        return self.analysis.model if self.analysis else None


@contextmanager
def gc_paused() -> Iterator[None]:
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


def lint_file(path: Path, settings: Settings, keep: bool = False) -> FileReport:
    """The audit of one file; with *keep*, its analysis too (for drawing and writing up).

    Raises OSError when the file cannot be read at all (the caller exits 2).
    """
    with gc_paused():
        return _lint(path, load_path(path), settings, keep)


#: below this many files, starting processes costs more than it saves
PARALLEL_FROM = 48


class FileError(Exception):
    """A file could not be read at all: a one-line message naming it (the caller exits 2)."""


def lint_files(paths: list[Path], settings: Settings, jobs: int | None = None, keep: bool = False) -> Iterator[FileReport]:
    """The reports of *paths*, in their order. A folder's worth of files is spread over
    *jobs* processes (default: every core); a report keeps findings, not the analysis,
    unless *keep*, so that memory does not grow with the number of files."""
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(paths) >= PARALLEL_FROM and not keep:
        yield from _in_processes(paths, settings, jobs)
        return
    for path in paths:
        yield _lint_or_say(path, settings, keep)


def _lint_or_say(path: Path, settings: Settings, keep: bool = False) -> FileReport:
    try:
        return lint_file(path, settings, keep)
    except OSError as error:
        raise FileError(f"{path}: {error.strerror or error}") from None


def _in_processes(paths: list[Path], settings: Settings, jobs: int) -> Iterator[FileReport]:
    """The reports of *paths* from *jobs* processes. With fork, the files are dealt out like
    cards (file i to process i mod jobs), a fair share each with no message per file; this
    process lints its own share while the others work, then takes theirs, one pickle each,
    and puts all back in order. Without fork, a pool of fresh processes does it."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        from concurrent.futures import ProcessPoolExecutor
        from functools import partial

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(partial(_lint_or_say, settings=settings), paths,
                                chunksize=max(1, min(64, len(paths) // (jobs * 8))))
        return
    shares: list[list[FileReport | BaseException]] = [[] for _ in range(jobs)]
    children = [_Share(paths[k::jobs], settings) for k in range(1, jobs)]
    try:
        shares[0] = _lint_share(paths[0::jobs], settings)
        for k, child in enumerate(children, 1):
            shares[k] = child.take()
    finally:
        for child in children:
            child.end()
    for i in range(len(paths)):
        report = shares[i % jobs][i // jobs]
        if isinstance(report, BaseException):
            raise report
        yield report


def _lint_share(paths: list[Path], settings: Settings) -> list[FileReport | BaseException]:
    """The reports of *paths*; a file that cannot be read stands as its error, raised in its turn."""
    out: list[FileReport | BaseException] = []
    for path in paths:
        try:
            out.append(_lint_or_say(path, settings))
        except FileError as error:
            out.append(error)
    return out


def _fields(report: FileReport) -> tuple[list[Finding], list[Finding], list[Verdict], bool]:
    """What a worker sends of a report: all but its path and analysis (which it never keeps)."""
    return report.findings, report.suppressed, report.theses, report.loaded


def _report(path: Path, findings: list[Finding], suppressed: list[Finding], theses: list[Verdict],
            loaded: bool) -> FileReport:
    return FileReport(path, findings=findings, suppressed=suppressed, theses=theses, loaded=loaded)


class _Share:
    """A forked process that lints its share of the files and sends the reports back at once:
    each as its fields but the path, which this process has (a report pickled whole, path
    object included, costs twice the time to send and take in)."""

    def __init__(self, paths: list[Path], settings: Settings) -> None:
        import pickle
        import signal

        self.paths = paths
        self.reading, writing = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child; its reports are checked through the parent
            os.close(self.reading)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C and SIGTERM end it with the parent, silently
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                try:
                    result: object = [report if isinstance(report, BaseException) else _fields(report)
                                      for report in _lint_share(paths, settings)]
                except Exception as error:  # noqa: BLE001 - a bug: raised again in the parent
                    result = error
                with os.fdopen(writing, "wb") as out:
                    pickle.dump(result, out, pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(writing)

    def take(self) -> list[FileReport | BaseException]:
        import pickle

        with os.fdopen(self.reading, "rb") as stream:
            self.reading = -1
            try:
                result = pickle.load(stream)
            except (EOFError, pickle.UnpicklingError):
                raise FileError("a process linting part of the files stopped before it was done "
                                "(out of memory?): try --jobs 1") from None
        if isinstance(result, Exception):
            raise result
        return [fields if isinstance(fields, BaseException) else _report(path, *fields)
                for path, fields in zip(self.paths, result, strict=True)]

    def end(self) -> None:
        """Reap the process; one still working (the parent was interrupted) is stopped first."""
        import signal

        if self.reading >= 0:
            os.close(self.reading)
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def lint_bytes(data: bytes, path: Path, settings: Settings, keep: bool = True) -> FileReport:
    """The audit of a file's text that may not be on disk as it is (an editor's buffer)."""
    with gc_paused():
        return _lint(path, load_bytes(data, path), settings, keep)


def _lint(path: Path, loaded: LoadResult, settings: Settings, keep: bool) -> FileReport:
    problems = list(loaded.problems)
    analysis = None
    suppressed: list[Problem] = []
    theses: list[Verdict] = []
    if loaded.model is not None:
        analysis = Analysis(loaded.model)
        for code, rule in RULES.items():
            if rule.check is not None and settings.enabled(code):
                problems.extend(rule.check(analysis))
        problems, suppressed = _suppress(problems, loaded.model, settings)
        theses = [analysis.verdict(thesis) for thesis in analysis.theses]
    shown = display_path(path)

    def stamped(found: list[Problem]) -> list[Finding]:
        out = [_stamp(problem, shown, settings) for problem in found
               if settings.enabled(problem.code) or problem.code == SYNTAX_ERROR]
        return sorted(out, key=lambda f: (f.line, f.column, f.code))

    return FileReport(path, stamped(problems), stamped(suppressed), theses, loaded.model is not None,
                      analysis if keep else None)


def _stamp(problem: Problem, path: str, settings: Settings) -> Finding:
    span = problem.span
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        code=problem.code,
        rule=RULES[problem.code].slug,
        severity=settings.severity_of(problem.code),
        message=printable(problem.message),
        claim=problem.claim,
        end_line=span.end_line,
        end_column=span.end_column,
    )


def _suppress(
    problems: list[Problem], model: ArgumentFile, settings: Settings
) -> tuple[list[Problem], list[Problem]]:
    """(kept, suppressed): drop what the file or a claim ignores; report unknown and unused names.

    `ignore:` lists take what `--ignore` takes: codes, slugs, prefixes (`AM3`).
    """
    kept: list[Problem] = []

    def named(texts: list[Text], where: str, cid: str | None) -> dict[str, Text]:
        """Code -> the entry that names it; an entry that names no rule is reported."""
        codes: dict[str, Text] = {}
        for text in texts:
            found = codes_named(text.value)
            if found is None:
                kept.append(Problem(SCHEMA, f"unknown rule {quoted(text.value)} in 'ignore'{where}"
                                    f"{closest_rule(text.value)}", text.span, cid))
            for code in sorted(found or ()):
                codes.setdefault(code, text)
        return codes

    file_ignores = named(model.ignore, "", None)
    claim_ignores = {cid: named(claim.ignore, f" of claim '{cid}'", cid)
                     for cid, claim in model.claims.items() if claim.ignore}
    used: set[Text] = set()
    suppressed: list[Problem] = []
    for problem in problems:
        if problem.code in file_ignores and problem.code != SYNTAX_ERROR:  # garbage never passes
            suppressed.append(problem)
        elif problem.claim is not None and problem.code in claim_ignores.get(problem.claim, ()):
            used.add(claim_ignores[problem.claim][problem.code])
            suppressed.append(problem)
        else:
            kept.append(problem)
    if UNUSED_IGNORE in file_ignores or not settings.enabled(UNUSED_IGNORE):
        return kept, suppressed
    for cid, codes in claim_ignores.items():
        for text in dict.fromkeys(codes.values()):
            covers = {code for code, entry in codes.items() if entry is text} - {UNUSED_IGNORE}
            if text in used or not any(settings.enabled(code) for code in covers):
                continue  # a rule that did not run cannot tell whether the entry is needed
            unused = Problem(UNUSED_IGNORE, f"'ignore: {text.value}' on claim '{cid}' suppresses nothing", text.span, cid)
            (suppressed if UNUSED_IGNORE in codes else kept).append(unused)
    return kept, suppressed


def has_errors(findings: Iterable[Finding], strict: bool) -> bool:
    return any(strict or f.severity is Severity.ERROR for f in findings)
