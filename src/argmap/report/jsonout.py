"""An object with ``findings`` (SPEC section 4 field names) and a ``summary``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from argmap.findings import Finding
from argmap.report import Summary


def write(findings: list[Finding], summary: Summary, out: TextIO) -> None:
    document = {"findings": [f.as_dict() for f in findings], "summary": asdict(summary)}
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
