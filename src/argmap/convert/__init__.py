"""Writers: the model to another format, for `argmap convert`.

One module per format (`choices.CONVERT_WRITERS`), each with
``write(model, out) -> Losses``. A format that cannot say something the model
holds counts it in the losses it returns, one entry per kind, so that the
command can say so: a conversion never drops anything in silence.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from argmap.findings import printable
from argmap.model import ArgumentFile

#: what was lost, by kind ("quotes (Mermaid has no place for them)"), and how many
Losses = Counter[str]
Writer = Callable[[ArgumentFile, TextIO], Losses]

#: the parts of a model a format may be unable to hold: name -> how a loss line names them
FEATURES = {
    "title": "the title",
    "source": "the source (title, date, address, path)",
    "theses": "declared theses",
    "file-ignore": "file-wide rule suppressions (ignore)",
    "quotes": "quotes",
    "evidence": "evidence notes",
    "assumptions": "assumption marks",
    "notes": "notes",
    "tags": "tags",
    "ignore": "rule suppressions on claims (ignore)",
    "labels": "inference labels",
    "undercuts": "objections to reasons (undercuts)",
    "counters": "objections to objections",
    "linked-attacks": "linked objections (several premises)",
    "restates": "restatements",
}


def count(model: ArgumentFile) -> Counter[str]:
    """How many of each feature (`FEATURES`) the model holds."""
    found: Counter[str] = Counter()
    found["title"] = model.title is not None
    found["source"] = model.source is not None
    found["theses"] = len(model.theses or ())
    found["file-ignore"] = len(model.ignore)
    for claim in model.claims.values():
        found["quotes"] += len(claim.quotes)
        found["evidence"] += len(claim.evidence)
        found["assumptions"] += claim.assumption
        found["notes"] += claim.note is not None
        found["tags"] += len(claim.tags)
        found["ignore"] += len(claim.ignore)
        found["restates"] += len(claim.restates)
        for reason in claim.reasons:
            found["labels"] += reason.label is not None
            found["undercuts"] += len(reason.objections)
        for attack in claim.attacks():
            found["labels"] += attack.label is not None
            found["counters"] += len(attack.objections)
            found["linked-attacks"] += len(attack.premises) > 1
    return found


#: a loss line: references to ids that name no claim, which the graph has no edge for
DANGLING = "links to undefined claims (AM004)"


class TooLarge(ValueError):
    """A model the target format cannot hold at all (a limit of the program that
    reads it): the message says which limit and what to do instead."""


def losses(model: ArgumentFile, cannot: Iterable[str], kept_by: str | None = None) -> Losses:
    """The loss lines for the *cannot* features the model has, and for what other
    formats' readers kept (their dialogue layers, ids) unless the target is *kept_by*
    (``"*"``: a claim file, which keeps all of it)."""
    found = count(model)
    lost: Losses = Counter({FEATURES[name]: found[name] for name in cannot if found[name]})
    for name, kept in model.kept.items():
        if kept_by not in (name, "*"):
            lost.update(kept_losses(name, kept))
    return lost


def kept_losses(name: str, kept: object) -> Losses:
    """What a reader kept for its own format, as loss lines for a writer of another."""
    from importlib import import_module

    from argmap.choices import READERS

    reader = import_module(READERS[name][0])
    lost: Losses = reader.unread(kept)
    return lost


def comments_of(path: Path) -> int:
    """The YAML comments of *path*, which no conversion keeps: libyaml never reports them,
    so the model has none to write (its findings and positions do not need them)."""
    from argmap.read import reader_for
    from argmap.read.positions import decode
    from argmap.read.yamltree import count_comments

    text = decode(path.read_bytes())  # it loaded a moment ago: it decodes
    return count_comments(text) if reader_for(path, text).YAML else 0


def relocate(model: ArgumentFile, folder: Path) -> None:
    """Point a relative `source.path` from *folder*, where the converted file is written.

    The path is read from its claim file's folder; the source stays where it is,
    so a file written elsewhere must name it from there, or its quotes go unchecked.
    """
    source = model.source
    if source is None or source.path is None or os.path.isabs(source.path.value):
        return
    where = os.path.abspath(model.path.parent / source.path.value)
    moved = Path(os.path.relpath(where, os.path.abspath(folder))).as_posix()
    source.path = source.path._replace(value=moved)


def writer(name: str) -> Writer:
    """The writer of format *name* (see `choices.CONVERT_WRITERS`), imported on demand."""
    from importlib import import_module

    from argmap.choices import CONVERT_WRITERS

    module, _, function = CONVERT_WRITERS[name].partition(":")
    write: Writer = getattr(import_module(module), function or "write")
    return write


def unlinked(model: ArgumentFile) -> Losses:
    """What the graph of SPEC section 2 has no edge for: premises and restatements
    that name no claim, and claims said to restate themselves."""
    claims = model.claims
    lost: Losses = Counter()
    for claim in claims.values():
        for step in (*claim.reasons, *claim.attacks()):
            lost[DANGLING] += sum(ref.id not in claims for ref in step.premises)
        for ref in claim.restates:
            if ref.id not in claims:
                lost[DANGLING] += 1
            elif ref.id == claim.id:
                lost["restatements of a claim by itself"] += 1
    return +lost


def one_line(text: str) -> str:
    """*text* as a drawn label shows it: whitespace runs (line breaks too) as one
    space, and control and bidirectional characters as visible escapes, so that a
    claim file cannot break a format's syntax or reorder what a reader sees."""
    return printable(" ".join(text.split()))
