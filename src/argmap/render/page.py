"""The audit page (`argmap render -f html`): one self-contained HTML file per map.

A fact-checker attaches it to an article or puts it on a web site, so it must
work from `file://` with no request of any kind: the map, the styles, the
script and the data are all inside the one file, and a Content-Security-Policy
forbids the page to fetch anything. The page is the template `page/page.html`
filled with four things built here:

- the map, argmap's own SVG re-written element by element from a list of the
  elements and attributes Graphviz draws with (no prolog, no comments, no
  links; Graphviz's tooltips become `<title>`s; claims get a role, a name and a
  place in the tab order), every text and attribute value escaped;
- the data, as JSON in a `<script type="application/json">`, with `<`, `>` and
  `&` written as escapes so that no text can close the element;
- `page.css` and `page.js`, which builds the rest of the page from the data
  with `textContent` only: nothing from a claim file is ever parsed as HTML.

Same input, same bytes: nothing depends on the time, the machine or the folder
the command runs in (the page names the claim file, not where it lies).
"""

from __future__ import annotations

import html
import itertools
import json
import re
import string
import xml.etree.ElementTree as ET
from importlib.resources import files
from typing import Any

from argmap import __version__
from argmap.analysis.context import Analysis
from argmap.analysis.lint import FileReport
from argmap.findings import Finding, printable
from argmap.render import style
from argmap.render.dot import MAX_BOXES

#: quotes named on one piece of the source where quotes overlap; the rest are not marked there
MAX_MARKED = 20
#: claims whose why the page gives: as many as a map draws (the map's tooltips have worked
#: them out already); in a larger file, only the theses' (a why can follow a long chain down)
MAX_EXPLAINED = MAX_BOXES
#: (claim id, quote number) -> places: the type of `SourceIndex.places`' answer here
Places = dict[tuple[str, int], list[tuple[int, int]]]

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
#: what Graphviz draws a map with; anything else is left out of the page, with what it holds
_ELEMENTS = frozenset({"svg", "g", "a", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line",
                       "text", "tspan", "defs", "linearGradient", "radialGradient", "stop"})
_ATTRIBUTES = frozenset({
    "id", "class", "transform", "d", "points", "cx", "cy", "rx", "ry", "r", "x", "y", "x1", "y1", "x2", "y2",
    "width", "height", "viewBox", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray",
    "stroke-opacity", "stroke-linecap", "stroke-linejoin", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "text-decoration", "baseline-shift", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "opacity", "style",
})
#: the statuses as the map's badges name them
_BADGE = {"accepted": "IN: accepted", **style.BADGE}


def build_page(report: FileReport, svg: bytes, focus: str | None = None, data: dict[str, Any] | None = None) -> bytes:
    """The page of one analysed file, with *svg* (its map as `render.backends.draw` made it)
    around *focus*; *data* is `page_data(report)` when the caller has it already (one
    file's maps per thesis share it)."""
    data = dict(data or page_data(report))
    data["focus"] = shown(focus) if focus else None
    labels = {claim["id"]: _claim_name(claim) for claim in data["claims"]}
    template = string.Template(_resource("page.html"))
    page = template.substitute(
        title=html.escape(data["title"]),
        generator=html.escape(f"argmap {__version__}"),
        style=_inlined(_resource("page.css"), "style"),
        script=_inlined(_resource("page.js"), "script"),
        data=script_json(data),
        map=inline_svg(svg, labels, data["title"]),
    )
    return page.encode("utf-8")


def page_data(report: FileReport, focus: str | None = None) -> dict[str, Any]:
    """What the page shows, as plain data: claims (status and why), theses, quotes and
    their places, the source cut into pieces at every quote's edges, and the findings."""
    analysis = report.analysis
    if analysis is None:
        raise ValueError("page data needs a file that loads, analysed with keep=True")
    model = analysis.model
    findings = [_finding(f) for f in report.findings]
    by_claim: dict[str, list[int]] = {}
    for number, finding in enumerate(report.findings):
        if finding.claim is not None:
            by_claim.setdefault(finding.claim, []).append(number)
    quotes, places = _quotes(analysis)
    quote_numbers: dict[str, list[int]] = {}
    for number, quote in enumerate(quotes):
        quote_numbers.setdefault(quote["claim"], []).append(number)
    theses = set(analysis.theses)
    explained = len(model.claims) <= MAX_EXPLAINED
    claims = []
    for cid, claim in model.claims.items():
        verdict = analysis.verdict(cid) if explained or cid in theses else None
        status = str(verdict.status if verdict else analysis.status(cid))
        claims.append({
            "id": shown(cid), "text": shown(claim.text), "thesis": cid in theses, "assumption": claim.assumption,
            "status": status, "badge": _BADGE[status], "why": shown(verdict.why) if verdict else None,
            "responsible": [shown(r) for r in verdict.responsible if r in model.claims] if verdict else [],
            "note": shown(claim.note) if claim.note else None,
            "evidence": [shown(e) for e in claim.evidence],
            "quotes": quote_numbers.get(cid, []), "findings": by_claim.get(cid, []),
        })
    source = model.source
    text = analysis.source.text if analysis.source is not None else None
    url = source.url if source else None
    return {
        "title": shown(model.title or model.path.stem),
        "file": shown(model.path.name),
        "focus": shown(focus) if focus else None,
        "source": {
            "title": shown(source.title) if source and source.title else None,
            "date": shown(source.date) if source and source.date else None,
            "url": shown(url) if url else None,
            "link": bool(url and re.match(r"https?://[^\s]+$", url, re.IGNORECASE)),
            "path": shown(source.path.value) if source and source.path else None,
            "error": shown(analysis.source.error) if analysis.source is not None and analysis.source.error else None,
            "pieces": pieces(text, places) if text is not None else None,
        },
        "theses": [shown(t) for t in analysis.theses],
        "claims": claims,
        "quotes": quotes,
        "findings": findings,
    }


def _quotes(analysis: Analysis) -> tuple[list[dict[str, Any]], dict[int, list[tuple[int, int]]]]:
    """Every quote with how it checked out, and the places of the found ones, by quote number."""
    index = analysis.source.index if analysis.source is not None else None
    written = [((claim.id, n), quote.value) for claim in analysis.model.claims.values()
               for n, quote in enumerate(claim.quotes)]
    checked = analysis.quotes_checked
    unchecked = set(checked.unchecked)
    found: Places = index.places((key, quote) for key, quote in written
                                 if key not in checked.missing and key not in unchecked) if index else {}
    quotes, places = [], {}
    for number, (key, quote) in enumerate(written):
        if index is None:
            state = "unchecked"
        elif key in checked.missing:
            state = "missing"
        elif key in unchecked:
            state = "unchecked"
        else:
            state = "found"
            if key in found:
                places[number] = found[key]
        quotes.append({"claim": shown(key[0]), "text": shown(quote), "state": state})
    return quotes, places


def pieces(text: str, places: dict[int, list[tuple[int, int]]]) -> list[list[Any]]:
    """*text* cut at every edge of every placed quote: `[text, [quote numbers]]` in order,
    neighbours with the same quotes joined. Line ends become `\\n` (as a browser shows
    them), other control characters visible escapes (as everywhere argmap shows text)."""
    edges: dict[int, tuple[list[int], list[int]]] = {0: ([], []), len(text): ([], [])}
    for number, spans in places.items():
        for start, end in spans:
            if start < end:
                edges.setdefault(start, ([], []))[0].append(number)
                edges.setdefault(end, ([], []))[1].append(number)
    open_: dict[int, int] = {}
    out: list[list[Any]] = []
    at = sorted(edges)
    for start, end in itertools.pairwise(at):
        opening, closing = edges[start]
        for number in closing:
            open_[number] -= 1
            if not open_[number]:
                del open_[number]
        for number in opening:
            open_[number] = open_.get(number, 0) + 1
        marked = sorted(open_)[:MAX_MARKED]
        if out and out[-1][1] == marked:
            out[-1][0] += text[start:end]
        else:
            out.append([text[start:end], marked])
    for piece in out:
        piece[0] = shown(piece[0].replace("\r\n", "\n").replace("\r", "\n"))
    return out


def _finding(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "rule": finding.rule, "severity": str(finding.severity), "message": finding.message,
            "line": finding.line, "column": finding.column, "claim": shown(finding.claim) if finding.claim else None}


def _claim_name(claim: dict[str, Any]) -> str:
    """What a screen reader says for a claim's box: id, status, text."""
    return f"{claim['id']}{', thesis' if claim['thesis'] else ''}, {claim['badge']}: {claim['text']}"


_LINE_BREAKS = re.compile(r"(\n|\t)")


def shown(text: str) -> str:
    """Text from a claim file or a source as the page shows it: line breaks and tabs kept,
    other control characters, bidirectional overrides and lone surrogates as visible
    escapes (`findings.printable`), so that no text can reorder or hide what is around it."""
    return "".join(part if part in ("\n", "\t") else printable(part) for part in _LINE_BREAKS.split(text))


def script_json(data: object) -> str:
    """*data* as JSON fit for a `<script>` element: ASCII only, and no `<`, `>` or `&`,
    so that no string can end the element or start a comment, whatever it holds."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def inline_svg(svg: bytes, claims: dict[str, str], title: str) -> str:
    """The map, fit to stand inside the page: re-written from the parsed SVG, keeping only
    the elements and attributes Graphviz draws with, so nothing in it can load, link or
    run anything. The `<svg>` loses its size (the page sizes it) and keeps its viewBox;
    a claim's box (`claim-<id>`) gets a tab stop, the role of a button and *claims*'
    name for it; the rest of the drawing is hidden from screen readers.

    Iterative: the depth of the SVG is Graphviz's, but nothing here recurses on input.
    """
    root = ET.fromstring(svg)
    out: list[str] = []
    stack: list[tuple[ET.Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        name = element.tag.removeprefix(_SVG)
        if closing:
            out.append(f"</{'g' if name == 'a' else name}>")
            continue
        if name not in _ELEMENTS or name == "title":  # Graphviz's titles are node names: ids, not help
            continue
        attributes = {key: value for key, value in element.attrib.items() if key in _ATTRIBUTES}
        if element.get(f"{_XML}space"):
            attributes["xml:space"] = element.get(f"{_XML}space", "")
        tooltip = element.get(f"{_XLINK}title") if name == "a" else None
        if name == "svg":
            attributes.pop("width", None)
            attributes.pop("height", None)
            attributes.update({"id": "map-svg", "role": "group", "aria-label": f"Argument map: {title}"})
        node_id = element.get("id", "")
        if name == "g" and element.get("class") in ("node", "edge", "cluster"):
            claim = claims.get(node_id.removeprefix("claim-")) if node_id.startswith("claim-") else None
            if claim is not None:
                attributes.update({"tabindex": "0", "role": "button", "aria-label": claim})
            else:
                attributes["aria-hidden"] = "true"
        written = "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items())
        out.append(f"<{'g' if name == 'a' else name}{written}>")
        if tooltip:
            out.append(f"<title>{html.escape(tooltip, quote=False)}</title>")
        if element.text and (name in ("text", "tspan") or element.text.strip()):
            out.append(html.escape(element.text, quote=False))
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return "".join(out)


def _resource(name: str) -> str:
    return files("argmap.render").joinpath("page", name).read_text(encoding="utf-8")


def _inlined(text: str, element: str) -> str:
    """Our own CSS or script, checked once more that it cannot end its element early."""
    if f"</{element}" in text.lower():
        raise ValueError(f"page.{'css' if element == 'style' else 'js'} may not contain '</{element}'")
    return text
