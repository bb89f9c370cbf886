"""The model as Argdown: a file the Argdown CLI accepts and that `argmap.read.argdown` reads back
to the same claims, reasons and objections.

Layout, in the model's order of claims:

- front matter: ``title``, and ``argmap: {source, theses, ignore}``, and the
  settings an Argdown file had (``model: {mode: strict}`` and the like);
- each claim as ``[title]: text #tags {data}`` (``<title>: ...`` for a claim
  that was an Argdown argument), where ``{data}`` holds its quotes, evidence,
  assumption mark, note, ignore list and restatements; under it one relation
  line per single-premise reason (``+``) and objection (``-``, or ``><`` for a
  contradiction);
- a reason with several premises, a label or undercuts is an argument with a
  premise-conclusion structure (the label is the inference rule, undercuts are
  ``<_`` lines under the inference); reasons after it are written under its
  conclusion line, so that they read back in the same order;
- an objection with several premises, a label or answers of its own is an
  argument too, whose conclusion (marked ``{objection: true}``) is what the
  relation line names: the reader folds it back into the objection;
- headings before the claims they preceded, and everything else the reader kept
  (argument titles and descriptions, other data, further definitions).

Argdown can say all the model holds, so nothing is counted lost but line breaks
inside texts (Argdown joins lines), links to claims the model does not define,
tags no Argdown tag can spell, a claim's reason or objection by itself after
another of its kind (Argdown takes it for a repeat), a support of one argument
written between two steps of another, and what other formats' readers kept.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from argmap.convert import Losses, losses
from argmap.convert.claimfile import grounds_and_note
from argmap.model import ArgumentFile, Attack, Claim, Inference, Reason
from argmap.read.argdown import Ids, argument_title, signatures
from argmap.read.argdown_syntax import escape, escape_rule, tag

#: every feature of the model has a place in Argdown (see the module's docstring)
CANNOT: tuple[str, ...] = ()
INDENT = "    "
HINT_INSIDE = "Argdown supports of an argument between two steps of another (written as reasons for its conclusion)"
SELF_AFTER_OTHERS = "reasons and objections of a claim by itself after others of their kind (Argdown drops them)"
#: where a kept title cannot be written as a title (Argdown would read it as something else)
_BAD_STATEMENT_TITLE = re.compile(r"[\[\]\n]|^[-\s]|\s$|^$")
_BAD_ARGUMENT_TITLE = re.compile(r"[<>\n]|^[-+_!\s]|\s$|^$")
#: characters a YAML double-quoted string must escape beyond JSON's: not printable in YAML, or line breaks to it
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")


def write(model: ArgumentFile, out: TextIO) -> Losses:
    writer = _Writer(model)
    out.write(writer.document())
    lost = losses(model, CANNOT, kept_by="argdown")
    lost.update(writer.lost)
    return +lost


# -- {data} and front matter -----------------------------------------------------------


def flow(value: object) -> str:
    """*value* as one line of YAML flow style that Argdown's ``{data}`` and front matter read back:
    strings double-quoted, with ``}`` (which ends a data block) and ``===`` (which ends front
    matter) escaped. Built with a work list, so nesting depth costs nothing."""
    parts: list[str] = []
    stack: list[tuple[bool, object]] = [(False, value)]  # (is literal text, value)
    while stack:
        literal, item = stack.pop()
        if literal:
            parts.append(str(item))
        elif isinstance(item, dict):
            pieces: list[tuple[bool, object]] = [(True, "{")]
            for index, (key, inner) in enumerate(item.items()):
                pieces += [(True, (", " if index else "") + _string(str(key)) + ": "), (False, inner)]
            stack.extend(reversed([*pieces, (True, "}")]))
        elif isinstance(item, (list, tuple)):
            pieces = [(True, "[")]
            for index, inner in enumerate(item):
                pieces += [(True, ", ")] * bool(index) + [(False, inner)]
            stack.extend(reversed([*pieces, (True, "]")]))
        else:
            parts.append(_scalar(item))
    return "".join(parts)


def _scalar(value: object) -> str:
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ".nan" if value != value else ".inf" if value > 0 else "-.inf"
        return re.sub(r"^(-?\d+)(e)", r"\1.0\2", repr(value))  # YAML 1.1 wants a dot before an exponent
    return _string(str(value))


def _string(text: str) -> str:
    import json

    quoted = json.dumps(text, ensure_ascii=False).replace("}", "\\x7d")
    quoted = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000 else f"\\U{ord(m.group()):08x}", quoted)
    return re.sub(r"=(?==)", r"\\x3d", quoted)


# -- planning ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Group:
    """Steps written as one argument with a premise-conclusion structure, and what Argdown adds to it."""

    steps: list[Inference]
    title: str = ""
    descriptions: list[str] = field(default_factory=list)
    data: object = None
    tags: list[str] = field(default_factory=list)
    inferences: list[object] = field(default_factory=list)  # kept {data} of each inference


def _dict(value: object) -> dict[str, Any]:
    """A kept mapping, or nothing when a hand-edited claim file made it something else."""
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    """A kept list, or nothing."""
    return value if isinstance(value, list) else []


class _Writer:
    def __init__(self, model: ArgumentFile) -> None:
        self.model = model
        self.kept = _dict(model.kept.get("argdown"))
        self.claims_kept = _dict(self.kept.get("claims"))
        self.relations_kept = _dict(self.kept.get("relations"))
        front = self.kept.get("front_matter")
        mode = _dict(_dict(front).get("model")).get("mode")
        self.strict = mode == "strict"
        self.lost: Counter[str] = Counter()
        self.signature: dict[int, str] = {}
        self.by_signature: dict[str, list[Inference]] = {}
        self.target: dict[int, Claim | Inference] = {}  # id(step) -> what it is for or against
        self.group_of: dict[int, _Group] = {}
        self.simple: set[int] = set()  # steps written as one relation line
        self.inline: dict[str, list[str]] = {}  # claim id -> its paragraph's reason lines
        self.under: dict[int, list[str]] = {}  # id(step) -> lines under its conclusion
        self.titles: dict[str, str] = {}
        self.arguments: set[str] = set()  # claims written as <arguments>
        self.argument_titles: set[str] = set()
        self.titled: dict[str, _Group] = {}  # argument title -> the group written under it
        self.markers: dict[int, str] = {}  # id(objection) -> title of the conclusion that stands for it
        #: lines Argdown wrote against a reconstructed argument, by its title: under its
        #: description (before its inferences) or in a reference paragraph after it
        self.head_lines: dict[str, list[str]] = {}
        self.tail_lines: dict[str, list[tuple[str, str]]] = {}  # (the reference on top, the line)
        self.claim_tail: dict[str, list[tuple[str, str]]] = {}  # the same after a claim's paragraph
        self.partner: dict[int, Inference] = {}  # objections written as one ``><`` line: each to the other
        self.undercutting: set[int] = set()  # Argdown's undercuts of a statement, written from the undercutter
        #: the document so far, and its last paragraph while lines may still join it: (reference on top, lines)
        self.paragraphs: list[str] = []
        self.open: tuple[str, list[str]] | None = None
        #: each claim's objections not written yet, whether its paragraph is, and who waits for what (see `drain`)
        self.pending: dict[str, deque[Inference]] = {cid: deque(claim.objections) for cid, claim in model.claims.items()}
        self.headed: set[str] = set()
        self.waiters: dict[str, list[str]] = {}
        self.queue: deque[_Group] = deque()
        self.queued: set[int] = set()
        self.index()
        self.kept_groups()
        self.classify()
        self.name_claims()
        self.name_groups()
        self.plan_reasons()
        self.plan_contradictions()
        self.undercutting = {id(attack) for claim in self.model.claims.values() if claim.id not in self.arguments
                             for attack in claim.objections if id(attack) in self.simple
                             and self.written_as(attack) == "_" and id(attack) not in self.partner}

    # -- what each step becomes ---------------------------------------------------------

    def index(self) -> None:
        pending: list[tuple[Claim | Inference, str, Sequence[Inference]]] = []
        for claim in reversed(self.model.claims.values()):
            pending += [(claim, claim.id, claim.objections), (claim, claim.id, claim.reasons)]
        while pending:
            parent, parent_signature, steps = pending.pop()
            for step, name in zip(steps, signatures(parent_signature, steps), strict=True):
                self.signature[id(step)] = name
                self.by_signature.setdefault(name, []).append(step)
                self.target[id(step)] = parent
                pending.append((step, name, step.objections))

    def kept_groups(self) -> None:
        """The reader's arguments with premise-conclusion structures, where their steps still chain."""
        for kept in self.kept.get("arguments") or ():
            entry = _dict(kept)
            steps = self.chain(entry.get("steps"))
            if steps is None:
                self.lost["Argdown argument titles, descriptions and data"] += 1
                continue
            title, inferences = entry.get("title"), entry.get("inferences")
            group = _Group(steps, title if isinstance(title, str) else "",
                           [text for text in _list(entry.get("descriptions")) if isinstance(text, str)],
                           entry.get("data"), [name for name in _list(entry.get("tags")) if isinstance(name, str)],
                           _list(inferences))
            for step in steps:
                self.group_of[id(step)] = group

    def chain(self, names: object) -> list[Inference] | None:
        """The steps *names* (signatures) name, if each is there and not in another argument, and
        they are reasons (one argument, several inferences) or one objection."""
        steps: list[Inference] = []
        for name in _list(names):
            found = self.by_signature.get(name) if isinstance(name, str) else None
            if not found or id(found[0]) in self.group_of:
                return None
            steps.append(found[0])
        if not steps or (len(steps) > 1 and any(type(step) is not Reason for step in steps)):
            return None
        return steps

    def conclusion(self, step: Inference) -> str:
        return step.target if type(step) is Reason else self.markers.get(id(step), "")

    def classify(self) -> None:
        """One relation line for a step with one premise, no label, no objections, not in a kept
        argument, and no twin line before it (Argdown keeps one relation of a kind between two ends)."""
        owners: list[Claim | Inference] = [*self.model.claims.values()]
        owners += [step for steps in self.by_signature.values() for step in steps]
        for owner in owners:
            lists: list[Sequence[Inference]] = [owner.objections]
            if isinstance(owner, Claim):
                lists.append(owner.reasons)
            for steps in lists:
                seen: set[tuple[object, str]] = set()
                mirror = False  # `[a] >< [a]` is one line for the next two objections of a
                for step in steps:
                    one = step.premises[0].id if len(step.premises) == 1 else None
                    written = self.written_as(step)
                    plain = one is not None and step.label is None and not step.objections and id(step) not in self.group_of
                    if plain and (mirror or (written, one) not in seen):
                        seen.add((written, str(one)))
                        self.simple.add(id(step))
                        mirror = not mirror and written == "><" and one == owner.id
                    else:
                        self.group_of.setdefault(id(step), _Group([step]))
                        mirror = False

    def name_claims(self) -> None:
        """A title for each claim that reads back as its id (the reader's allocation, replayed);
        Argdown arguments stay arguments unless a premise-conclusion structure names them."""
        in_structures = {ref.id for group in self.groups() for step in group.steps for ref in step.premises}
        in_structures |= {step.target for group in self.groups() for step in group.steps if type(step) is Reason}
        ids = Ids()
        for cid in self.model.claims:
            entry = _dict(self.claims_kept.get(cid))
            argument = bool(entry.get("argument"))
            if argument and cid in in_structures:
                argument = False
                self.lost["marks that a claim is an Argdown argument"] += 1
            title = entry.get("title")
            bad = _BAD_ARGUMENT_TITLE if argument else _BAD_STATEMENT_TITLE
            if not isinstance(title, str) or bad.search(title) or ids.peek(title) != cid:
                title = cid
            if ids.take(title) != cid:
                self.lost["claims whose id is no Argdown title (read back renamed)"] += 1
            self.titles[cid] = title
            if argument:
                self.arguments.add(cid)
                self.argument_titles.add(title)

    def groups(self) -> list[_Group]:
        return list({id(group): group for group in self.group_of.values()}.values())

    def name_groups(self) -> None:
        """Kept argument titles where still free, then ``Reason 2 for a`` for the others;
        the conclusions that stand for objections are named by the objections' ids (``a!1``)."""
        statements = {title for cid, title in self.titles.items() if cid not in self.arguments}
        groups = self.groups()
        for group in groups:
            if group.title and not _BAD_ARGUMENT_TITLE.search(group.title) and group.title not in self.argument_titles:
                self.argument_titles.add(group.title)
            else:
                group.title = ""
        for group in groups:
            if not group.title:
                group.title = self.unique(argument_title(group.steps[-1].id), self.argument_titles)
            self.titled[group.title] = group
            for step in group.steps:
                if type(step) is Attack:
                    self.markers[id(step)] = self.unique(step.id if len(step.id) <= 40 else group.title, statements)

    @staticmethod
    def unique(title: str, taken: set[str]) -> str:
        number, found = 2, title
        while found in taken:
            found, number = f"{title} ({number})", number + 1
        taken.add(found)
        return found

    def plan_reasons(self) -> None:
        """A claim's reasons in order: lines in its paragraph up to the first written as an
        argument, then lines under the conclusion of the argument written last before them;
        a line against an argument (``<A>`` + ``[x]``) under the argument's head when it comes
        next, else in a paragraph of its own after the claim's or after the argument written
        last, and the lines after it under ``[claim]`` there."""
        for claim in self.model.claims.values():
            lines = self.inline.setdefault(claim.id, [])
            tail: list[tuple[str, str]] | None = None
            last: _Group | None = None  # the argument written last so far
            for index, reason in enumerate(claim.reasons):
                if id(reason) not in self.simple:
                    lines, tail, last = self.under.setdefault(id(reason), []), None, self.group_of[id(reason)]
                    continue
                group, line = self.hinted(reason), f"+ {self.ref(reason.premises[0].id)}"
                if group is not None and last is not None and any(step is last.steps[-1] for step in claim.reasons[index:]):
                    self.lost[HINT_INSIDE] += 1  # no paragraph can go between two steps of `last`
                    group = None
                if group is None:
                    if tail is None:
                        lines.append(INDENT + line)
                    else:
                        tail.append((self.ref(claim.id), line))
                elif self.heads_next(claim.reasons[index + 1 :], group):
                    self.head_lines.setdefault(group.title, []).append(INDENT + line)
                else:
                    tail = self.tail_lines.setdefault(last.title, []) if last else self.claim_tail.setdefault(claim.id, [])
                    tail.append((f"<{group.title}>", line))

    def heads_next(self, reasons: Sequence[Reason], group: _Group) -> bool:
        """Whether *group*'s argument comes next among *reasons* (lines against it then go under its head)."""
        for reason in reasons:
            if reason is group.steps[-1]:
                return True
            if id(reason) in self.simple and self.hinted(reason) is None:
                return False
        return False

    # -- references and heads ----------------------------------------------------------

    def ref(self, cid: str) -> str:
        """``[title]`` or ``<title>``; a link to a claim the model lacks names a statement without text."""
        if cid not in self.titles:
            self.lost["links to claims the model does not define (written as statements without text)"] += 1
            return f"[{Ids.base(cid)}]"
        title = self.titles[cid]
        return f"<{title}>" if cid in self.arguments else f"[{title}]"

    def tagged(self, text: str, tags: list[str]) -> str:
        """*text* escaped, the claim's tags that it holds kept as tags, the others after it."""
        if "\n" in text.strip() or "\r" in text.strip():
            self.lost["line breaks in claim texts (Argdown joins the lines)"] += 1
        names: set[str] = set()
        written = escape(text, frozenset(tags), names)
        for name in tags:
            spelt = tag(name)
            if spelt is None:
                self.lost["tags Argdown cannot write (with ')' or a line break)"] += 1
            elif name not in names:
                written += (" " if written else "") + spelt
                names.add(name)
        return written

    def data(self, claim: Claim) -> dict[str, Any]:
        fields = grounds_and_note(claim)
        if claim.ignore:
            fields["ignore"] = [code.value for code in claim.ignore]
        if claim.restates:
            fields["restates"] = [self.titles.get(ref.id, ref.id) for ref in claim.restates]
        kept = _dict(self.claims_kept.get(claim.id)).get("data")
        for key, value in _dict(kept).items():
            fields.setdefault(key, value)
        return fields

    def head(self, claim: Claim) -> str:
        entry = _dict(self.claims_kept.get(claim.id))
        if (entry.get("untexted") and claim.text == self.titles[claim.id]) or not claim.text.strip():
            if not claim.text.strip():
                self.lost["empty claim texts"] += 1
            line = f"{self.ref(claim.id)} {self.tagged('', claim.tags)}".rstrip()
        else:
            line = f"{self.ref(claim.id)}: {self.tagged(claim.text, claim.tags)}"
        data = self.data(claim)
        return f"{line} {flow(data)}" if data else line

    # -- the document ------------------------------------------------------------------

    def document(self) -> str:
        front = self.front_matter()
        if front:
            self.put([front])
        sections = [_dict(entry) for entry in _list(self.kept.get("sections"))]
        before: dict[str, list[dict[str, Any]]] = {}
        for entry in sections:
            anchor = entry.get("before")
            before.setdefault(anchor if anchor in self.model.claims else "", []).append(entry)
        for claim in self.model.claims.values():
            self.put([self.heading(entry) for entry in before.get(claim.id, ())])
            self.claim(claim)
            while self.queue:
                self.argument(self.queue.popleft())
        self.force()
        self.put([self.heading(entry) for entry in before.get("", ())])
        if not any(not p.startswith("===") for p in self.paragraphs):
            self.put([f"# {escape(self.model.title or 'An empty map')}"])  # Argdown rejects a file with nothing
        self.put([])
        return "\n\n".join(self.paragraphs) + "\n"

    def put(self, paragraphs: list[str]) -> None:
        """Close the open paragraph, then add *paragraphs*."""
        if self.open is not None:
            self.paragraphs.append("\n".join(self.open[1]))
            self.open = None
        self.paragraphs += paragraphs

    def line(self, top: str, line: str) -> None:
        """*line* under the reference *top*: in the open paragraph if that is *top*'s, else in a new one."""
        if self.open is None or self.open[0] != top:
            self.put([])
            self.open = (top, [top])
        self.open[1].append(INDENT + line)

    def front_matter(self) -> str:
        settings: dict[str, Any] = {}
        if self.model.title is not None:
            settings["title"] = self.model.title
        kept = self.kept.get("front_matter")
        if isinstance(kept, dict):
            settings.update((key, value) for key, value in kept.items() if key not in ("title", "argmap"))
        elif kept is not None:
            self.lost["Argdown front-matter settings"] += 1
        own: dict[str, Any] = {}
        source = self.model.source
        if source is not None:
            own["source"] = {name: getattr(source, name) for name in ("title", "date", "url") if getattr(source, name)}
            if source.path is not None:
                own["source"]["path"] = source.path.value
        if self.model.theses is not None:
            own["theses"] = [self.titles.get(ref.id, ref.id) for ref in self.model.theses]
        if self.model.ignore:
            own["ignore"] = [code.value for code in self.model.ignore]
        if own:
            settings["argmap"] = own
        if not settings:
            return ""
        return "\n".join(["===", *(f"{_string(key)}: {flow(value)}" for key, value in settings.items()), "==="])

    def heading(self, entry: dict[str, Any]) -> str:
        level = entry.get("level")
        text = entry.get("text")
        tags = [name for name in _list(entry.get("tags")) if isinstance(name, str)]
        line = "#" * (level if isinstance(level, int) and level > 0 else 1) + " "
        line += escape(text if isinstance(text, str) and text.strip() else "Section", frozenset(tags), trailing=True)
        data = entry.get("data")
        return f"{line} {flow(data)}" if data is not None else line

    def claim(self, claim: Claim) -> None:
        """The claim's paragraph with its reasons and as many of its objections as can go there
        (see `drain`), its other definitions, and its arguments queued."""
        for step in (*claim.reasons, *claim.objections):
            if id(step) not in self.simple:
                self.enqueue(self.group_of[id(step)])
        self.count_self_steps(claim)
        self.put([])
        self.open = (self.ref(claim.id), [self.head(claim), *self.inline[claim.id]])
        self.headed.add(claim.id)
        self.drain([claim.id, *self.waiters.pop(claim.id, [])])
        for top, line in self.claim_tail.get(claim.id, ()):
            self.line(top, line)
        others = [text for text in _list(_dict(self.claims_kept.get(claim.id)).get("definitions")) if isinstance(text, str)]
        self.put([f"{self.ref(claim.id)}: {escape(text)}" for text in others if text.strip()])

    def count_self_steps(self, claim: Claim) -> None:
        """Argdown keeps a claim's support (attack, undercut, contradiction) of itself only when no
        other of that kind came before: one after another is read as a repeat and dropped, so it
        is lost (a contradiction written from this claim would stay: counted all the same)."""
        kinds: dict[str, list[Inference]] = {"+": [step for step in claim.reasons
                                                   if id(step) in self.simple and self.hinted(step) is None]}
        for step in claim.objections:
            if id(step) in self.partner:
                kind = "><"
                if any(other is self.partner[id(step)] for other in kinds.get(kind, [])[-1:]):
                    continue  # a claim's `><` with itself is two objections
            elif id(step) in self.undercutting or self.objection_line(claim.id, step).startswith("_"):
                kind = "_"
            else:
                kind = "-"
            kinds.setdefault(kind, []).append(step)
        for steps in kinds.values():
            self.lost[SELF_AFTER_OTHERS] += sum(id(step) in self.simple and step.premises[0].id == claim.id for step in steps[1:])

    # -- objections of claims, in order ---------------------------------------------------

    def plan_contradictions(self) -> None:
        """Pairs of single objections each way, written as one ``><`` line: where Argdown wrote them
        so (one of the two a statement: ``><`` names no argument), and in strict mode, where two
        attacks each way between statements are one."""
        for claim in self.model.claims.values():
            for attack in claim.objections:
                other = attack.premises[0].id
                written = self.written_as(attack)
                arguments = (claim.id in self.arguments) + (other in self.arguments)
                if (id(attack) not in self.simple or id(attack) in self.partner or other not in self.model.claims
                        or not ((written == "><" and arguments < 2) or (self.strict and not arguments and written != "_"))):
                    continue
                mirror = next((step for step in self.model.claims[other].objections
                               if id(step) in self.simple and step is not attack and step.premises[0].id == claim.id
                               and id(step) not in self.partner and self.written_as(step) in ({"><"} if written == "><" else {None, "-"})),
                              None)
                if mirror is not None:
                    self.partner[id(attack)], self.partner[id(mirror)] = mirror, attack

    def drain(self, work: list[str]) -> None:
        """Write the objections of the claims in *work* in order, each list as far as it can go now.

        Argdown orders a statement's objections by the lines that make them, so each claim's
        objections are written in order, and three kinds of line wait: an undercut of a statement
        is only ``_> [target]`` under the undercutter (``_`` under the statement would aim at the
        last inference Argdown read), and an undercutter whose paragraph is still to come waits
        for it (naming an untexted claim on top of a paragraph before its own would move it, and
        so its id); a ``><`` line is both claims' objection, so it waits until it is next in both
        lists; a ``><`` line must name a statement, so under an argument it waits for the
        argument's paragraph. A claim that waits is woken when what it waits for moves."""
        queue = deque(work)
        while queue:
            cid = queue.popleft()
            items = self.pending[cid]
            moved: set[str] = set()
            while items:
                blocker = self.blocker(cid, items)
                if blocker is not None:
                    self.waiters.setdefault(blocker, []).append(cid)
                    break
                moved |= self.write_objection(cid, items)
            for other in moved:
                queue.extend(self.waiters.pop(other, []))

    def blocker(self, cid: str, items: deque[Inference]) -> str | None:
        """The claim whose paragraph or objections the next of *cid*'s objections waits for, if any."""
        attack = items[0]
        source = attack.premises[0].id
        mirror = self.partner.get(id(attack))
        if mirror is not None:
            theirs = self.pending[source]
            if len(theirs) < 1 + (source == cid) or theirs[source == cid] is not mirror:
                return source
            return source if source in self.arguments and source not in self.headed else None
        if id(attack) in self.undercutting and source in self.model.claims and source not in self.headed:
            return source
        return None

    def write_objection(self, cid: str, items: deque[Inference]) -> set[str]:
        """Write the next of *cid*'s objections (with its ``><`` partner, wherever that is in its list);
        the claims whose lists moved."""
        attack = items.popleft()
        source = attack.premises[0].id
        mirror = self.partner.get(id(attack))
        if mirror is not None:
            self.pending[source].remove(mirror)
            if source in self.arguments:
                self.line(self.ref(source), f">< {self.ref(cid)}")
            else:
                self.line(self.ref(cid), f">< {self.ref(source)}")
            return {cid, source}
        if id(attack) in self.undercutting:
            self.line(self.ref(source), f"_> {self.ref(cid)}")
        else:
            self.line(self.ref(cid), self.objection_line(cid, attack))
        return {cid}

    def force(self) -> None:
        """Once every paragraph is written, only ``><`` lines wait, and only for each other in a circle
        (which no Argdown file makes, only a claim file's objections paired in strict mode): write the
        first of each circle now, out of order in its partner's list, and what that frees."""
        for cid, items in self.pending.items():
            while items:
                moved = self.write_objection(cid, items)
                self.drain([*moved, *(waiter for other in moved for waiter in self.waiters.pop(other, []))])

    def objection_line(self, cid: str, attack: Inference) -> str:
        """``- x``, ``_ x`` where Argdown wrote an undercut of an argument; ``- [marker]`` for an
        objection written as an argument."""
        if id(attack) not in self.simple:
            return f"- [{self.markers[id(attack)]}]"
        symbol = "_" if self.written_as(attack) == "_" and cid in self.arguments else "-"
        return f"{symbol} {self.ref(attack.premises[0].id)}"

    def written_as(self, step: Inference) -> object:
        """How Argdown wrote *step*, when the reader kept that: ``><``, ``_``, ``+`` or ``-``."""
        return _dict(self.relations_kept.get(self.signature[id(step)])).get("as")

    def hinted(self, step: Inference) -> _Group | None:
        """The reconstructed argument Argdown wrote *step* against (``+ x`` or ``- x`` under
        ``<A>``), if that argument is written and the line still reads as *step*."""
        title, symbol = _dict(self.relations_kept.get(self.signature[id(step)])).get("argument"), self.written_as(step)
        main = self.titled.get(title) if isinstance(title, str) else None
        if main is None or symbol not in ("+", "-", "_"):
            return None
        last = main.steps[-1]
        if type(step) is Reason:
            fits = type(last) is Reason and last.target == step.target and symbol == "+"
        else:
            fits = (self.target.get(id(step)) is last and symbol in ("-", "_")
                    and not self.attacks_a_premise(step.premises[0].id, main))
        return main if fits else None

    def attacks_a_premise(self, attacker: str, group: _Group) -> bool:
        """Argdown drops a statement's attack on a reconstructed argument when the statement also
        attacks one of its premises or contradicts one (an attack either way is a contrary in
        strict mode); an argument's attack stays."""
        if attacker in self.arguments:
            return False
        premises: set[str] = set()
        concluded: set[str] = set()
        for step in group.steps:
            premises |= {ref.id for ref in step.premises if ref.id not in concluded}
            if type(step) is Reason:
                concluded.add(step.target)
        claims = self.model.claims
        for premise in premises:
            for source, target in ((attacker, premise), (premise, attacker)):
                for step in claims[target].objections if target in claims else ():
                    kind = self.written_as(step)
                    if (len(step.premises) == 1 and step.premises[0].id == source and kind != "_"
                            and (kind == "><" or source == attacker or self.strict)):
                        return True
        return False

    def enqueue(self, group: _Group) -> None:
        if id(group) not in self.queued:
            self.queued.add(id(group))
            self.queue.append(group)

    # -- arguments ----------------------------------------------------------------------

    def argument(self, group: _Group) -> None:
        """``<title>: description``, the premise-conclusion structure of *group*'s steps, and the
        lines Argdown wrote against it after them."""
        lines: list[str] = []
        numbered: list[tuple[int, str]] = []  # (number, claim id) of the lines so far
        since = 0  # where the lines an inference takes by default start: the conclusion above
        for position, step in enumerate(group.steps):
            premises = [ref.id for ref in step.premises]
            taken = self.uses(numbered, premises, fresh=position == 0)
            for number, cid in taken:
                if number > len(numbered):
                    numbered.append((number, cid))
                    lines.append(f"({number}) {self.pcs_ref(cid)}")
            data = dict(_dict(group.inferences[position] if position < len(group.inferences) else None))
            data.pop("uses", None)
            if numbered[since:] != taken:
                data["uses"] = [number for number, _ in taken]
            lines.append(self.inference(step.label, data))
            lines += [INDENT + line for line in self.undercuts(step)]
            since = len(numbered)
            numbered.append((len(numbered) + 1, self.conclusion(step)))
            lines.append(f"({len(numbered)}) {self.conclusion_line(step)}")
            lines += self.under.get(id(step), [])
        head = f"<{group.title}>"
        if group.descriptions:
            head += f": {self.tagged(group.descriptions[0], group.tags)}"
        elif group.tags:
            head = f"{head} {self.tagged('', group.tags)}".rstrip()
        if group.data is not None:
            head += f" {flow(group.data)}"
        extra = [f"<{group.title}>: {escape(text)}" for text in group.descriptions[1:] if text.strip()]
        self.put(self.reasons_before(group))
        self.put(["\n".join([head, *self.head_lines.get(group.title, [])]), "\n".join(lines), *extra])
        for top, line in self.tail_lines.get(group.title, ()):
            self.line(top, line)

    def reasons_before(self, group: _Group) -> list[str]:
        """The reasons that go before *group*'s for a claim whose paragraph is still to come (the
        argument was queued by an earlier claim): written here, under ``[claim]``, to keep their order."""
        paragraphs: list[str] = []
        for step in group.steps:
            if type(step) is Reason and step.target not in self.headed and self.inline[step.target]:
                paragraphs.append("\n".join([self.ref(step.target), *self.inline[step.target]]))
                self.inline[step.target] = []
        return paragraphs

    def pcs_ref(self, cid: str) -> str:
        return f"[{self.titles.get(cid, cid)}]" if cid in self.titles else self.ref(cid)

    @staticmethod
    def uses(numbered: list[tuple[int, str]], premises: list[str], *, fresh: bool) -> list[tuple[int, str]]:
        """The lines that give an inference its *premises*, in order: a line above it
        (unless *fresh*, the first inference), else a new one, numbered after the others."""
        free = [] if fresh else list(numbered)
        taken: list[tuple[int, str]] = []
        count = len(numbered)
        for cid in premises:
            line = next((item for item in reversed(free) if item[1] == cid), None)
            if line is None:
                count += 1
                line = (count, cid)
            else:
                free.remove(line)
            taken.append(line)
        return taken

    def inference(self, label: str | None, data: dict[str, Any]) -> str:
        if label is not None and ("\n" in label or "\r" in label):
            self.lost["line breaks in inference labels (Argdown joins the lines)"] += 1
        inside = " ".join(part for part in (escape_rule(label) if label else "", flow(data) if data else "") if part)
        return f"-- {inside} --" if inside else "----"

    def undercuts(self, step: Inference) -> list[str]:
        """The lines under *step*'s inference; an objection Argdown wrote against the argument
        goes under its description instead, or after it when one written here comes first, and
        then the undercuts after it go there too, as ``_ x`` (the argument's last inference is
        *step*: Argdown aims them at it as it does ``<_ x`` here)."""
        lines: list[str] = []
        tail: list[tuple[str, str]] | None = None
        title = ""
        for attack in step.objections:
            group = self.hinted(attack) if id(attack) in self.simple else None
            if id(attack) not in self.simple:
                line = f"_ [{self.markers[id(attack)]}]"
                self.enqueue(self.group_of[id(attack)])
            else:
                line = f"{self.written_as(attack) if group else '_'} {self.ref(attack.premises[0].id)}"
            if group is not None and (lines or tail is not None):
                title = group.title
                tail = self.tail_lines.setdefault(title, [])
            if tail is not None:
                tail.append((f"<{title}>", line))
            elif group is not None:
                self.head_lines.setdefault(group.title, []).append(INDENT + line)
            else:
                lines.append("<" + line)
        return lines

    def conclusion_line(self, step: Inference) -> str:
        if type(step) is Reason:
            return self.pcs_ref(step.target)
        text = escape(f"{self.group_of[id(step)].title}, written as an argument")
        return f"[{self.markers[id(step)]}]: {text} {flow({'objection': True})}"
