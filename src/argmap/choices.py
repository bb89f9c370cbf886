"""Every list of valid values a user can give, in one place, read by the command
line, the settings and the code that acts on them (as the graphviz package keeps
its ``parameters``). Nothing here imports anything: `argmap --help` reads it.
"""

from __future__ import annotations

#: the formats argmap reads: (reader module, file suffixes), asked in this order
#: (see `argmap.read`); a folder walk picks up every suffix listed
READERS = {
    "argdown": ("argmap.read.argdown", (".argdown", ".ad")),
    "aif": ("argmap.read.aif", (".json",)),
    "claims": ("argmap.read.claimfile", (".yaml", ".yml", ".json")),
}
READ_SUFFIXES = tuple(dict.fromkeys(suffix for _, suffixes in reversed(READERS.values()) for suffix in suffixes))
#: `argmap convert --to`: the writer of each, as module or module:function (see `argmap.convert`)
CONVERT_WRITERS = {
    "yaml": "argmap.convert.claimfile:write_yaml",
    "json": "argmap.convert.claimfile:write_json",
    "aif": "argmap.convert.aif",
    "argdown": "argmap.convert.argdown",
    "graphml": "argmap.convert.graphml",
    "mermaid": "argmap.convert.mermaid",
}
CONVERT_FORMATS = tuple(CONVERT_WRITERS)
#: the format `argmap convert -o FILE` writes when --to is not given, by FILE's suffix
CONVERT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".argdown": "argdown", ".ad": "argdown",
                    ".graphml": "graphml", ".mmd": "mermaid", ".mermaid": "mermaid"}
#: `argmap lint --format`: the writer module of each (see `argmap.report`)
REPORT_WRITERS = {
    "text": "argmap.report.text",
    "json": "argmap.report.jsonout",
    "github": "argmap.report.github",
    "sarif": "argmap.report.sarif",
    "markdown": "argmap.report.markdown",
}
REPORT_FORMATS = tuple(REPORT_WRITERS)
#: the map formats Graphviz draws (`argmap.render.backends`)
GRAPHVIZ_FORMATS = ("svg", "pdf", "png", "dot")
#: `argmap render --format`: Graphviz's, and the audit page (`argmap.render.page`)
MAP_FORMATS = (*GRAPHVIZ_FORMATS, "html")
#: `argmap render --layout`: the direction reasoning flows in (Graphviz rankdir)
LAYOUTS = ("BT", "TB", "LR", "RL")
#: `argmap render --renderer`
RENDERERS = ("auto", "bundled", "system")


class ChoiceError(ValueError):
    """A value that is none of its choices: the message lists them (exit 2)."""


def one_of(kind: str, value: str, choices: tuple[str, ...]) -> str:
    """*value* if it is one of *choices*; else the error that lists them, as the graphviz package's do.

    >>> one_of("format", "svgg", MAP_FORMATS)
    Traceback (most recent call last):
    argmap.choices.ChoiceError: unknown format 'svgg'; did you mean 'svg'? (must be one of 'svg', 'pdf', 'png', 'dot', 'html')
    """
    if value not in choices:
        from argmap.findings import did_you_mean

        raise ChoiceError(f"unknown {kind} {value!r}{did_you_mean(value, choices)} "
                          f"(must be one of {', '.join(map(repr, choices))})")
    return value
