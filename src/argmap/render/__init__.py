"""Argument maps: DOT built by pure code (`dot`), laid out by a backend (`backends`)."""
