"""Orkester: an OpenAI-compatible LLM orchestration gateway."""

__version__ = "0.1.0"
