"""The names of the report formats: all the command line needs to know at start-up."""

FORMATS = ("text", "json", "github", "sarif", "markdown")
