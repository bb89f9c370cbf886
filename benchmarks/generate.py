"""Synthetic claim files for the benchmarks.

A complete tree of N claims with branching 3: claim ``c{i}`` hangs under
``c{(i-1)//3}``. Every 5th claim objects to its parent instead of supporting it,
and leaves are grounded with evidence, so the file is realistic for the audit:
every rule has work to do and nothing is trivially short-circuited. The same
tree can be written in Argdown, for the side-by-side with Argdown's CLI, and a
corpus is a folder of many small trees.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

BRANCHING = 3
OBJECTION_EVERY = 5


def write_tree(n: int, out: TextIO) -> None:
    """Write an N-claim tree to *out*, streaming, so N = 1,000,000 stays cheap."""
    out.write(f"argmap: 1\ntitle: synthetic tree of {n} claims\ntheses: [c0]\nclaims:\n")
    for i in range(n):
        children = _children(i, n)
        reasons = [f"c{c}" for c in children if c % OBJECTION_EVERY]
        objections = [f"c{c}" for c in children if not c % OBJECTION_EVERY]
        out.write(f"  c{i}:\n    text: Claim number {i} of the synthetic tree.\n")
        if reasons:
            out.write(f"    reasons: [{', '.join(reasons)}]\n")
        if objections:
            out.write(f"    objections: [{', '.join(objections)}]\n")
        if not children:
            out.write(f"    evidence: Measurement {i} in the synthetic data set.\n")


def _children(i: int, n: int) -> range:
    return range(BRANCHING * i + 1, min(BRANCHING * i + BRANCHING + 1, n))


def write_argdown(n: int, out: TextIO) -> None:
    """The same tree in Argdown: each claim a statement, with its supports (`<+`) and attacks (`<-`)."""
    out.write(f"# synthetic tree of {n} claims\n\n")
    for i in range(n):
        out.write(f"[c{i}]: Claim number {i} of the synthetic tree.\n")
        for child in _children(i, n):
            out.write(f"  {'<-' if child % OBJECTION_EVERY == 0 else '<+'} [c{child}]\n")
        out.write("\n")


def write_corpus(folder: Path, files: int, claims: int) -> None:
    """*files* trees of *claims* claims, 500 to a subfolder, as a repository of claim files might hold them."""
    for number in range(files):
        sub = folder / f"part{number // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        with (sub / f"map{number:05d}.yaml").open("w", encoding="utf-8") as out:
            write_tree(claims, out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of claims")
    parser.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout)
    args = parser.parse_args(argv)
    write_tree(args.n, args.output)


if __name__ == "__main__":
    main()
