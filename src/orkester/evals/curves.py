"""Cost-quality curve figures: the non-decreasing convex hull, AIQ as RouterBench defines it, the cost at
which a curve first matches a target accuracy, and its best accuracy within a cost."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .replay import Point


def nondecreasing_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Upper convex hull of (cost, quality) points, cut where quality stops rising."""
    pts = sorted(set(points))
    if not pts:
        return []
    hull: list[tuple[float, float]] = []
    for p in pts:
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1) >= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    best = max(range(len(hull)), key=lambda i: (hull[i][1], -hull[i][0]))
    return hull[: best + 1]


def aiq(points: Iterable[tuple[float, float]], c_max: float) -> float:
    """RouterBench's AIQ over [0, c_max] (see the module docstring)."""
    hull = nondecreasing_hull(points)
    if not hull or c_max <= 0:
        return 0.0
    xs = [x for x, _ in hull]
    ys = [y for _, y in hull]
    if xs[0] >= c_max:
        return 0.0
    if xs[-1] > c_max:
        y_cut = float(np.interp(c_max, xs, ys))
        keep = [i for i, x in enumerate(xs) if x < c_max]
        xs = [xs[i] for i in keep] + [c_max]
        ys = [ys[i] for i in keep] + [y_cut]
    else:
        xs.append(c_max)
        ys.append(ys[-1])
    area = sum((xs[i + 1] - xs[i]) * (ys[i + 1] + ys[i]) / 2 for i in range(len(xs) - 1))
    return area / c_max


def cost_to_match(curve: Sequence[Point], target: float, eps: float = 1e-9) -> float | None:
    hits = [p.mean_cost for p in curve if p.accuracy >= target - eps]
    return min(hits) if hits else None


def accuracy_within(curve: Sequence[Point], max_cost: float) -> float | None:
    ok = [p.accuracy for p in curve if p.mean_cost <= max_cost]
    return max(ok) if ok else None
