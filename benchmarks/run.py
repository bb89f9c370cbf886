"""`make bench`: argmap against the floors it cannot beat, measured in one run.

Every figure is a whole process (interpreter start included), timed as the
best of a few runs, with the peak memory of its whole process tree (workers
included) sampled from /proc in a run of its own. argmap and its floor take
turns, run for run, so that a slow spell of a shared machine falls on both alike. Ratios compare against a floor measured on the
same machine in the same run, with the garbage collector off as argmap runs:

- lint: a bare ``yaml.compose`` (libyaml) of the same file, or for a folder a
  one-process loop composing every file;
- render: the bundled Graphviz laying out the DOT that argmap draws;
- the language server: its diagnostics after a one-character change, timed
  from the change sent to the diagnostics received, against `argmap lint` of
  the same file (what an editor without a server would run on save).

Absolute seconds mean little across machines; the ratios do not. Argdown, the
peer, is run side by side on the same maps when an ``argdown`` command is on
PATH (or named by $ARGDOWN); the table says so when it is not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
sys.path.insert(0, str(HERE))

from generate import write_argdown, write_corpus, write_tree  # noqa: E402

sys.path.insert(0, str(HERE.parent / "tests"))

PYTHON = sys.executable
COMPOSE = "import gc, sys, yaml; gc.disable(); yaml.compose(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
COMPOSE_ALL = (
    "import gc, os, sys, yaml; gc.disable()\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        yaml.compose(open(os.path.join(folder, name), 'rb'), Loader=yaml.CSafeLoader)"
)
LAYOUT = (
    "import gc, sys, pygraphviz; gc.disable(); g = pygraphviz.AGraph(string=open(sys.argv[1], encoding='utf-8').read()); "
    "g.draw(format=sys.argv[2], prog='dot')"
)


@dataclass
class Run:
    seconds: float
    peak_mb: float


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of *pid* and every process below it, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(argv: list[str], repeat: int) -> Run:
    """Best wall time of *repeat* runs, and the highest peak memory of the process tree seen."""
    return measure_together([argv], repeat)[0]


def measure_together(commands: list[list[str]], repeat: int) -> list[Run]:
    """Each command *repeat* times, taking turns (a, b, a, b, ...), so that a slow spell
    of a shared machine falls on argmap and on its floor alike: a ratio compares runs
    made side by side, not one block of runs with another made a minute later.

    Times are taken with nothing else running; the peak memory of each command's
    process tree is sampled in one more run of it. On two cores a sampler beside
    the runs would take CPU from argmap's two workers and not from a floor that
    uses one core: timing with it on would be unfair to the parallel run.
    """
    best = [float("inf")] * len(commands)
    for _ in range(repeat):
        for number, argv in enumerate(commands):
            best[number] = min(best[number], _run(argv, sample=False)[0])
    return [Run(seconds, _run(argv, sample=True)[1] / 1024) for seconds, argv in zip(best, commands, strict=True)]


def _run(argv: list[str], sample: bool) -> tuple[float, int]:
    """Wall time of one run, and the peak memory (KB) of its process tree: sampled from
    /proc every 10 ms when *sample*, and at least the process's own maximum."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = [0]
    done = threading.Event()

    def watch(pid: int = process.pid) -> None:
        while not done.is_set():
            seen[0] = max(seen[0], _tree_rss_kb(pid))
            done.wait(0.01)

    sampler = threading.Thread(target=watch, daemon=True) if sample else None
    if sampler is not None:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    if sampler is not None:
        sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return elapsed, max(seen[0], usage.ru_maxrss)


def cached(path: Path, write) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        write(temporary)
        temporary.rename(path)
    return path


def claim_file(n: int) -> Path:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            write_tree(n, out)

    return cached(DATA / f"tree-{n}.yaml", write)


def argdown_file(n: int) -> Path:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            write_argdown(n, out)

    return cached(DATA / f"tree-{n}.argdown", write)


def corpus(files: int, claims: int) -> Path:
    return cached(DATA / f"corpus-{files}x{claims}", lambda path: write_corpus(path, files, claims))


def argmap(*args: str) -> list[str]:
    return [PYTHON, "-m", "argmap", *args]


def verdict(value: float, target: float) -> str:
    return f"(target <= {target:g}) {'ok' if value <= target else 'MISSED'}"


class Report:
    """The table of targets, printed at the end as the note quotes it."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, figure: str, value: float, target: float, unit: str = "x") -> None:
        shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:.0f} {unit}"
        self.rows.append(f"| {figure} | {shown} | <= {target:g}{'' if unit == 'x' else ' ' + unit} | "
                         f"{'ok' if value <= target else 'MISSED'} |")

    def print(self) -> None:
        print("## Targets\n")
        print("| figure | measured | target | |")
        print("|---|---:|---:|---|")
        for row in self.rows:
            print(row)
        print()


def lint_table(sizes: list[int], repeat: int, report: Report) -> None:
    print("## argmap lint vs bare yaml.compose (libyaml, collector off)\n")
    print(f"{'claims':>8} {'lint s':>8} {'lint MB':>8} {'compose s':>10} {'compose MB':>11} {'ratio':>6}")
    for n in sizes:
        path = claim_file(n)
        lint, floor = measure_together([argmap("lint", "--format", "json", str(path)), [PYTHON, "-c", COMPOSE, str(path)]],
                                       repeat)
        ratio = lint.seconds / floor.seconds
        print(f"{n:>8,} {lint.seconds:>8.2f} {lint.peak_mb:>8.0f} {floor.seconds:>10.2f} {floor.peak_mb:>11.0f} {ratio:>6.2f}")
        if n == 100_000:
            report.add("lint 100,000 claims / compose (collector off)", ratio, 2.0)
            report.add("peak memory, 100,000 claims in one file", lint.peak_mb, 350, "MB")
        if n == 10_000:
            report.add("lint 10,000 claims / compose (collector off)", ratio, 2.5)
    small = measure(argmap("lint", str(claim_file(10))), max(repeat, 5))
    print(f"\n10-claim file: {small.seconds * 1000:.0f} ms, {small.peak_mb:.0f} MB\n")
    report.add("lint of a 10-claim file", small.seconds * 1000, 120, "ms")


def corpus_table(counts: list[int], repeat: int, report: Report) -> None:
    cores = os.cpu_count() or 1
    print(f"## argmap lint of a folder ({cores} cores) vs a one-process compose loop (collector off)\n")
    print(f"{'files':>8} {'lint s':>8} {'lint MB':>8} {'1 job s':>8} {'loop s':>8} {'loop MB':>8} {'ratio':>6}")
    for files in counts:
        folder = corpus(files, 20)
        lint, serial, floor = measure_together(
            [argmap("lint", str(folder)), argmap("lint", "--jobs", "1", str(folder)), [PYTHON, "-c", COMPOSE_ALL, str(folder)]],
            repeat)
        ratio = lint.seconds / floor.seconds
        print(f"{files:>8,} {lint.seconds:>8.2f} {lint.peak_mb:>8.0f} {serial.seconds:>8.2f} {floor.seconds:>8.2f} "
              f"{floor.peak_mb:>8.0f} {ratio:>6.2f}")
        if files == 2_000:
            report.add(f"lint 2,000 files of 20 claims / one-process compose loop ({cores} cores)", ratio, 1.0)
        if files == 10_000:
            report.add("peak memory, 10,000 files", lint.peak_mb, 120, "MB")
    print()


def render_table(sizes: list[int], repeat: int, report: Report) -> None:
    print("## argmap render vs bare Graphviz layout (pygraphviz's bundled dot, same DOT, collector off)\n")
    print(f"{'claims':>8} {'fmt':>4} {'render s':>9} {'render MB':>10} {'layout s':>9} {'layout MB':>10} {'ratio':>6}")
    out = DATA / "render"
    for n in sizes:
        path = claim_file(n)
        subprocess.run(argmap("render", "-f", "dot", "-o", str(out), str(path)), check=True, capture_output=True)
        dot = out / f"{path.stem}.dot"
        for fmt in ("svg",):
            render, floor = measure_together(
                [argmap("render", "-f", fmt, "-o", str(out), str(path)), [PYTHON, "-c", LAYOUT, str(dot), fmt]], repeat)
            ratio = render.seconds / floor.seconds
            print(f"{n:>8,} {fmt:>4} {render.seconds:>9.2f} {render.peak_mb:>10.0f} "
                  f"{floor.seconds:>9.2f} {floor.peak_mb:>10.0f} {ratio:>6.2f}")
            if n in (1_000, 5_000):
                report.add(f"render -f svg / bare layout of the same DOT, {n:,} claims", ratio,
                           1.4 if n == 1_000 else 1.15)
    print()


def argdown_table(sizes: list[int], repeat: int) -> None:
    print("## Side by side with Argdown (the same maps; argdown json vs argmap lint --format json)\n")
    command = os.environ.get("ARGDOWN") or shutil.which("argdown")
    if not command:
        print("Argdown is not here: put `argdown` on PATH or name it in $ARGDOWN (see shared/peers/argdown-cli.md).\n")
        return
    version = subprocess.run([command, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"argdown {version or '(version unknown)'}: {command}\n")
    print(f"{'claims':>8} {'argmap s':>9} {'argmap MB':>10} {'argdown s':>10} {'argdown MB':>11} {'argdown/argmap':>15}")
    out = DATA / "argdown-out"
    for n in sizes:
        ours, theirs = measure_together(
            [argmap("lint", "--format", "json", str(claim_file(n))), [command, "json", str(argdown_file(n)), str(out)]], repeat)
        print(f"{n:>8,} {ours.seconds:>9.2f} {ours.peak_mb:>10.0f} {theirs.seconds:>10.2f} {theirs.peak_mb:>11.0f} "
              f"{theirs.seconds / ours.seconds:>15.2f}")
    print()


def lsp_table(sizes: list[int], repeat: int, report: Report) -> None:
    """Latency of `argmap lsp`: one character typed into a claim's text, to its diagnostics.

    The server runs with no debounce, so the figure is the work a keystroke
    costs (applying the change, the audit, the diagnostics sent); the row with
    the default debounce is what a user waits after the last keystroke.
    """
    from lspclient import Client  # the tests' client: a subprocess over stdio, as editors run it

    print("## argmap lsp: diagnostics after a one-character change vs argmap lint of the same file\n")
    print(f"{'claims':>8} {'debounce':>9} {'change ms':>10} {'median ms':>10} {'lint ms':>8} {'ratio':>6}")
    changes = max(10, 5 * repeat)
    for n in sizes:
        path = claim_file(n)
        lint = measure(argmap("lint", "--format", "json", str(path)), repeat)
        for debounce in (0, None):
            client = Client(argmap("lsp"), cwd=path.parent)
            client.initialize(path.parent, {} if debounce is None else {"debounce": debounce})
            uri = client.open(path)
            client.diagnostics(uri, version=1, timeout=120)
            line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines())
                        if text.strip().startswith("text: Claim number 7 "))
            times = []
            for version in range(2, changes + 2):
                inserting = version % 2 == 0  # type a character, then take it out again
                start = time.perf_counter()
                client.change(uri, version, "x" if inserting else "", start=(line, 10),
                              end=(line, 10) if inserting else (line, 11))
                client.diagnostics(uri, version=version, timeout=120)
                times.append(time.perf_counter() - start)
            client.stop()
            best, median = min(times), sorted(times)[len(times) // 2]
            shown = "default" if debounce is None else f"{debounce} ms"
            print(f"{n:>8,} {shown:>9} {best * 1000:>10.0f} {median * 1000:>10.0f} {lint.seconds * 1000:>8.0f} "
                  f"{median / lint.seconds:>6.2f}")
            if n == 1_000 and debounce == 0:
                report.add("lsp: diagnostics after a one-character change, 1,000 claims / argmap lint (median)",
                           median / lint.seconds, 0.5)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description="argmap benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one run each (a smoke test)")
    parser.add_argument("--only", choices=["lint", "corpus", "render", "argdown", "lsp"], help="one table only")
    parser.add_argument("--repeat", type=int, help="runs per figure (default 5, --quick 1)")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 5)
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; best of {repeat}\n")
    report = Report()
    if args.only in (None, "lint"):
        lint_table([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000], repeat, report)
    if args.only in (None, "corpus"):
        corpus_table([200, 1_000] if args.quick else [1_000, 2_000, 10_000], repeat, report)
    if args.only in (None, "render"):
        render_table([100, 1_000] if args.quick else [1_000, 5_000], repeat, report)
    if args.only in (None, "lsp"):
        lsp_table([1_000] if args.quick else [1_000, 10_000], repeat, report)
    if args.only in (None, "argdown"):
        argdown_table([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000], repeat)
    report.print()


if __name__ == "__main__":
    main()
