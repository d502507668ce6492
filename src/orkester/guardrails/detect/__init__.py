"""PII and special-category detection for Norwegian and English text.

``Detector(settings, order).scan(text)`` returns the entities found (``guardrails.entities.Entity``),
non-overlapping and sorted; ``classify`` turns them into a data class. The finders, each in its module:
check-digit identifiers (``identifiers``, ``validators``) and contact and network patterns (``patterns``),
both starting from one scan of where the numbers are (``numbers``), names by gazetteer rules (``names``)
and spaCy NER around what the rules leave open (``ner``), GDPR special categories by keywords
(``categories``) and the configured patterns and terms (``custom``).
"""

from .detector import DEFAULT_ENTITY_CLASSES, Detector
from .ner import NerUnavailable

__all__ = ["DEFAULT_ENTITY_CLASSES", "Detector", "NerUnavailable"]
