from __future__ import annotations

import math

import pytest

from orkester.experiments.stats import MeanSummary, mean_interval, proportion_test, t_cdf, t_quantile, welch_test


def test_t_distribution_against_table_values() -> None:
    assert t_cdf(2.0, 10) == pytest.approx(0.963306, abs=1e-6)
    assert t_cdf(0.0, 3) == pytest.approx(0.5)
    assert t_cdf(-1.0, 1) == pytest.approx(0.25)  # Cauchy
    assert t_quantile(0.975, 10) == pytest.approx(2.228139, abs=1e-5)
    assert t_quantile(0.975, 30) == pytest.approx(2.042272, abs=1e-5)
    assert t_quantile(0.975, 1e7) == pytest.approx(1.959964, abs=1e-4)


def test_two_proportion_z_test() -> None:
    # 60/100 against 80/100: pooled p 0.7, se sqrt(0.7*0.3*0.02), z = 3.0861, p = 0.002028
    t = proportion_test(60, 100, 80, 100)
    assert t is not None
    assert t.statistic == pytest.approx(3.086067, abs=1e-5)
    assert t.p_value == pytest.approx(0.0020282, abs=1e-6)
    assert proportion_test(0, 0, 1, 2) is None and proportion_test(0, 10, 0, 10) is None


def test_welch_t_test_and_mean_interval() -> None:
    a = MeanSummary(3, 1 + 2 + 3, 1 + 4 + 9)  # mean 2, variance 1
    b = MeanSummary(4, 2 + 4 + 6 + 8, 4 + 16 + 36 + 64)  # mean 5, variance 20/3
    t = welch_test(a, b)
    assert t is not None and t.df is not None
    se2 = 1 / 3 + (20 / 3) / 4
    assert t.statistic == pytest.approx(3 / math.sqrt(se2))
    assert t.df == pytest.approx(se2**2 / ((1 / 3) ** 2 / 2 + (20 / 12) ** 2 / 3))
    assert t.p_value == pytest.approx(2 * (1 - t_cdf(t.statistic, t.df)), abs=1e-9)
    assert t.p_value == pytest.approx(0.0998, abs=2e-3)
    low, high = mean_interval(a) or (0.0, 0.0)
    assert (low, high) == pytest.approx((2 - 4.302653 / math.sqrt(3), 2 + 4.302653 / math.sqrt(3)), abs=1e-4)
    assert welch_test(MeanSummary(1, 1, 1), b) is None
