"""An id, or any key, appears twice in one mapping.

Most YAML loaders silently keep the last of two equal keys, so half of a claim
file can vanish without a word. argmap keeps the first and reports the second.

Fails::

    claims:
      a: {text: First claim., evidence: x}
      a: {text: Second claim with the same id., evidence: y}

Passes::

    claims:
      a: {text: First claim., evidence: x}
      b: {text: Second claim., evidence: y}
"""

CODE = "AM003"
SLUG = "duplicate-id"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "id given twice"
