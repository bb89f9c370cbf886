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

FILL = {"IN": "#FFFFFF", "OUT": "#E6E6E6", "UNDEC": "#FFF4CC"}
BADGE = {"defeated": "OUT: defeated", "unsupported": "OUT: unsupported", "undecided": "UNDEC: undecided"}

#: What each mark means; the legend shows the entries for the marks a map uses.
LEGEND = {
    "thesis": "thick blue border, THESIS",
    "assumption": "dashed border: taken as given",
    "defeated": "grey fill, OUT: defeated: an accepted objection stands against it",
    "unsupported": "grey fill, OUT: unsupported: no accepted reason, nothing grounds it",
    "undecided": "yellow fill, UNDEC: undecided (circle or standoff)",
    "no reasons": "vermillion border: nothing supports or grounds it",
    "orphan": "dotted border: not connected to a thesis",
    "quote": f"{QUOTE_MARK} before the id: quoted from the source (hover for the quote)",
    "AMnnn": "other findings on the claim (hover for the messages)",
    "linked": "green dot: premises that support only together",
    "linked-objection": "vermillion dot: claims that object only together",
    "restates": "dashed grey line: says the same as",
    "support": "green arrow: reason for",
    "circle": "thick purple arrow: part of circular reasoning",
    "objection": "vermillion line ending in a bar: objection to",
}
