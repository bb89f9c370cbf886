"""Maps for analysed files: which files to write, and writing them. No command line here.

The caller lints each file once (keeping its analysis), then asks for its maps;
every error is a typed exception with a one-line message, which the command
line turns into an exit code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from argmap.analysis.lint import FileReport
from argmap.choices import LAYOUTS, MAP_FORMATS, RENDERERS, one_of
from argmap.files import write_atomic
from argmap.findings import did_you_mean

K = TypeVar("K")

#: formats read on a screen, where a tooltip can be hovered; the others are for paper
INTERACTIVE = frozenset({"svg", "html"})
#: maps one file may make with --per-thesis; bytes of a map's file name before the format
MAX_MAPS = 200
MAX_NAME = 200


class MapError(Exception):
    """The maps cannot be drawn as asked (a clash of outputs, an unknown focus): one line."""


def _clash(first: Path | str, second: Path, target: Path) -> MapError:
    return MapError(f"{first} and {second} would both be drawn to {target}: "
                    "render them one at a time, each with its own -o folder")


@dataclass(frozen=True)
class MapRequest:
    """What `argmap render` was asked to draw."""

    formats: tuple[str, ...]
    output_dir: Path
    layout: str = "BT"
    renderer: str = "auto"
    audit: bool = True
    focus: str | None = None
    depth: int | None = 2
    per_thesis: bool = False
    hide_ids: bool = False
    caption: str | None = None  # None: from the file's source
    dpi: int | None = None  # PNG only

    def __post_init__(self) -> None:
        """Settings from a config file reach here unchecked by click."""
        # `-f SVG` is svg, as `--layout lr` is LR; `-f svg -f svg` draws once
        object.__setattr__(self, "formats", tuple(dict.fromkeys(fmt.lower() for fmt in self.formats)))
        for fmt in self.formats:
            one_of("format", fmt, MAP_FORMATS)
        one_of("layout", self.layout, LAYOUTS)
        one_of("renderer", self.renderer, RENDERERS)
        if self.focus and self.per_thesis:
            raise MapError("--focus and --per-thesis do not go together: choose one")

    def target(self, source: Path, fmt: str, focus: str | None = None) -> Path:
        """`<name>.<format>`, or `<name>.<focus>.<format>`; a name too long for a file system is
        cut and told apart by a hash of the whole."""
        stem = f"{source.stem}.{focus}" if focus else source.stem
        if len(stem.encode()) > MAX_NAME:
            import hashlib

            digest = hashlib.sha256(stem.encode()).hexdigest()[:12]
            stem = stem.encode()[: MAX_NAME - 13].decode(errors="ignore") + "-" + digest
        return self.output_dir / f"{stem}.{fmt}"

    def check_targets(self, files: Iterable[Path]) -> None:
        """Refuse before drawing anything when two files would be drawn to one map."""
        targets: dict[Path, Path] = {}
        for source in files:
            for fmt in self.formats:
                target = self.target(source, fmt, self.focus)
                if target in targets:
                    raise _clash(targets[target], source, target)
                targets[target] = source


def draw_maps(report: FileReport, request: MapRequest, claimed: dict[Path, str] | None = None) -> Iterator[Path]:
    """Draw and write every map of one analysed file, yielding each path as it is written.

    *claimed* holds the maps already written in this run and their files: a
    second file's map may not overwrite a first's. Raises MapError, and
    RenderError (`argmap.render.backends`) when Graphviz fails.
    """
    from argmap.render.backends import draw
    from argmap.render.dot import (
        MAX_BOXES,
        MAX_EXTRA_LINKS,
        MapOptions,
        MapTooLarge,
        dot_pieces,
    )

    analysis = report.analysis
    if analysis is None:
        raise ValueError("maps need a file that loads, analysed with keep=True")
    if request.focus is not None and request.focus not in analysis.model.claims:
        raise MapError(f"{report.path}: no claim '{request.focus}' to focus on"
                       f"{did_you_mean(request.focus, analysis.model.claims)}")
    focuses = analysis.theses if request.per_thesis else [request.focus]
    if len(focuses) > MAX_MAPS:
        raise MapError(f"{report.path}: {len(focuses):,} theses would make {len(focuses):,} maps; argmap draws "
                       f"at most {MAX_MAPS} per file (draw one with --focus ID)")
    data: dict[str, Any] | None = None  # the page's data, the same for every focus
    for focus in focuses:
        plans = [(fmt, MapOptions(rankdir=request.layout, audit=request.audit, focus=focus, depth=request.depth,
                                  upstream=request.per_thesis, interactive=fmt in INTERACTIVE, hide_ids=request.hide_ids,
                                  caption=request.caption, heading=fmt != "html",
                                  dpi=request.dpi if fmt == "png" else None))
                 for fmt in request.formats]
        readers = Counter(options for _, options in plans)  # formats that read one DOT alike
        dots: dict[MapOptions, str] = {}
        for fmt, options in plans:
            target = request.target(report.path, fmt, focus)
            if claimed is not None:
                if target in claimed:
                    raise _clash(claimed[target], report.path, target)
                claimed[target] = str(report.path)
            if options in dots:
                dot: str | Iterator[str] = dots[options]
            else:  # written while Graphviz reads it, and kept only for a later format that reads it alike
                dot = dot_pieces(analysis, report.findings, options)
                if readers[options] > 1:
                    dot = _kept(dot, dots, options)
            try:
                drawn = draw(dot, "svg" if fmt == "html" else fmt, request.renderer)  # the page inlines its map's SVG
            except MapTooLarge as error:
                what = f"the map of '{focus}'" if focus else "the map"
                raise MapError(f"{report.path}: {what} would have {error} (argmap draws at most {MAX_BOXES:,} "
                               f"boxes, and at most {MAX_EXTRA_LINKS:,} more links than boxes): draw part of it "
                               "with --focus ID --depth N" + ("" if request.per_thesis else ", or --per-thesis")) from None
            if fmt == "html":
                from argmap.render.page import build_page, page_data

                data = data or page_data(report)
                drawn = build_page(report, drawn, focus, data)
            write_atomic(target, drawn)
            yield target


def _kept(pieces: Iterator[str], into: dict[K, str], key: K) -> Iterator[str]:
    """*pieces* as they come, and once all have come, their whole text in *into*."""
    kept = []
    for piece in pieces:
        kept.append(piece)
        yield piece
    into[key] = "".join(kept)
