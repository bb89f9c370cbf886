"""Readers: a file on disk to the model (`argmap.model`), with a position for every part."""
