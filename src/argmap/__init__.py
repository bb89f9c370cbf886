"""argmap: audit and draw arguments written as claim files."""

__version__ = "0.1.0"
