"""`argmap render`: lint each file, build its DOT, draw every format, write atomically."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from argmap.analysis.lint import FileReport, lint_file
from argmap.config import Settings
from argmap.files import write_atomic
from argmap.findings import did_you_mean
from argmap.render.backends import FORMATS, RENDERERS, RenderError, draw, one_of
from argmap.render.dot import RANKDIRS, MapOptions, build_dot
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

    def __post_init__(self) -> None:
        self.formats = tuple(dict.fromkeys(self.formats))  # `-f svg -f svg` draws once

    def validate(self) -> None:
        """Settings from a config file reach here unchecked by click."""
        for fmt in self.formats:
            one_of("format", fmt, FORMATS)
        one_of("layout", self.layout, RANKDIRS)
        one_of("renderer", self.renderer, RENDERERS)

    def target(self, source: Path, fmt: str, focus: str | None = None) -> Path:
        stem = f"{source.stem}.{focus}" if focus else source.stem
        return self.output_dir / f"{stem}.{fmt}"

    def run(self, files: list[Path], fail: Callable[[str], NoReturn]) -> bool:
        """Render every file; True when some file could not be loaded. *fail* exits 2."""
        try:
            self.validate()
        except RenderError as error:
            fail(str(error))
        targets: dict[Path, Path] = {}
        for source in files:
            for fmt in self.formats:
                target = self.target(source, fmt, self.focus)
                if target in targets:
                    fail(f"{targets[target]} and {source} would both be drawn to {target}")
                targets[target] = source
        failed = False
        show_progress = len(files) > 1 and sys.stderr.isatty()
        bar = click.progressbar(files, label="Rendering", file=sys.stderr) if show_progress else nullcontext(files)
        with bar as items:
            for source in items:
                try:
                    report = lint_file(source, self.settings, keep=True)
                except OSError as error:
                    fail(f"{source}: {error.strerror or error}")
                if report.analysis is None:
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

    def _draw(self, report: FileReport, fail: Callable[[str], NoReturn]) -> None:
        context = report.analysis
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
            for fmt in self.formats:
                target = self.target(report.path, fmt, focus)
                write_atomic(target, draw(dot, fmt, self.renderer))
                click.echo(target.as_posix())

