"""Prompt templates: the immutable :class:`PromptVersion` s of a name, and the :class:`PromptTemplate` that
points at the one being served.

A name's versions are numbered 1, 2, 3… in the order they were pushed and never change. Which version a
bare reference (``quote`` or ``quote@latest``) means is the template's ``active_version``: a push makes
the new version active (unless asked not to), and a rollback moves the pointer back to an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import RequestError

#: the word a reference may use for "the active version"
LATEST = "latest"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True, slots=True)
class Variable:
    """A variable the template declares. One without a default is required unless ``required`` says not;
    an optional one without a default renders as nothing."""

    name: str
    required: bool = True
    default: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class PromptDraft:
    """What a push carries: everything of a version but its number and who made it when."""

    name: str
    body: str
    variables: tuple[Variable, ...] = ()
    task_type: str | None = None
    description: str = ""

    def same_content(self, other: PromptDraft | PromptVersion) -> bool:
        return (self.body, self.variables, self.task_type, self.description) == (
            other.body,
            other.variables,
            other.task_type,
            other.description,
        )


@dataclass(frozen=True, slots=True)
class PromptVersion:
    name: str
    version: int
    body: str
    variables: tuple[Variable, ...]
    task_type: str | None
    description: str
    created_at: datetime
    created_by: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    """A name, the version it serves (``active``) and the highest version pushed; who moved the pointer last."""

    name: str
    active: PromptVersion
    latest_version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str | None = None

    @property
    def active_version(self) -> int:
        return self.active.version


@dataclass(frozen=True, slots=True)
class PromptRef:
    """``name`` or ``name@latest`` (version None: the active one), or ``name@3``."""

    name: str
    version: int | None = None

    def __str__(self) -> str:
        return self.name if self.version is None else f"{self.name}@{self.version}"

    @classmethod
    def parse(cls, text: str, param: str = "metadata.prompt") -> PromptRef:
        name, sep, version = text.strip().partition("@")
        if not valid_name(name):
            raise RequestError(
                f"{param}: {text!r} is not a prompt template reference (name, name@latest or name@VERSION)",
                param=param,
                code="invalid_value",
            )
        if not sep or version == LATEST:
            return cls(name)
        if not version.isdigit() or int(version) < 1:
            raise RequestError(
                f"{param}: version {version!r} of {name!r} must be a number from 1, or 'latest'",
                param=param,
                code="invalid_value",
            )
        return cls(name, int(version))


def valid_name(name: str) -> bool:
    """1 to 64 letters, digits, ``_``, ``.`` or ``-``, starting with a letter or digit (no ``@``, no ``/``)."""
    return _NAME.fullmatch(name) is not None
