"""The file is not valid YAML or JSON (an Argdown file: not valid Argdown).

Reported at the parser's position, with the usual cause in words where it is
one of the common slips: a line indented a space or two off, a value with an
unquoted `: ` in it, a value that starts with a character YAML reserves (`@`,
`` ` ``, `%`, `*`, `&`, `{`, `[`, `- `), or a tab. Invalid UTF-8, a second
document, undefined aliases and alias bombs (anchors that expand to millions
of nodes) are syntax errors too: nothing after them can be trusted, so this
rule cannot be turned off. An Argdown file's syntax errors are reported here
too, each at its position, with the message saying what Argdown expects.

Fails::

    claims:
      a:
        text: Note: the colon starts a new key
        evidence: survey

Passes::

    claims:
      a:
        text: "Note: quoted, the colon is text"
        evidence: survey
"""

CODE = "AM001"
SLUG = "syntax-error"
#: earlier names, still accepted wherever a rule is named (the file need not be YAML)
ALIASES = ("yaml-syntax",)
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "not valid syntax"
