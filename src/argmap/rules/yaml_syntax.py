"""The file is not valid YAML or JSON.

Reported at the parser's position. Invalid UTF-8, tabs used for indentation,
a second document, undefined aliases and alias bombs (anchors that expand to
millions of nodes) are all syntax errors: nothing after them can be trusted.

Fails::

    claims:
    	a: {text: indented with a tab}

Passes::

    claims:
      a: {text: indented with spaces, evidence: survey}
"""

CODE = "AM001"
SLUG = "yaml-syntax"
SEVERITY = "error"
