"""Prompt templates: named, versioned Jinja2 templates with declared variables, rendered in a sandbox.

``model`` holds the types (:class:`PromptVersion`, :class:`PromptTemplate`, :class:`Variable`,
:class:`PromptRef`), ``sandbox`` the Jinja2 environment and its per-render budget, ``render`` the checks
made at push time and the rendering, ``store`` the :class:`PromptStore` protocol and the memory store,
``sqlite``/``postgres`` the SQL stores, ``service`` the :class:`PromptService` the gateway, the admin API
and the CLI use, ``views`` the JSON shapes and diffs. The pipeline stage is ``pipeline/prompts.py``.
Docs: ``docs/prompts.md``.
"""

from .model import PromptDraft, PromptRef, PromptTemplate, PromptVersion, Variable
from .render import RenderedPrompt, Renderer
from .service import PromptService, Pushed
from .store import MemoryPromptStore, PromptStore, open_prompt_store, prompt_store

__all__ = [
    "MemoryPromptStore",
    "PromptDraft",
    "PromptRef",
    "PromptService",
    "PromptStore",
    "PromptTemplate",
    "PromptVersion",
    "Pushed",
    "RenderedPrompt",
    "Renderer",
    "Variable",
    "open_prompt_store",
    "prompt_store",
]
