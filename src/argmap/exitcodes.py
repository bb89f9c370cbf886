"""Exit codes, as ruff and sqlfluff use them."""

OK = 0  #: no error-level findings (warnings allowed unless --strict)
FINDINGS = 1  #: findings at error level, or a file that could not be rendered
USAGE = 2  #: bad usage or configuration, or an I/O error such as a missing path
INTERRUPTED = 130  #: Ctrl-C (128 + SIGINT), as shells report it
TERMINATED = 143  #: SIGTERM (128 + SIGTERM); a write under way leaves no temporary file
