"""The ``argmap`` command line.

Only click and the list of report formats are imported at start-up; every
command imports what it needs when it runs, so `argmap lint` never loads
rendering code and `argmap --help` loads almost nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

import click

from argmap import __version__, exitcodes
from argmap.choices import CONVERT_FORMATS, LAYOUTS, MAP_FORMATS, RENDERERS, REPORT_FORMATS

if TYPE_CHECKING:
    from argmap.analysis.context import Analysis
    from argmap.analysis.lint import FileReport
    from argmap.config import Settings

DEFAULT_PATH = Path("claims")
Command = TypeVar("Command", bound=Callable[..., object])


def fail(message: str) -> NoReturn:
    """A one-line usage, configuration or I/O error: exit 2, never a traceback."""
    from argmap.findings import printable

    click.echo(f"argmap: error: {printable(message)}", err=True)
    sys.exit(exitcodes.USAGE)


class Terminated(BaseException):
    """SIGTERM, raised where the program stands so that clean-ups (a half-written
    temporary file) run on the way out, as they do for Ctrl-C."""


def _terminate(signum: int, frame: object) -> NoReturn:
    raise Terminated


class _Commands(click.Group):
    """The command group, with every failure a command can meet turned into one
    line and an exit code that no CI recipe takes for "findings" (1)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `argmap lint | head -1`: the reader is gone, so is the output
            _quiet_streams()
            sys.exit(exitcodes.USAGE)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except MemoryError:
            fail("out of memory (see docs/limits.md for the sizes argmap reads)")
        except RecursionError:
            fail("the input is nested too deeply to read")
        except KeyboardInterrupt:
            click.echo("argmap: interrupted", err=True)
            sys.exit(exitcodes.INTERRUPTED)
        except Terminated:
            sys.exit(exitcodes.TERMINATED)
        except Exception as error:  # a bug: say so in one line, with a way to see more
            if os.environ.get("ARGMAP_DEBUG"):
                raise
            fail(f"internal error: {type(error).__name__}: {error} (a bug in argmap; "
                 "ARGMAP_DEBUG=1 shows the traceback)")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="argmap")
def cli() -> None:
    """Audit and draw arguments written as claim files.

    \b
      argmap lint claims/          audit claim files, as a linter
      argmap render claims/ -f svg draw argument maps with Graphviz
      argmap rules                 the rule catalogue
      argmap explain AM102         one rule, with examples
      argmap lsp                   the language server, for editors
    """


def _settings(config: Path | None, isolated: bool, select: str | None = None, ignore: str | None = None,
              strict: bool | None = None) -> Settings:
    from argmap.config import ConfigError, load_settings

    try:
        return load_settings(explicit=config, isolated=isolated).with_flags(select, ignore, strict)
    except ConfigError as error:
        fail(str(error))


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    """The claim files to read; a folder with none in it is an error."""
    from argmap.walk import CLAIM_SUFFIXES, collect_files

    named = paths or (DEFAULT_PATH,)
    try:
        files = collect_files(named)
    except OSError as error:
        hint = "" if paths else " (the default; name the files or folders to check)"
        fail(f"{error}{hint}")
    if not files:  # a CI step pointed at the wrong folder must not pass in silence
        fail(f"no claim files in {', '.join(str(p) for p in named)} (looked for "
             f"{', '.join('*' + s for s in CLAIM_SUFFIXES)}; hidden folders, node_modules and JSON that is no map "
             "skipped)")
    return files


def _never_over(output: Path | None, files: list[Path]) -> None:
    """Refuse an -o that is one of the files read, under any name: an output
    written over its own input would lose the map."""
    if output is not None and _is_one_of(output, files):
        fail(f"-o {output} is a file this command reads; argmap never writes over its input")


def _map_of(report: FileReport, source: Path, done: str) -> Analysis | None:
    """The analysis of *report*'s file when it holds claims to draw or convert; else None,
    with its findings and why on stderr. A file that loads with no claims (package.json,
    named) is no map: an empty drawing or conversion of it, exit 0, would pass in silence."""
    if report.analysis is not None and report.analysis.model.claims:
        return report.analysis
    from argmap.report.text import format_finding

    for finding in report.findings:
        click.echo(format_finding(finding), err=True)
    why = "the file cannot be loaded" if report.analysis is None else "the file holds no claims"
    click.echo(f"{source}: not {done}: {why}", err=True)
    return None


def _is_one_of(path: Path, files: list[Path]) -> bool:
    """Whether *path* is one of *files*: the same file under another name or through a link too."""
    try:
        target = path.stat()
    except OSError:
        return False  # a file that does not exist yet is none of them
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


#: the path that names standard input, as ruff and most linters take it
STDIN = Path("-")


def _lint_stdin(paths: tuple[Path, ...], name: Path | None, settings: Settings) -> FileReport:
    """The audit of the claim file piped in: an editor's buffer or a generated map, never written."""
    from argmap.analysis.lint import lint_bytes
    from argmap.files import MAX_CLAIM_FILE_BYTES

    if len(paths) > 1:
        fail("'-' reads one file from standard input: name no other paths with it")
    data = sys.stdin.buffer.read(MAX_CLAIM_FILE_BYTES + 1)
    if len(data) > MAX_CLAIM_FILE_BYTES:
        fail(f"-: standard input is larger than {MAX_CLAIM_FILE_BYTES // 2**20} MiB")
    return lint_bytes(data, name or STDIN, settings, keep=False)


def _lint_all(files: list[Path], settings: Settings, keep: bool = False, jobs: int | None = None) -> list[FileReport]:
    from argmap.analysis.lint import FileError, lint_files

    # one file's analysis is kept to the end: the process exits without freeing it,
    # which on 100,000 claims saves a fifth of a second; many files are freed as they go
    try:
        return list(lint_files(files, settings, 1 if keep else jobs, keep or len(files) == 1))
    except FileError as error:
        fail(str(error))


def _config_option(command: Command) -> Command:
    """--config and --isolated, shared by every command that reads settings."""
    command = click.option("--isolated", is_flag=True,
                           help="Read no settings file: the defaults and the flags only.")(command)
    return click.option(
        "--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Settings file (argmap.toml or pyproject.toml); default: found upward from here, "
             "up to the repository's root.",
    )(command)
_paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@cli.command()
@_paths_argument
@click.option(
    "--format", "output_format", type=click.Choice(REPORT_FORMATS),
    help="Output format. Default: text, or github when GITHUB_ACTIONS=true.",
)
@click.option("--select", metavar="CODES", help="Only these rules (codes, slugs or prefixes, comma-separated).")
@click.option("--ignore", metavar="CODES", help="Also leave out these rules.")
@click.option("--strict/--no-strict", default=None, help="Warnings count as errors: any finding fails the run (exit 1).")
@click.option("--statistics", is_flag=True, help="Print a count per rule (instead of each finding, with text).")
@click.option("--status", "show_status", is_flag=True, help="Also print each thesis' label (IN, OUT, UNDEC) and why.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal (NO_COLOR is honoured too).")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Processes to lint a folder's files with. Default: every core.")
@click.option("--show-settings", is_flag=True, help="Print the settings in force and where they come from, and exit.")
@click.option("--stdin-filename", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="With '-': the name of the file read from standard input (its format, its sources' folder).")
@_config_option
def lint(
    paths: tuple[Path, ...], output_format: str | None, select: str | None, ignore: str | None,
    strict: bool | None, statistics: bool, show_status: bool, output: Path | None, no_color: bool,
    jobs: int | None, show_settings: bool, stdin_filename: Path | None, config: Path | None, isolated: bool,
) -> None:
    """Audit claim files (default: claims/) and report findings; '-' reads one from standard input.

    Exit status: 0 no error-level findings, 1 error-level findings (or any with
    --strict), 2 usage, configuration or I/O error.
    """
    from argmap.analysis.lint import has_errors
    from argmap.report import Run, reporter

    settings = _settings(config, isolated, select, ignore, strict)
    if show_settings:
        click.echo(settings.describe())
        sys.exit(exitcodes.OK)
    if STDIN in paths:
        reports = [_lint_stdin(paths, stdin_filename, settings)]
    else:
        files = _paths(paths)
        _never_over(output, files)
        reports = _lint_all(files, settings, jobs=jobs)
    run = Run.of(reports, settings.strict)
    findings, summary = run.findings, run.summary
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

    def emit(out: TextIO, tty: bool) -> None:
        # with a machine format, the human extras go to stderr so the document stays parseable
        human = out if output_format == "text" else sys.stderr
        if statistics:
            from argmap.report.text import statistics as write_statistics

            write_statistics(findings, human)
            human.write(summary.sentence() + "\n")
        if output_format == "text":
            if not statistics:
                from argmap.report.text import write

                write(run, out, colour=tty and not no_color and not os.environ.get("NO_COLOR"))
        else:
            reporter(output_format)(run, out)
        if show_status:
            from argmap.report.status import write_status

            write_status(reports, human)

    if output is None:
        emit(sys.stdout, sys.stdout.isatty())
    else:
        import io

        from argmap.files import write_atomic

        buffer = io.StringIO()
        emit(buffer, False)
        write_atomic(output, buffer.getvalue().encode("utf-8"))
    sys.exit(exitcodes.FINDINGS if has_errors(findings, settings.strict) else exitcodes.OK)


@cli.command()
@_paths_argument
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help=f"{', '.join(MAP_FORMATS)}; repeat for several. Default: from config, else svg.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the maps (default: output/).")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this claim.")
@click.option("--depth", type=click.IntRange(0), default=None,
              help="How many reasons or objections away to draw (--focus: default 2; --per-thesis: all).")
@click.option("--per-thesis", is_flag=True,
              help="One map per thesis, <name>.<thesis>.<format>: its reasons, objections and answers.")
@click.option("--layout", type=click.Choice(LAYOUTS, case_sensitive=False),
              help="Direction in which reasoning flows (Graphviz rankdir). Default: BT, conclusions on top.")
@click.option("--no-audit", is_flag=True, help="Draw the bare map, without the audit's marks.")
@click.option("--renderer", type=click.Choice(RENDERERS),
              help="bundled: Graphviz inside pygraphviz (default); system: a dot on PATH.")
@click.option("--hide-ids", is_flag=True, help="Leave the claim ids out of the boxes (for publishing).")
@click.option("--caption", metavar="TEXT",
              help="Line under the map's title. Default: the source's title, date and address; '' for none. "
                   "The audit page (html) names its source in its own header instead.")
@click.option("--dpi", type=click.IntRange(36, 1200), metavar="N", help="Resolution of PNG maps (default 96).")
@_config_option
def render(
    paths: tuple[Path, ...], formats: tuple[str, ...], output_dir: Path | None, focus: str | None,
    depth: int | None, per_thesis: bool, layout: str | None, no_audit: bool, renderer: str | None,
    hide_ids: bool, caption: str | None, dpi: int | None, config: Path | None, isolated: bool,
) -> None:
    """Draw claim files (default: claims/) as argument maps.

    Writes OUTPUT_DIR/<name>.<format> for each file and format (with --focus,
    <name>.<ID>.<format>). Files with findings still render, with the findings
    drawn; a file that cannot be loaded, or holds no claims, is reported and exits 1.
    """
    from argmap.choices import ChoiceError
    from argmap.render.backends import RenderError
    from argmap.render.job import MapError, MapRequest, draw_maps

    settings = _settings(config, isolated)
    defaults = settings.render
    try:
        request = MapRequest(
            formats=formats or defaults.formats,
            output_dir=output_dir or Path(defaults.output),
            layout=(layout or defaults.layout).upper(),
            renderer=renderer or defaults.renderer,
            audit=not no_audit,
            focus=focus,
            depth=2 if depth is None and focus else depth,
            per_thesis=per_thesis,
            hide_ids=hide_ids,
            caption=caption,
            dpi=dpi,
        )
        files = _paths(paths)
        request.check_targets(files)
    except (ChoiceError, MapError) as error:
        fail(str(error))
    if dpi is not None and "png" not in request.formats:
        click.echo("argmap: warning: --dpi is the resolution of PNG maps; no PNG is drawn", err=True)
    if depth is not None and not (focus or per_thesis):
        click.echo("argmap: warning: --depth applies to --focus and --per-thesis maps; the whole map is drawn", err=True)
    failed = False
    claimed: dict[Path, str] = {}  # maps written, by the file they came from
    progress = len(files) > 1 and sys.stderr.isatty()
    with click.progressbar(files, label="Rendering", file=sys.stderr) if progress else nullcontext(files) as items:
        for source in items:
            (report,) = _lint_all([source], settings, keep=True)  # one at a time: maps need the analysis
            if _map_of(report, source, "rendered") is None:
                failed = True
                continue
            try:
                for target in draw_maps(report, request, claimed):
                    click.echo(target.as_posix())
            except (MapError, RenderError) as error:
                fail(str(error) if isinstance(error, MapError) else f"{source}: {error}")
    sys.exit(exitcodes.FINDINGS if failed else exitcodes.OK)


@cli.command()
@_paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically).")
@_config_option
def report(paths: tuple[Path, ...], output: Path | None, config: Path | None, isolated: bool) -> None:
    """Write the audit of claim files (default: claims/) as Markdown.

    For each file: its source, each thesis' status and why, the findings
    (including those the file silences, with their notes), what rests on the
    source's word alone, what is taken as given, the objections and how the
    quotes check out. Several files get a summary table first.
    """
    import io

    from argmap.report.audit import write_reports

    settings = _settings(config, isolated)
    files = _paths(paths)
    _never_over(output, files)
    reports = _lint_all(files, settings, keep=True)
    if len(reports) == 1 and not reports[0].loaded:
        fail(f"{files[0]}: cannot be loaded; run 'argmap lint {files[0]}' for the findings")
    buffer = io.StringIO()
    write_reports(reports, buffer)
    if output is None:
        click.echo(buffer.getvalue(), nl=False)
    else:
        from argmap.files import write_atomic

        write_atomic(output, buffer.getvalue().encode("utf-8"))


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-t", "--to", "target", type=click.Choice(CONVERT_FORMATS),
              help="The format to write. Default: from OUT's suffix (.yaml, .json, .argdown, .graphml, .mmd, .md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically). Default: standard output.")
def convert(source: Path, target: str | None, output: Path | None) -> None:
    """Convert a claim file, AIF map or Argdown file to another format.

    \b
    Formats: yaml and json (claim files), aif (AIF JSON; xAIF when read from
    xAIF), argdown, graphml (yEd, Gephi), mermaid (a flowchart GitHub draws
    in Markdown; a .md OUT gets it in a ```mermaid block).

    What the target cannot hold is reported on standard error, one line per
    kind with a count; nothing is dropped in silence. A claim file keeps all
    of it: AIF -> claim file -> AIF gives back every node and edge.
    """
    import io

    from argmap.choices import CONVERT_SUFFIXES
    from argmap.config import Settings
    from argmap.convert import TooLarge, comments_of, relocate, writer

    suffix = output.suffix.lower() if output is not None else ""
    target = target or CONVERT_SUFFIXES.get(suffix) or (None if suffix != ".md" else "mermaid")
    if target is None:
        fail("say which format to write with --to (or give -o a file ending in "
             f"{', '.join(sorted(set(CONVERT_SUFFIXES) | {'.md'}))})")
    files = _paths((source,))
    if len(files) != 1:
        fail(f"{source}: convert takes one file")
    _never_over(output, files)
    (report,) = _lint_all(files, Settings(), keep=True)
    analysis = _map_of(report, source, "converted")
    if analysis is None:
        sys.exit(exitcodes.FINDINGS)
    if output is not None:
        relocate(analysis.model, output.parent)
    buffer = io.StringIO()
    try:
        lost = writer(target)(analysis.model, buffer)
    except TooLarge as error:
        fail(f"{source}: not converted: {error}")
    text = buffer.getvalue()
    if target == "mermaid" and suffix == ".md":
        text = f"```mermaid\n{text}```\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from argmap.files import write_atomic

        write_atomic(output, text.encode("utf-8"))
    for what, number in sorted(lost.items()):
        click.echo(f"argmap: {target} has no place for {what} ({number:,} left out)", err=True)
    if comments := comments_of(files[0]):
        click.echo(f"argmap: comments are not carried over ({comments:,} left out)", err=True)


@cli.command()
def rules() -> None:
    """List every rule: code, slug, default severity and summary."""
    from argmap.rules.catalogue import RULES

    for rule in RULES.values():
        click.echo(f"{rule.code}  {rule.slug:<22} {rule.severity:<8} {rule.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain one rule (by code or slug), with a failing and a passing example."""
    from argmap.rules.catalogue import RULES, closest_rule, codes_named, find_rule

    found = find_rule(rule)
    if found is None:
        if len(several := sorted(codes_named(rule) or ())) > 1:
            fail(f"'{rule}' names {len(several)} rules: "
                 + ", ".join(f"{code} ({RULES[code].slug})" for code in several) + "; explain one of them")
        fail(f"unknown rule '{rule}'{closest_rule(rule)} (must be one of {', '.join(RULES)})")
    click.echo(f"{found.code} {found.slug} [{found.severity}]\n\n{found.doc}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the claim file format (for editors and CI)."""
    from importlib.resources import files

    click.echo(files("argmap").joinpath("schema.json").read_text(encoding="utf-8"), nl=False)


@cli.command()
@click.option("--stdio", is_flag=True, help="Talk on standard input and output (the only way; editors pass it).")
@click.option("--debounce", type=click.IntRange(0), metavar="MS",
              help="Milliseconds after the last keystroke before a document is audited (default 200).")
def lsp(stdio: bool, debounce: int | None) -> None:
    """Run the language server, for editors (see docs/editors.md).

    Needs the lsp extra: pip install 'argmap[lsp]'.
    """
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail("'argmap lsp' needs the language server's packages, which are not installed: "
             "pip install 'argmap[lsp]'")
    import gc

    gc.enable()  # a long-running server makes cycles (asyncio's futures); a command may leave them
    from argmap.lsp.server import serve, server

    if debounce is not None:
        server.debounce = debounce / 1000
    serve()


def main() -> None:
    """Entry point of the `argmap` command.

    A command is a short process that builds one large, acyclic heap, so the
    cyclic collector is off (it rescans millions of live objects for nothing)
    and the process ends without freeing that heap object by object, as mypy's
    does: on a 100,000-claim file the two cost a second each.
    """
    import gc
    import signal

    gc.disable()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(prog_name="argmap")
    except SystemExit as stop:
        code = stop.code
    else:  # pragma: no cover - click's standalone mode always exits
        code = exitcodes.OK
    if isinstance(code, str):
        click.echo(code, err=True)
        code = exitcodes.USAGE
    _hard_exit(code or 0)


def _quiet_streams() -> None:
    """Point stdout and stderr at /dev/null where they are closed pipes: nothing left to say."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())


def _hard_exit(code: int) -> None:
    _quiet_streams()
    os._exit(code)
