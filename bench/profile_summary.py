"""Summarize a py-spy ``--format raw`` profile (collapsed stacks) as tables of hotspots.

    .venv/bin/python bench/overhead.py --connections 16 --profile /tmp/p.txt --profile-format raw
    .venv/bin/python bench/profile_summary.py /tmp/p.txt --cpu-us 280

Prints the share of samples by package (self time, and inclusive: a stack counts once for each
package on it), the functions with the most self time, and the Orkester functions with the most
inclusive time. With ``--cpu-us`` (CPU microseconds per request, from the benchmark) shares are
also shown as microseconds of CPU per request.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^():]+)(?::(?P<line>\d+))?\)$")


def package(file: str) -> str:
    parts = file.replace("\\", "/").split("/")
    if "site-packages" in parts:
        parts = parts[parts.index("site-packages") + 1 :]
    if parts[0] == "orkester" and len(parts) > 1:
        return "orkester/" + parts[1].removesuffix(".py")
    top = parts[0].removesuffix(".py")
    return top if len(parts) > 1 or top.startswith("<") else f"stdlib:{top}"


def parse(path: Path) -> list[tuple[list[tuple[str, str]], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for raw in stack.split(";"):
            m = FRAME.match(raw)
            frames.append((m["func"], m["file"]) if m else (raw, "?"))
        stacks.append((frames, int(count)))
    return stacks


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("profile", type=Path, help="py-spy raw output")
    ap.add_argument("--top", type=int, default=25, help="rows per table (default %(default)s)")
    ap.add_argument("--cpu-us", type=float, help="CPU microseconds per request, to express shares as µs/request")
    args = ap.parse_args(argv)
    stacks = parse(args.profile)
    total = sum(c for _, c in stacks)
    if not total:
        raise SystemExit("no samples")
    by_pkg: Counter[str] = Counter()
    self_pkg: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    for frames, count in stacks:
        for pkg in {package(f) for _, f in frames}:
            by_pkg[pkg] += count
        func, file = frames[-1]
        self_pkg[package(file)] += count
        self_time[f"{func} ({file})"] += count
        for name in {f"{fn} ({f})" for fn, f in frames if f.startswith("orkester/")}:
            incl[name] += count

    def show(title: str, counter: Counter[str]) -> None:
        print(f"\n{title}")
        for name, n in counter.most_common(args.top):
            share = 100 * n / total
            extra = f"{args.cpu_us * n / total:8.1f} µs/req" if args.cpu_us else ""
            print(f"  {share:5.1f}%  {extra}  {name}")

    print(f"{total} samples from {args.profile}")
    show("Self time by package (where the CPU is spent, C calls charged to their Python caller)", self_pkg)
    show("Inclusive share by package (a stack counts once per package on it)", by_pkg)
    show("Self time by function", self_time)
    show("Inclusive time of Orkester functions", incl)


if __name__ == "__main__":
    main()
