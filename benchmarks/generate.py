"""Synthetic claim files for the benchmarks.

A complete tree of N claims with branching 3: claim ``c{i}`` hangs under
``c{(i-1)//3}``. Every 5th claim objects to its parent instead of supporting it,
and leaves are grounded with evidence, so the file is realistic for the audit:
every rule has work to do and nothing is trivially short-circuited.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

BRANCHING = 3
OBJECTION_EVERY = 5


def write_tree(n: int, out: TextIO) -> None:
    """Write an N-claim tree to *out*, streaming, so N = 1,000,000 stays cheap."""
    out.write(f"argmap: 1\ntitle: synthetic tree of {n} claims\ntheses: [c0]\nclaims:\n")
    for i in range(n):
        children = range(BRANCHING * i + 1, min(BRANCHING * i + BRANCHING + 1, n))
        reasons = [f"c{c}" for c in children if c % OBJECTION_EVERY]
        objections = [f"c{c}" for c in children if not c % OBJECTION_EVERY]
        out.write(f"  c{i}:\n    text: Claim number {i} of the synthetic tree.\n")
        if reasons:
            out.write(f"    reasons: [{', '.join(reasons)}]\n")
        if objections:
            out.write(f"    objections: [{', '.join(objections)}]\n")
        if not children:
            out.write(f"    evidence: Measurement {i} in the synthetic data set.\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of claims")
    parser.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout)
    args = parser.parse_args(argv)
    write_tree(args.n, args.output)


if __name__ == "__main__":
    main()
