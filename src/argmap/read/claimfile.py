"""The claim file, argmap's own format: its vocabulary, and which reader reads a file.

A file written in the common layout is read a line at a time (`claimlines`),
straight into the model; any other is read through libyaml (`claimyaml`),
which takes every form YAML allows and explains every mistake. libyaml is
imported only then: a command that reads common files starts without it.
"""

from __future__ import annotations

import re
from pathlib import Path

from argmap.read import LoadResult

ID_PATTERN = re.compile(r"[^\W_][\w.\-]*")
ID_RULE = "a letter or digit, then letters, digits, '-', '_' or '.'"
#: the plain scalars YAML reads as null, and as booleans where argmap takes one
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
FORMAT_VERSION = 1

#: what other formats' readers keep (`ArgumentFile.kept`), written back under their own key
KEPT_KEYS = ("aif", "argdown")
TOP_KEYS = ("argmap", "title", "source", "theses", "ignore", "claims", *KEPT_KEYS)
SOURCE_KEYS = ("title", "date", "url", "path", "text")
CLAIM_KEYS = (
    "text", "reasons", "objections", "restates", "quote", "evidence", "assumption", "note", "tags", "ignore",
)
STEP_KEYS = ("premises", "label", "objections")

#: the most one claim file may hold: 250,000 claims take some 400 MB to audit, and a file
#: far past them (a million tiny claims, a support graph with every claim a premise of
#: every other) would take gigabytes. A map that big is split into files.
MAX_CLAIMS = 250_000
MAX_LINKS = 500_000


#: the suffixes this reader takes (with AIF for .json: `argmap.read.aif.recognises` decides)
SUFFIXES = (".yaml", ".yml", ".json")
#: read by libyaml: its line breaks and JSON's escaped emoji are remapped (`argmap.read.positions`)
YAML = True
#: the key that makes a JSON text a claim file: a folder walk reads a `.json` file only with such a key
JSON_KEY = re.compile(r'"claims"\s*:')


def recognises(text: str) -> bool:
    """Any text: a claim file is what argmap reads when no other format claims a file."""
    return True


def load_text(text: str, path: Path) -> LoadResult:
    from argmap.read import claimlines  # both import this module's vocabulary

    model = claimlines.read(text, path)
    if model is not None:
        return LoadResult(model)
    from argmap.read import claimyaml

    return claimyaml.load_yaml(text, path)


