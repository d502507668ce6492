"""Checking a template when it is pushed, and rendering a version with a request's variables.

A template is either one text, sent as the system message, or split into ``{% block system %}`` and
``{% block user %}``: then each block is a message of that role and nothing may stand outside them (a
block renders on its own, so a ``{% set %}`` or macro outside would not be seen). Every name the body
uses must be a declared variable (or one of Jinja's globals such as ``range``), checked at push time, so
a typo is refused then and not by the first request.

Variables a request passes that the version does not declare are ignored: a later version (or another
arm of an experiment) may drop a variable without breaking callers that still send it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Template, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError

from ..errors import RequestError
from .model import PromptDraft, PromptVersion, Variable, valid_name
from .sandbox import Budget, BudgetedContext, PromptEnvironment, RenderLimitError, guard

PARTS = ("system", "user")
MAX_DESCRIPTION = 1000
MAX_VARIABLES = 64
_VAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_RESERVED = frozenset(
    {"loop", "self", "caller", "varargs", "kwargs", "true", "false", "none", "True", "False", "None"}
    | {"and", "or", "not", "in", "is", "if", "else"}
)
_NOT_ALLOWED = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


@dataclass(frozen=True, slots=True)
class RenderedPrompt:
    """A rendered version: its system and user messages (None when it has no such part), and its task type."""

    ref: str
    system: str | None
    user: str | None
    task_type: str | None


@dataclass(frozen=True, slots=True)
class CompiledPrompt:
    version: PromptVersion
    template: Template
    #: the blocks that are messages; empty when the whole body is the system message
    parts: tuple[str, ...]


def _bad(param: str, message: str, code: str = "invalid_value") -> RequestError:
    return RequestError(f"{param}: {message}", param=param, code=code)


class Renderer:
    def __init__(
        self,
        *,
        timeout_ms: float = 50.0,
        max_output_chars: int = 100_000,
        max_template_chars: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.env = PromptEnvironment()
        self.timeout_s = timeout_ms / 1000
        self.max_output_chars = max_output_chars
        self.max_template_chars = max_template_chars
        self._clock = clock

    # --- at push time -------------------------------------------------------------------------------

    def check(self, draft: PromptDraft) -> PromptDraft:
        """``draft`` if it can be stored (names trimmed), or RequestError naming what is wrong."""
        if not valid_name(draft.name):
            raise _bad("name", f"{draft.name!r}: use 1 to 64 letters, digits, '_', '.' or '-' (no '@')")
        task = draft.task_type.strip() if draft.task_type else None
        if task is not None and not valid_name(task):
            raise _bad("task_type", f"{task!r}: use 1 to 64 letters, digits, '_', '.' or '-'")
        if len(draft.description) > MAX_DESCRIPTION:
            raise _bad("description", f"at most {MAX_DESCRIPTION} characters")
        if not draft.body.strip():
            raise _bad("body", "the template is empty")
        if len(draft.body) > self.max_template_chars:
            raise _bad("body", f"at most {self.max_template_chars} characters (prompts.max_template_chars)")
        variables = self._check_variables(draft.variables)
        tree = self._parse(draft.body)
        self._check_tree(tree)
        declared = {v.name for v in variables}
        unknown = sorted(meta.find_undeclared_variables(tree) - declared - set(self.env.globals))
        if unknown:
            raise _bad(
                "variables",
                f"the template uses {', '.join(unknown)} but does not declare {'it' if len(unknown) == 1 else 'them'}",
                "undeclared_variable",
            )
        return PromptDraft(draft.name, draft.body, variables, task, draft.description.strip())

    def _check_variables(self, variables: tuple[Variable, ...]) -> tuple[Variable, ...]:
        if len(variables) > MAX_VARIABLES:
            raise _bad("variables", f"at most {MAX_VARIABLES}")
        seen: set[str] = set()
        for v in variables:
            if not _VAR_NAME.fullmatch(v.name) or v.name in _RESERVED or v.name in self.env.globals:
                raise _bad(
                    "variables",
                    f"{v.name!r} cannot be a variable name: use a letter, then letters, digits or '_' "
                    f"(not a Jinja word or global such as loop, self, range)",
                )
            if v.name in seen:
                raise _bad("variables", f"{v.name!r} is declared twice")
            if v.required and v.default is not None:
                raise _bad("variables", f"{v.name!r} is required and has a default: a default makes it optional")
            if len(v.description) > MAX_DESCRIPTION:
                raise _bad("variables", f"the description of {v.name!r} is longer than {MAX_DESCRIPTION} characters")
            seen.add(v.name)
        return variables

    def _parse(self, body: str) -> nodes.Template:
        try:
            return self.env.parse(body)
        except TemplateSyntaxError as e:
            raise _bad("body", f"line {e.lineno}: {e.message}", "invalid_template") from None

    def _check_tree(self, tree: nodes.Template) -> None:
        for node in tree.find_all(_NOT_ALLOWED):
            raise _bad("body", f"line {node.lineno}: a prompt template cannot include, import or extend another")
        for attr in tree.find_all(nodes.Getattr):
            if attr.attr.startswith("_"):
                raise _bad("body", f"line {attr.lineno}: attribute {attr.attr!r} is not allowed (it starts with '_')")
        for item in tree.find_all(nodes.Getitem):
            if isinstance(item.arg, nodes.Const) and str(item.arg.value).startswith("_"):
                raise _bad("body", f"line {item.lineno}: item {item.arg.value!r} is not allowed (it starts with '_')")
        blocks = list(tree.find_all(nodes.Block))
        for block in blocks:
            if block.name not in PARTS:
                raise _bad(
                    "body", f"line {block.lineno}: block {block.name!r}: the blocks a prompt has are system, user"
                )
        if not blocks:
            return
        for top in tree.body:
            if isinstance(top, nodes.Block):
                continue
            if isinstance(top, nodes.Output) and all(
                isinstance(n, nodes.TemplateData) and not n.data.strip() for n in top.nodes
            ):
                continue
            raise _bad("body", f"line {top.lineno}: with blocks, everything must be inside {{% block system/user %}}")

    # --- per request --------------------------------------------------------------------------------

    def compile(self, version: PromptVersion) -> CompiledPrompt:
        tree = self._parse(version.body)
        template = self.env.from_string(guard(tree, self.env))
        parts = tuple(p for p in PARTS if p in template.blocks)
        return CompiledPrompt(version, template, parts)

    @staticmethod
    def bind(version: PromptVersion, given: Mapping[str, Any]) -> dict[str, Any]:
        """The values the template sees: declared variables only, defaults filled in; RequestError naming a
        required variable that is missing."""
        values: dict[str, Any] = {}
        for v in version.variables:
            if v.name in given:
                values[v.name] = given[v.name]
            elif v.default is not None:
                values[v.name] = v.default
            elif v.required:
                what = f" ({v.description})" if v.description else ""
                raise RequestError(
                    f"Prompt template {version.ref} needs the variable {v.name!r}{what}: pass it in "
                    "metadata.prompt_vars (a JSON object) or the x-orkester-prompt-vars header.",
                    param=f"prompt_vars.{v.name}",
                    code="missing_prompt_variable",
                )
            else:
                values[v.name] = None
        return values

    def render(self, compiled: CompiledPrompt, given: Mapping[str, Any]) -> RenderedPrompt:
        version = compiled.version
        values = self.bind(version, given)
        budget = Budget(self.timeout_s, self.max_output_chars, self._clock)
        context = compiled.template.new_context(values)
        assert isinstance(context, BudgetedContext)
        context.budget = budget
        try:
            if not compiled.parts:
                system: str | None = _text(compiled.template.root_render_func(context))
                user = None
            else:
                out = {p: _text(compiled.template.blocks[p](context)) for p in compiled.parts}
                system, user = out.get("system"), out.get("user")
        except RenderLimitError as e:
            raise RequestError(
                f"Prompt template {version.ref}: {e}",
                param="metadata.prompt",
                code="prompt_render_limit",
            ) from None
        except SecurityError as e:
            raise RequestError(
                f"Prompt template {version.ref} was refused by the sandbox: {e}",
                param="metadata.prompt",
                code="prompt_unsafe",
            ) from None
        except UndefinedError as e:
            raise RequestError(
                f"Prompt template {version.ref}: {e.message}", param="metadata.prompt_vars", code="prompt_render_error"
            ) from None
        except (TemplateError, RecursionError, TypeError, ValueError, ArithmeticError, LookupError) as e:
            raise RequestError(
                f"Prompt template {version.ref} could not be rendered: {type(e).__name__}: {e}",
                param="metadata.prompt",
                code="prompt_render_error",
            ) from None
        return RenderedPrompt(version.ref, system or None, user or None, version.task_type)


def _text(pieces: Any) -> str:
    return "".join(pieces).strip()
