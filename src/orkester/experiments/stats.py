"""The statistics experiments need, with the standard library only (scipy is not a dependency).

Proportions (satisfaction share, escalation rate): the Wilson score interval and the two-sided
two-proportion z-test with the pooled standard error. Means (cost, latency, score): the Student-t
interval and Welch's unequal-variance t-test with the Welch-Satterthwaite degrees of freedom. The
t distribution's CDF comes from the regularised incomplete beta function (continued fraction, as in
Numerical Recipes, section 6.4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..ledger.satisfaction import wilson

__all__ = ["MeanSummary", "Test", "mean_interval", "normal_cdf", "proportion_test", "t_cdf", "t_quantile", "welch_test"]
__all__ += ["wilson"]

_EPS = 3e-14
_TINY = 1e-300


@dataclass(frozen=True, slots=True)
class Test:
    """A two-sample test's statistic, its two-sided p-value, and the degrees of freedom (None for z)."""

    statistic: float
    p_value: float
    df: float | None = None


@dataclass(frozen=True, slots=True)
class MeanSummary:
    """A sample as sums: enough for its mean and variance."""

    n: int
    total: float
    total_sq: float

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0

    @property
    def variance(self) -> float:
        """The unbiased sample variance (0 below two values; never negative through rounding)."""
        if self.n < 2:
            return 0.0
        return max(0.0, (self.total_sq - self.total * self.total / self.n) / (self.n - 1))


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def _beta_cf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > _TINY else _TINY)
        c = 1 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > _TINY else _TINY)
        c = 1 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            break
    return h


def beta_inc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_cf(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom (df may be fractional)."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    tail = 0.5 * beta_inc(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`)."""
    if not 0 < p < 1:
        raise ValueError("p must be in (0, 1)")
    lo, hi = -1e3, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mean_interval(s: MeanSummary, level: float = 0.95) -> tuple[float, float] | None:
    """The Student-t interval of the mean (None below two values)."""
    if s.n < 2:
        return None
    half = t_quantile(0.5 + level / 2, s.n - 1) * math.sqrt(s.variance / s.n)
    return s.mean - half, s.mean + half


def proportion_test(x1: int, n1: int, x2: int, n2: int) -> Test | None:
    """Two-sided two-proportion z-test (pooled standard error); None when a sample is empty or nothing varies."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return None
    z = (x2 / n2 - x1 / n1) / se
    return Test(z, math.erfc(abs(z) / math.sqrt(2)))


def welch_test(a: MeanSummary, b: MeanSummary) -> Test | None:
    """Welch's two-sided t-test of mean(b) - mean(a); None below two values a side or with no variance."""
    if a.n < 2 or b.n < 2:
        return None
    va, vb = a.variance / a.n, b.variance / b.n
    se2 = va + vb
    if se2 <= 0:
        return None
    t = (b.mean - a.mean) / math.sqrt(se2)
    df = se2 * se2 / (va * va / (a.n - 1) + vb * vb / (b.n - 1))
    return Test(t, min(1.0, beta_inc(df / 2, 0.5, df / (df + t * t))), df)
