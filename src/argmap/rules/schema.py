"""A value has the wrong type, a field is missing or unknown, or an id is malformed.

Unknown keys come with a did-you-mean. Tags that would construct objects
(`!!python/object`) are refused here, never executed. Ids are a letter or
digit, then letters, digits, `-`, `_` or `.`.

Fails::

    claims:
      a:
        txt: Typo in the key name.      # unknown key 'txt'; did you mean 'text'?

Passes::

    claims:
      a:
        text: The key is spelled right.
        evidence: field notes
"""

CODE = "AM002"
SLUG = "schema"
SEVERITY = "error"
#: the finding in a few words, as a map shows it on the claim
MARK = "malformed"
