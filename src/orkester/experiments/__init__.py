"""A/B experiments and shadow traffic: assignment (pure), statistics (pure), the decision and its shared
stopping state, the shadow runner and the report. The pipeline stage is ``pipeline/experiments.py``."""

from .analysis import ArmResult, Decision, ExperimentResult, analyse
from .assign import assign_arm, in_share, unit_hash
from .service import ExperimentService

__all__ = [
    "ArmResult",
    "Decision",
    "ExperimentResult",
    "ExperimentService",
    "analyse",
    "assign_arm",
    "in_share",
    "unit_hash",
]
