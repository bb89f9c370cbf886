"""The rules of the audit, one module each (the catalogue is `argmap.rules.catalogue`).

A rule module holds `CODE`, `SLUG`, `SEVERITY`, its user documentation as the
docstring, and, unless the reader reports it, a `check(analysis)`. Importing
one rule's code (as the reader does for AM001-AM003) loads nothing else.
"""
