"""An object with ``findings`` (SPEC section 4 field names), ``files`` and a ``summary``.

``files`` lists each file with its theses' verdicts (label, status, why and the
claims responsible), so that CI can read whether an argument holds without
parsing messages.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from argmap.report import Run


def write(run: Run, out: TextIO) -> None:
    document = {
        "findings": [f.as_dict() for f in run.findings],
        "files": [
            {"path": f.path, "loaded": f.loaded, "theses": [verdict.as_dict() for verdict in f.theses]}
            for f in run.files
        ],
        "summary": asdict(run.summary),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
