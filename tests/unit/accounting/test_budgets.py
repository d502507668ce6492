"""Money in micro-dollars, UTC windows, and the messages a 429 carries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orkester.accounting import BudgetLimits, BudgetRefusal, RateRefusal, Scope
from orkester.accounting.budgets import (
    day_label,
    day_of,
    fmt_usd,
    limit_micros,
    month_label,
    month_of,
    to_micros,
    window_reset,
)


def test_costs_round_up_and_limits_round_down() -> None:
    assert to_micros(0.3) == 300_000 and to_micros(0.1 + 0.2) == 300_000  # float noise does not add a micro
    assert to_micros(0.0000001) == 1  # a tenth of a micro-dollar still costs one
    assert to_micros(0) == 0
    assert limit_micros(0.0000019) == 1 and limit_micros(None) == -1
    assert BudgetLimits(day_usd=1.5, total_usd=0).micros() == (1_500_000, -1, 0)
    for bad in (-0.01, float("nan")):
        with pytest.raises(ValueError):
            to_micros(bad)
        with pytest.raises(ValueError):
            limit_micros(bad)


def test_windows_are_utc_days_and_months() -> None:
    late = datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC).timestamp()
    assert day_label(day_of(late)) == "2025-01-31" and month_label(month_of(late)) == "2025-01"
    assert day_label(day_of(late + 1)) == "2025-02-01" and month_label(month_of(late + 1)) == "2025-02"
    assert window_reset("day", day_of(late), month_of(late)) == datetime(2025, 2, 1, tzinfo=UTC)
    december = month_of(datetime(2025, 12, 5, tzinfo=UTC).timestamp())
    assert window_reset("month", 0, december) == datetime(2026, 1, 1, tzinfo=UTC)
    assert window_reset("total", 0, december) is None


def test_usd_shows_cents_or_micro_dollars() -> None:
    assert fmt_usd(12_340_000) == "$12.34"
    assert fmt_usd(1_234) == "$0.001234"
    assert fmt_usd(1_000_000_000_000) == "$1,000,000.00"


def test_budget_refusal_message_names_scope_limit_spent_and_reserved() -> None:
    today = day_of(datetime(2025, 6, 1, 15, tzinfo=UTC).timestamp())
    no = BudgetRefusal(Scope("key", "k-7"), "day", 10_000_000, 9_990_000, 8_000, 12_000, today, 2025 * 12 + 5)
    assert no.message == (
        "Budget exceeded for key 'k-7': this request may cost up to $0.012000, and the daily budget of $10.00 "
        "for 2025-06-01 (UTC) has $9.99 spent and $0.008000 reserved by requests in flight. "
        "It resets at 2025-06-02 00:00 UTC."
    )
    assert no.retry_after_s == 0.0  # that day is long past
    total = BudgetRefusal(Scope("team", "ml"), "total", 5_000_000, 5_000_000, 0, 1, today, 0)
    assert "total budget of $5.00 has $5.00 spent" in total.message and "resets" not in total.message
    assert total.retry_after_s is None


def test_rate_refusal_messages() -> None:
    rpm = RateRefusal(Scope("deployment", "openai/gpt-4o"), "rpm", 500, 500, 1, 2.25)
    assert rpm.message == (
        "Rate limit reached for deployment 'openai/gpt-4o': 500 requests per minute (rpm), "
        "500 made in the last 60 s. Retry after 2.2 s."
    )
    tpm = RateRefusal(Scope("key", "k"), "tpm", 10_000, 9_500, 800, 4.0)
    assert "10,000 tokens per minute (tpm), 9,500 counted" in tpm.message and "needs up to 800" in tpm.message
    never = RateRefusal(Scope("key", "k"), "tpm", 10_000, 0, 20_000, 60.0)
    assert "20,000 tokens exceed the limit of 10,000" in never.message and "never" in never.message


def test_scopes_print_as_kind_and_id() -> None:
    assert str(Scope("team", "research")) == "team 'research'"
    assert Scope("deployment", "a:b").key == "deployment:a:b"
    with pytest.raises(ValueError):
        Scope("a:b", "x")
    with pytest.raises(ValueError):
        Scope("key", "")
