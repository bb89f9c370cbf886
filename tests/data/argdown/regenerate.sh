#!/usr/bin/env bash
# Re-export every fixture with the Argdown CLI and record how the rejected ones fail.
# Usage: ARGDOWN=/path/to/node_modules/.bin/argdown [ARGMAP='python -m argmap'] tests/data/argdown/regenerate.sh
# Needs Node.js and @argdown/cli 2.0.0 (see README.md); argmap's tests do not.
set -euo pipefail
cd "$(dirname "$0")"
ARGDOWN=${ARGDOWN:-argdown}
logs=$(mktemp -d)
rm -f exports/*.json
for f in fixtures/*.argdown; do
  b=$(basename "$f" .argdown)
  rc=0
  "$ARGDOWN" json "$f" exports >"$logs/$b.stdout" 2>"$logs/$b.stderr" || rc=$?
  echo "$rc" >"$logs/$b.rc"
done
# Files argmap writes, exported the same way (rewritten first when $ARGMAP names argmap).
if [ -n "${ARGMAP:-}" ]; then
  $ARGMAP convert ../../../claims/istanbul-2025.yaml -t argdown -o written/istanbul-2025.argdown
  $ARGMAP convert written/v2-features.yaml -t argdown -o written/v2-features.argdown
fi
rm -f written/*.json
for f in written/*.argdown; do
  "$ARGDOWN" json "$f" written >/dev/null 2>&1
done
# The Argdown project's own examples (public/README.md): exported, and written again by argmap.
rm -f public/exports/*.json public/written/*.json
for f in public/*.argdown; do
  "$ARGDOWN" json "$f" public/exports >/dev/null 2>&1
  if [ -n "${ARGMAP:-}" ]; then
    $ARGMAP convert "$f" -t argdown -o "public/written/$(basename "$f")"
  fi
done
for f in public/written/*.argdown; do
  "$ARGDOWN" json "$f" public/written >/dev/null 2>&1
done
python3 - "$logs" <<'PY'
"""cli-errors.json: for each fixture the CLI rejects, its "At LINE:COL" errors (first
message line), or the first line of what it printed when it failed otherwise."""
import json, pathlib, re, sys
logs = pathlib.Path(sys.argv[1])
out = {}
for rc in sorted(logs.glob("*.rc")):
    if rc.read_text().strip() == "0":
        continue
    name = rc.stem
    plain = lambda p: re.sub(r"\x1b\[[0-9;]*m", "", p.read_text())
    err, std = plain(logs / f"{name}.stderr"), plain(logs / f"{name}.stdout")
    found = re.findall(r"At (\d+):(\d+)\n(.*)", err)
    if found:
        out[name] = {"errors": [{"line": int(l), "column": int(c), "message": m} for l, c, m in found]}
    else:
        lines = [l for l in (std + err).splitlines()
                 if l.strip() and "createArgdownPlugin" not in l and not l.startswith("    at ")]
        out[name] = {"failure": lines[0] if lines else "exit code " + rc.read_text().strip()}
pathlib.Path("cli-errors.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
PY
