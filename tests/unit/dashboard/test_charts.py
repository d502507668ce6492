"""The inline SVG charts: scaled to a round maximum, gaps where there is no data, every text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from orkester.dashboard.charts import bar_chart, line_chart, nice_max

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1.0),
        (-3, 1.0),
        (0.7, 1.0),
        (1.2, 2.0),
        (2.1, 2.5),
        (3, 5.0),
        (7, 10.0),
        (10, 10.0),
        (0.013, 0.02),
        (4200, 5000),
    ],
)
def test_nice_max(value: float, expected: float) -> None:
    assert nice_max(value) == pytest.approx(expected)


def test_a_line_chart_is_valid_svg_with_one_dot_per_value() -> None:
    svg = line_chart([("00:00", 1.0), ("01:00", 4.0), ("02:00", 2.0)], title="Requests")
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg" and root.get("aria-label") == "Requests"
    dots = root.findall(f"{NS}circle")
    assert [d.find(f"{NS}title").text for d in dots] == ["00:00: 1", "01:00: 4", "02:00: 2"]  # type: ignore[union-attr]
    ys = [float(d.get("cy", "")) for d in dots]
    assert ys[1] < ys[2] < ys[0]  # higher values are drawn higher
    labels = [t.text for t in root.findall(f"{NS}text")]
    assert labels == ["0", "2.5", "5", "00:00", "01:00", "02:00"]


def test_missing_values_break_the_line() -> None:
    svg = line_chart([("a", 1.0), ("b", 2.0), ("c", None), ("d", 3.0), ("e", 1.0)], title="p95")
    root = ET.fromstring(str(svg))
    assert len(root.findall(f"{NS}polyline")) == 2
    assert len(root.findall(f"{NS}circle")) == 4


def test_a_fixed_maximum_caps_the_scale_and_values_are_formatted() -> None:
    svg = str(line_chart([("a", 0.25), ("b", 0.5)], title="Error rate", fmt=lambda v: f"{v * 100:.0f}%", y_max=1))
    assert ">100%<" in svg and ">50%<" in svg and "b: 50%" in svg


def test_no_data_draws_an_empty_chart() -> None:
    root = ET.fromstring(str(line_chart([], title="Nothing")))
    assert root.findall(f"{NS}polyline") == [] and root.findall(f"{NS}circle") == []
    root = ET.fromstring(str(line_chart([("a", None)], title="Nothing")))
    assert root.findall(f"{NS}circle") == []


def test_text_is_escaped() -> None:
    svg = str(line_chart([("<script>", 1.0)], title='a "b" & <c>'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # still well-formed
    bars = str(bar_chart([("<b>", 2.0), ("ok", 1.0)], title="<t>"))
    assert "<b>" not in bars
    root = ET.fromstring(bars)
    widths = [float(r.get("width", "")) for r in root.findall(f"{NS}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert re.search(r"&lt;b&gt; · 2", bars)
