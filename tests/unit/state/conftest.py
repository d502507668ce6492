from __future__ import annotations

import pytest

from tests.unit.state.suite import FakeClock, start_clock


@pytest.fixture
def clock() -> FakeClock:
    return start_clock()
