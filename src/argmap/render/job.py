"""`argmap render`: lint each file, build its DOT, draw every format, write atomically."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from argmap.config import Settings
from argmap.linter import FileReport, lint_file
from argmap.loader import did_you_mean
from argmap.render.backends import RENDERERS, RenderError, check_format, draw
from argmap.render.dot import RANKDIRS, MapOptions, build_dot
from argmap.render.output import write_atomic
from argmap.report.text import format_finding


@dataclass
class RenderJob:
    settings: Settings
    formats: tuple[str, ...]
    output_dir: Path
    layout: str = "BT"
    renderer: str = "auto"
    audit: bool = True
    focus: str | None = None
    depth: int | None = 2
    per_thesis: bool = False

    def validate(self) -> None:
        for fmt in self.formats:
            check_format(fmt)
        if self.layout not in RANKDIRS:
            raise RenderError(f"unknown layout {self.layout!r} (must be one of {', '.join(map(repr, RANKDIRS))})")
        if self.renderer not in RENDERERS:
            raise RenderError(f"unknown renderer {self.renderer!r} (must be one of {', '.join(map(repr, RENDERERS))})")

    def target(self, source: Path, fmt: str, focus: str | None = None) -> Path:
        stem = f"{source.stem}.{focus}" if focus else source.stem
        return self.output_dir / f"{stem}.{fmt}"

    def run(self, files: list[Path], fail: Callable[[str], None]) -> bool:
        """Render every file; True when some file could not be loaded. *fail* exits 2."""
        try:
            self.validate()
        except RenderError as error:
            fail(str(error))
        targets: dict[Path, Path] = {}
        for source in files:
            for fmt in dict.fromkeys(self.formats):
                target = self.target(source, fmt, self.focus)
                if target in targets:
                    fail(f"{targets[target]} and {source} would both be drawn to {target}")
                targets[target] = source
        failed = False
        show_progress = len(files) > 1 and sys.stderr.isatty()
        with click.progressbar(files, label="Rendering", file=sys.stderr) if show_progress else _plain(files) as items:
            for source in items:
                try:
                    report = lint_file(source, self.settings)
                except OSError as error:
                    fail(f"{source}: {error.strerror or error}")
                if report.context is None:
                    failed = True
                    for finding in report.findings:
                        click.echo(format_finding(finding), err=True)
                    click.echo(f"{source}: not rendered: the file cannot be loaded", err=True)
                    continue
                try:
                    self._draw(report, fail)
                except RenderError as error:
                    fail(f"{source}: {error}")
        return failed

    def _draw(self, report: FileReport, fail: Callable[[str], None]) -> None:
        context = report.context
        assert context is not None
        if self.focus is not None and self.focus not in context.model.claims:
            hint = did_you_mean(self.focus, context.model.claims)
            fail(f"{report.path}: no claim '{self.focus}' to focus on{hint}")
        focuses = context.theses if self.per_thesis else [self.focus]
        for focus in focuses:
            options = MapOptions(
                rankdir=self.layout, audit=self.audit, focus=focus, depth=self.depth, upstream=self.per_thesis
            )
            dot = build_dot(context, report.findings, options)
            for fmt in dict.fromkeys(self.formats):
                target = self.target(report.path, fmt, focus)
                write_atomic(target, draw(dot, fmt, self.renderer))
                click.echo(target.as_posix())


class _plain:
    """The progress bar's interface, without a bar (CI logs, one file)."""

    def __init__(self, items: list[Path]) -> None:
        self.items = items

    def __enter__(self) -> list[Path]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None
