"""`make bench`: argmap against the floors it cannot beat, measured in one run.

Every figure is a whole process (interpreter start included), timed as the
best of a few runs, with its peak memory from ``wait4``. Ratios compare
against a floor measured on the same machine in the same run: a bare
``yaml.compose`` for lint, the bundled Graphviz layout of the same DOT for
render. Absolute seconds mean little across machines; the ratios do not.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
sys.path.insert(0, str(HERE))

from generate import write_tree  # noqa: E402

PYTHON = sys.executable
COMPOSE = "import sys, yaml; yaml.compose(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
LAYOUT = (
    "import sys, pygraphviz; g = pygraphviz.AGraph(string=open(sys.argv[1], encoding='utf-8').read()); "
    "g.draw(format=sys.argv[2], prog='dot')"
)


@dataclass
class Run:
    seconds: float
    peak_mb: float


def measure(argv: list[str], repeat: int) -> Run:
    """Best wall time of *repeat* runs, and the peak RSS of the best one."""
    best: Run | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
        run = Run(elapsed, usage.ru_maxrss / 1024)
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


def claim_file(n: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"tree-{n}.yaml"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_tree(n, out)
    return path


def argmap(*args: str) -> list[str]:
    return [PYTHON, "-m", "argmap", *args]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def lint_table(sizes: list[int], repeat: int) -> None:
    print("## argmap lint vs bare yaml.compose (CSafeLoader)\n")
    print(f"{'claims':>8} {'lint s':>8} {'lint MB':>8} {'compose s':>10} {'compose MB':>11} {'ratio':>6}")
    walls: dict[int, float] = {}
    ratios: dict[int, float] = {}
    for n in sizes:
        path = claim_file(n)
        lint = measure(argmap("lint", "--format", "json", str(path)), repeat)
        floor = measure([PYTHON, "-c", COMPOSE, str(path)], repeat)
        walls[n], ratios[n] = lint.seconds, lint.seconds / floor.seconds
        print(f"{n:>8,} {lint.seconds:>8.2f} {lint.peak_mb:>8.0f} {floor.seconds:>10.2f} {floor.peak_mb:>11.0f} {ratios[n]:>6.2f}")
    small = measure(argmap("lint", str(claim_file(10))), max(repeat, 5))
    print()
    if 100_000 in ratios:
        print(f"- lint / compose at 100,000 claims: {ratios[100_000]:.2f}x (target <= 1.5x) {verdict(ratios[100_000] <= 1.5)}")
    if 10_000 in ratios:
        print(f"- lint / compose at 10,000 claims: {ratios[10_000]:.2f}x (target <= 2x) {verdict(ratios[10_000] <= 2)}")
    if 100_000 in walls and 10_000 in walls:
        growth = walls[100_000] / walls[10_000]
        print(f"- growth 100k / 10k: {growth:.1f}x (target <= 12x) {verdict(growth <= 12)}")
    print(f"- lint of a 10-claim file: {small.seconds * 1000:.0f} ms (target <= 300 ms) {verdict(small.seconds <= 0.3)}")
    print()


def render_table(sizes: list[int], repeat: int) -> None:
    print("## argmap render vs bare Graphviz layout (pygraphviz's bundled dot, same DOT)\n")
    print(f"{'claims':>8} {'fmt':>4} {'render s':>9} {'render MB':>10} {'layout s':>9} {'layout MB':>10} {'overhead':>9}")
    out = DATA / "render"
    overheads: dict[tuple[int, str], float] = {}
    for n in sizes:
        path = claim_file(n)
        subprocess.run(argmap("render", "-f", "dot", "-o", str(out), str(path)), check=True, capture_output=True)
        dot = out / f"{path.stem}.dot"
        for fmt in ("svg", "pdf"):
            render = measure(argmap("render", "-f", fmt, "-o", str(out), str(path)), repeat)
            floor = measure([PYTHON, "-c", LAYOUT, str(dot), fmt], repeat)
            overhead = render.seconds / floor.seconds - 1
            overheads[(n, fmt)] = overhead
            print(
                f"{n:>8,} {fmt:>4} {render.seconds:>9.2f} {render.peak_mb:>10.0f} "
                f"{floor.seconds:>9.2f} {floor.peak_mb:>10.0f} {overhead:>8.0%}"
            )
    print()
    for fmt in ("svg", "pdf"):
        if (1000, fmt) in overheads:
            o = overheads[(1000, fmt)]
            print(f"- render -f {fmt} overhead over the layout at 1,000 claims: {o:.0%} (target <= 20%) {verdict(o <= 0.2)}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="argmap benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one run each (a smoke test)")
    parser.add_argument("--only", choices=["lint", "render"], help="one table only")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; best of {repeat}\n")
    if args.only != "render":
        lint_table([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000], repeat)
    if args.only != "lint":
        render_table([100, 1_000] if args.quick else [100, 1_000, 5_000, 10_000], repeat)


if __name__ == "__main__":
    main()
