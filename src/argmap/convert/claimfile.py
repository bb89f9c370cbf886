"""The model as a claim file, YAML or JSON: everything it holds, in the shortest form
the format has for each part, and what other formats' readers kept (an AIF map's
dialogue layer and node ids) under their own top-level key, so that converting
back loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

import yaml

from argmap.convert import Losses, losses
from argmap.model import ArgumentFile, Claim, Inference
from argmap.read.claimfile import FORMAT_VERSION


def write_yaml(model: ArgumentFile, out: TextIO) -> Losses:
    out.write(yaml.dump(document(model), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))
    return losses(model, (), kept_by="*")


def write_json(model: ArgumentFile, out: TextIO) -> Losses:
    out.write(json.dumps(document(model), ensure_ascii=False, indent=2) + "\n")
    return losses(model, (), kept_by="*")


def document(model: ArgumentFile) -> dict[str, Any]:
    """The claim file as plain data, keys in the order the format documents them."""
    doc: dict[str, Any] = {"argmap": FORMAT_VERSION}  # the version the file is written in, for a later argmap
    if model.title is not None:
        doc["title"] = model.title
    if model.source is not None:
        source = {name: getattr(model.source, name) for name in ("title", "date", "url") if getattr(model.source, name)}
        if model.source.path is not None:
            source["path"] = model.source.path.value
        if model.source.text is not None:
            source["text"] = model.source.text
        doc["source"] = source
    if model.theses is not None:
        doc["theses"] = [ref.id for ref in model.theses]
    if model.ignore:
        doc["ignore"] = [code.value for code in model.ignore]
    doc["claims"] = {cid: _claim(claim) for cid, claim in model.claims.items()}
    doc.update(model.kept)
    return doc


def _claim(claim: Claim) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": claim.text}
    if claim.reasons:
        fields["reasons"] = _steps(claim.reasons)
    if claim.objections:
        fields["objections"] = _steps(claim.objections)
    if claim.restates:
        fields["restates"] = [ref.id for ref in claim.restates]
    fields.update(grounds_and_note(claim))
    if claim.tags:
        fields["tags"] = list(claim.tags)
    if claim.ignore:
        fields["ignore"] = [code.value for code in claim.ignore]
    return fields


def grounds_and_note(claim: Claim) -> dict[str, Any]:
    """A claim's quotes, evidence, assumption mark and note as a claim file writes them (one
    value alone, several as a list): the fields every format that can hold them takes as they are."""
    fields: dict[str, Any] = {}
    for name, values in (("quote", [q.value for q in claim.quotes]), ("evidence", claim.evidence)):
        if values:
            fields[name] = values[0] if len(values) == 1 else values
    if claim.assumption:
        fields["assumption"] = True
    if claim.note is not None:
        fields["note"] = claim.note
    return fields


def _steps(steps: Sequence[Inference]) -> list[Any]:
    """Reasons or objections in their shortest forms: `a`, `[a, b]`, or the long form
    with a label or objections. Objections to objections nest as deep as the map:
    built with a work list, not by recursion."""
    top: list[Any] = []
    pending: list[tuple[Inference, list[Any]]] = [(step, top) for step in steps]
    pending.reverse()
    while pending:
        step, into = pending.pop()
        premises = [ref.id for ref in step.premises]
        if step.label is None and not step.objections:
            into.append(premises[0] if len(premises) == 1 else premises)
            continue
        form: dict[str, Any] = {"premises": premises}
        if step.label is not None:
            form["label"] = step.label
        if step.objections:
            form["objections"] = []
            pending.extend((attack, form["objections"]) for attack in reversed(step.objections))
        into.append(form)
    return top


class _Dumper(yaml.SafeDumper):
    """Block mappings; lists of plain values in flow style (`reasons: [a, b]`)."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(item, (str, int, float, bool)) and not (isinstance(item, str) and "\n" in item)
                              for item in data) and sum(len(str(item)) for item in data) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)
