"""A claim's `ignore` lists a code that suppresses nothing on that claim.

Like ruff's RUF100: a suppression that no longer does anything hides the next
real problem. Remove the code from the list.

Fails::

    claims:
      a: {text: Build the lane., evidence: plan, ignore: [AM101]}

Passes::

    claims:
      a: {text: Build the lane., ignore: [AM101], note: the article asserts it bare}
"""

CODE = "AM005"
SLUG = "unused-ignore"
SEVERITY = "warning"
#: the finding in a few words, as a map shows it on the claim
MARK = "ignore that silences nothing"
