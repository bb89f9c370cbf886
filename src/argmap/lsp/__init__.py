"""`argmap lsp`: the language server, for editors.

One module per job: `positions` (the protocol's positions and argmap's spans),
`index` (where each id is defined and mentioned), `documents` (the open texts
and their audits), `diagnostics`, `hover`, `navigation` (definition,
references, outline), `completion`, `rename`, `actions` (quick fixes) and
`yamledit` (the text edits they make), and `server` (the wiring to pygls).
Every feature reads the audit that `argmap lint` makes (`lint_bytes`); none
looks at the file another way. Importing this package imports no pygls: the
command says how to install it when it is missing.
"""
