"""Time-series charts as inline SVG, rendered on the server (no JavaScript, no chart library).

A chart is a line over its buckets with the area under it, y from 0 to a rounded maximum, three grid
lines, the first, middle and last bucket labelled, and each point's value in a ``<title>`` (the browser's
tooltip). A bucket without a value (``None``: no requests) breaks the line. Every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 10, 22


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (1 for nothing)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power * (1 + 1e-9):
            return float(step * power)
    return float(10 * power)


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    y_max: float | None = None,
) -> Markup:
    """``points`` are (bucket label, value) in time order."""
    top = y_max if y_max is not None else nice_max(max((v for _, v in points if v is not None), default=0.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - min(max(v / top, 0.0), 1.0))

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for frac in (0.0, 0.5, 1.0):
        gy = TOP + plot_h * (1 - frac)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}"/>')
        parts.append(
            f'<text class="axis" x="{LEFT - 4}" y="{gy + 3:.1f}" text-anchor="end">{escape(fmt(top * frac))}</text>'
        )
    for i in sorted({0, n // 2, n - 1} if n else set()):
        anchor = "start" if i == 0 else "end" if i == n - 1 else "middle"
        parts.append(
            f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - 6}" text-anchor="{anchor}">{escape(points[i][0])}</text>'
        )
    runs: list[list[tuple[float, float]]] = [[]]
    for i, (_, v) in enumerate(points):
        if v is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((x(i), y(v)))
    base = TOP + plot_h
    for run in (r for r in runs if r):
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
        area = f"{run[0][0]:.1f},{base:.1f} {path} {run[-1][0]:.1f},{base:.1f}"
        parts.append(f'<polygon class="area" points="{area}"/>')
        parts.append(f'<polyline class="line" points="{path}"/>')
    for i, (label, v) in enumerate(points):
        if v is not None:
            parts.append(
                f'<circle class="dot" cx="{x(i):.1f}" cy="{y(v):.1f}" r="2">'
                f"<title>{escape(label)}: {escape(fmt(v))}</title></circle>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    bars: Sequence[tuple[str, float]], *, title: str, fmt: Callable[[float], str] = lambda v: f"{v:g}"
) -> Markup:
    """Horizontal bars, one per (label, value), scaled to the largest; labels above the bars."""
    row_h, label_w = 26, 0
    height = TOP + row_h * max(len(bars), 1) + 4
    top = nice_max(max((v for _, v in bars), default=0.0))
    plot_w = WIDTH - 8 - label_w - RIGHT
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, v) in enumerate(bars):
        y0 = TOP + i * row_h
        w = plot_w * min(max(v / top, 0.0), 1.0)
        parts.append(f'<text class="axis" x="8" y="{y0 + 8}">{escape(label)} · {escape(fmt(v))}</text>')
        parts.append(
            f'<rect class="bar" x="8" y="{y0 + 11}" width="{max(w, 1):.1f}" height="10">'
            f"<title>{escape(label)}: {escape(fmt(v))}</title></rect>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
