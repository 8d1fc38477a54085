"""Two revisions of the code, side by side on one benchmark database: what a change gained.

    DATABASE_URL=postgres://... .venv/bin/python -m benchmarks.ab d900ae2 --facilities 100000

The other revision is checked out in a git worktree (under benchmarks/.data/), and `python -m
benchmarks.bench` runs from each tree in turns (other, this, other, this, …) on the same kept database,
so both see the same data and, as far as a shared machine allows, the same conditions. Each run's
medians are collected; the table shows the median of them per revision, and the ratio. Both revisions
must have the same migrations (the database is made once) and a bench.py with --keep and --json.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.database import BenchDatabase

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA_DIR = HERE / ".data"
DB_NAME = "iopfinder_bench_ab"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to compare this tree with (e.g. a commit before a change)")
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="turns through the two trees (default 3)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario and kind, each turn")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--scenarios", nargs="+", help="only these scenarios (default: all)")
    parser.add_argument("--load-seconds", type=int, default=0, help="a load test (sync:2) in each turn too")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    commit = git("rev-parse", "--short", args.revision)
    tree = DATA_DIR / f"ab-{commit}"
    if not tree.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        git("worktree", "add", "--detach", str(tree), commit)
    trees = {commit: tree, "this tree": ROOT}
    results = {label: [] for label in trees}
    try:
        for turn in range(args.rounds):
            for label, path in trees.items():
                print(f"Turn {turn + 1} of {args.rounds}: {label}", flush=True)
                results[label].append(run_bench(path, args, turn))
    finally:
        git("worktree", "remove", "--force", str(tree))
        if not args.keep:
            BenchDatabase(os.environ.get("DATABASE_URL", ""), DB_NAME).drop()
    print_table(results, commit, args)
    return 0


def git(*arguments) -> str:
    return subprocess.run(["git", *arguments], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def run_bench(tree: Path, args, turn: int) -> dict:
    """One benchmark run from a tree's own code (the current directory comes first on Python's path)."""
    output = DATA_DIR / f"ab-{tree.name}-{turn}.json"
    command = [sys.executable, "-m", "benchmarks.bench", "--facilities", str(args.facilities), "--keep"]
    command += ["--db-name", DB_NAME, "--runs", str(args.runs), "--warmup", str(args.warmup), "--json", str(output)]
    command += ["--load-seconds", str(args.load_seconds), "--load-configs", "sync:2"]
    if args.scenarios:
        command += ["--scenarios", *args.scenarios]
    completed = subprocess.run(command, cwd=tree, env=os.environ.copy(), capture_output=True, text=True)
    if not output.exists():  # a failed run writes no results; bench.py exits 1 on a wrong answer but still writes
        sys.exit(f"The benchmark failed in {tree}:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    report = json.loads(output.read_text())
    output.unlink()
    return report["runs"][0]


def print_table(results: dict, commit: str, args) -> None:
    this = "this tree"
    names = [s["scenario"] for s in results[this][0]["scenarios"]]
    print(f"\n{args.facilities:,} facilities; median of {args.rounds} turns' medians, milliseconds (queries)")
    header = f"{'scenario':<28} {'page ' + commit:>14} {'page now':>10} {'ratio':>6}"
    header += f" {'API ' + commit:>13} {'API now':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name in names:
        cells = []
        for kind in ("page", "api"):
            before, after = (_median(results[label], name, kind) for label in (commit, this))
            queries = [_queries(results[label], name, kind) for label in (commit, this)]
            cells.append(f"{before:8.1f} ({queries[0]}) {after:6.1f} ({queries[1]}) {after / before:6.2f}")
        print(f"{name:<28} {cells[0]}  {cells[1]}")
    if args.load_seconds:
        for label in (commit, this):
            rates = [run["load"][0]["requests_per_second"] for run in results[label]]
            errors = sum(run["load"][0]["errors"] for run in results[label])
            print(f"load test sync:2, {label}: {statistics.median(rates):.0f} requests/s (turns: "
                  f"{', '.join(f'{rate:.0f}' for rate in rates)}), {errors} errors")  # fmt: skip


def _median(runs: list[dict], name: str, kind: str) -> float:
    return statistics.median(s[kind]["median"] for run in runs for s in run["scenarios"] if s["scenario"] == name)


def _queries(runs: list[dict], name: str, kind: str) -> int:
    return next(s["queries"][kind] for s in runs[-1]["scenarios"] if s["scenario"] == name)


if __name__ == "__main__":
    if shutil.which("git") is None:
        sys.exit("benchmarks.ab needs git.")
    sys.exit(main())
