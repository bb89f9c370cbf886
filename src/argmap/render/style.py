"""The map's visual vocabulary, in one place.

Colours are the Okabe-Ito palette, which stays distinct for the common kinds
of colour blindness; every meaning that a colour carries is carried a second
way too (arrowhead, line style, a word in the box), so the map survives a
grey-scale printer.
"""

FONT = "Helvetica,Arial,sans-serif"
WRAP = 34  # characters per line of claim text

SUPPORT = "#009E73"  # bluish green
ATTACK = "#D55E00"  # vermillion
CIRCLE = "#CC79A7"  # reddish purple
THESIS = "#0072B2"  # blue
MUTED = "#6B6B6B"
INK = "#1A1A1A"

QUOTE_MARK = "\u275d"  # heavy double turned comma quotation mark

#: fill by status: two greys that stay apart in grey print, and a pale yellow
FILL = {"accepted": "#FFFFFF", "defeated": "#D4D4D4", "unsupported": "#EFEFEF", "undecided": "#FFF4CC"}
BADGE = {"accepted": "IN: accepted", "defeated": "OUT: defeated", "unsupported": "OUT: unsupported",
         "undecided": "UNDEC: undecided"}
JUNCTION_FILL = {"support": "#E3F4EE", "attack": "#FBE9DF"}  # a labelled reason or objection


def legend(interactive: bool) -> dict[str, str]:
    """What each mark means; the legend shows the entries for the marks a map uses. On
    paper (PDF, PNG) nothing can be hovered, so only SVG's legend says so."""
    hover = " (hover for it)" if interactive else ""
    return {
        "thesis": "THESIS, thick blue border, with its status",
        "focus": "FOCUS, thick black border: the claim this map is drawn around",
        "assumption": "dashed border: taken as given",
        "accepted": "IN: accepted",
        "defeated": "dark grey, OUT: defeated: an accepted objection stands against it",
        "unsupported": "light grey, OUT: unsupported: no accepted reason, nothing grounds it",
        "undecided": "yellow, UNDEC: undecided: a circle or a standoff",
        "finding": "vermillion words and border: what the audit found",
        "orphan": "dotted border: not connected to a thesis",
        "cut": "more not shown: the claim has links beyond this map",
        "quote": f"{QUOTE_MARK}: quoted from the source{hover}",
        "linked": "green dot or box: premises that support only together; a box names the inference",
        "linked-objection": "vermillion dot or box: claims that object only together",
        "restates": "dashed grey line: says the same as",
        "support": "green arrow: reason for",
        "circle": "thick purple arrow: part of circular reasoning",
        "objection": "vermillion line ending in a bar: objection to a claim",
        "undercut": "dashed vermillion line ending in a bar: objection to a reason or an objection",
    }
