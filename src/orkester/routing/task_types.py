"""The built-in task types, in a module of their own so that what only needs their names (metrics labels)
does not load the detector and numpy with them (:mod:`.tasks`)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

BUILTIN_TASKS: Mapping[str, str] = MappingProxyType(
    {
        "creative": "creative writing and marketing copy",
        "quote": "quotes and offers",
        "code": "code generation and review",
        "data_analysis": "data analysis",
        "translation": "translation",
        "summarisation": "summarisation and meeting minutes",
        "customer_communication": "customer communication",
        "technical_documentation": "technical documentation",
        "extraction": "extraction and classification",
        "general_chat": "general chat",
    }
)
GENERAL_TASK = "general_chat"
