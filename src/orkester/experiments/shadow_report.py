"""Shadow calls against the live answers of the same experiment: cost, latency and agreement.

The live side is every successful live record of the experiment, the shadow side every successful
shadow record (``kind = 'shadow'``). Cost and latency are compared with Welch's t-test. Agreement is the
similarity of the shadow's answer to the live one (``difflib`` ratio of the normalised texts, 1.0 for an
identical answer), which the shadow runner stores in the shadow record's ``feedback`` column: a cheap
stand-in where no judge model scores the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..ledger.experiments import ArmSums
from .stats import MeanSummary, mean_interval, welch_test


def _side(s: MeanSummary) -> dict[str, Any]:
    ci = mean_interval(s)
    return {"mean": s.mean if s.n else None, "ci95": list(ci) if ci else None}


def shadow_comparison(model: str, sums: Sequence[ArmSums]) -> dict[str, Any]:
    live = [s for s in sums if s.kind != "shadow"]
    shadow = [s for s in sums if s.kind == "shadow"]
    n_live = sum(s.requests for s in live)
    cost_live = MeanSummary(n_live, sum(s.cost_sum for s in live), sum(s.cost_sq for s in live))
    lat_live = MeanSummary(n_live, sum(s.latency_sum for s in live), sum(s.latency_sq for s in live))
    n_sh = sum(s.requests for s in shadow)
    cost_sh = MeanSummary(n_sh, sum(s.cost_sum for s in shadow), sum(s.cost_sq for s in shadow))
    lat_sh = MeanSummary(n_sh, sum(s.latency_sum for s in shadow), sum(s.latency_sq for s in shadow))
    rated = sum(s.rated for s in shadow)
    agreement = sum(s.score_sum for s in shadow) / rated if rated else None
    cost_test = welch_test(cost_live, cost_sh)
    lat_test = welch_test(lat_live, lat_sh)
    return {
        "model": model,
        "live_requests": n_live,
        "shadow_calls": n_sh,
        "cost_usd": {"live": _side(cost_live), "shadow": _side(cost_sh)},
        "cost_p_value": cost_test.p_value if cost_test else None,
        "latency_ms": {"live": _side(lat_live), "shadow": _side(lat_sh)},
        "latency_p_value": lat_test.p_value if lat_test else None,
        "agreement": agreement,
        "agreement_means": "mean similarity of the shadow's answer to the live one (1.0: identical)",
    }
