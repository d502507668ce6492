from __future__ import annotations

import pytest

from orkester.guardrails.detect import Detector
from orkester.guardrails.entities import ClassOrder
from orkester.settings import DetectionSettings


@pytest.fixture(scope="session")
def detector() -> Detector:
    """One loaded detector for the session: loading spaCy takes a second."""
    d = Detector(DetectionSettings(), ClassOrder())
    d.load()
    return d
