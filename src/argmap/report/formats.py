"""Report formats and the module that writes each.

The command line needs the names at start-up, and only the chosen module when
it writes: text output must not pay for SARIF's rule table.
"""

WRITERS = {
    "text": "argmap.report.text",
    "json": "argmap.report.jsonout",
    "github": "argmap.report.github",
    "sarif": "argmap.report.sarif",
    "markdown": "argmap.report.markdown",
}
FORMATS = tuple(WRITERS)
