"""The Jinja2 environment prompt templates run in: the immutable sandbox, strict about undefined names, and
a budget of time and characters for every render.

What the sandbox guarantees (Jinja2's ``ImmutableSandboxedEnvironment``): no attribute or item whose name
starts with ``_`` (so no walk from ``''.__class__`` to Python's internals), no method that changes a list,
dict or set, ``str.format`` through the sandbox's own formatter; an unsafe access raises ``SecurityError``.
``StrictUndefined`` makes a missing name or attribute an error instead of an empty string. There is no
loader: a template cannot include, import or extend anything. Autoescape is off (prompts are not HTML).

What the budget adds, per render (:class:`Budget`): the wall-clock limit is checked at every loop step, call,
filter, operator and piece of output; every character emitted counts, wherever it goes (the answer, a
``{% set %}`` block, a macro's result); ``*``, ``**``, ``+``, ``%`` and ``~`` refuse a result above the size
limit before making it, and so do padding calls (``center``, ``ljust``, ``indent``…) asked for a width above
it. Loops, ``~`` and output are reached by rewriting the parsed template (:func:`guard`) before it is
compiled; calls, filters and operators through the sandbox's own hooks. Jinja's ``lipsum`` is removed (it
makes its text in one call nothing can interrupt). The checks bound mistakes in templates (admins write
them); variables are data and are never rendered as templates themselves.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

#: str methods and filters whose integer arguments are widths of the text they make
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_PADDING_FILTERS = frozenset({"center", "indent", "truncate", "wordwrap"})
#: the biggest integer ``**`` may make, in bits
MAX_POWER_BITS = 65_536
_PRINTF_WIDTH = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_NESTED_SPEC = re.compile(r"\{[^{}]*?:[^{}]*\{")
_EACH, _OUT, _CONCAT = "_ork_each", "_ork_out", "_ork_concat"


class RenderLimitError(Exception):
    """A render went over its budget: too long, or too much text."""


@dataclass(slots=True)
class Budget:
    timeout_s: float
    max_chars: int
    clock: Callable[[], float] = time.monotonic
    deadline: float = field(init=False)
    emitted: int = 0

    def __post_init__(self) -> None:
        self.deadline = self.clock() + self.timeout_s

    def tick(self) -> None:
        if self.clock() > self.deadline:
            raise RenderLimitError(
                f"rendering took longer than {self.timeout_s * 1000:g} ms (prompts.render_timeout_ms)"
            )

    def fits(self, size: int) -> None:
        if size > self.max_chars:
            raise RenderLimitError(
                f"rendering would make more than {self.max_chars} characters (prompts.max_output_chars)"
            )

    def emit(self, text: str) -> str:
        self.tick()
        self.emitted += len(text)
        self.fits(self.emitted)
        return text

    def result(self, value: Any) -> Any:
        if isinstance(value, str | list | tuple | dict):
            self.fits(len(value))
        return value

    def widths(self, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
        for v in (*args, *kwargs.values()):
            if isinstance(v, int) and v > self.max_chars:
                raise RenderLimitError(
                    f"a width of {v} is above the limit of {self.max_chars} characters (prompts.max_output_chars)"
                )

    def format_widths(self, fmt: str, printf: bool) -> None:
        if printf:
            found = [n for m in _PRINTF_WIDTH.finditer(fmt) for n in m.groups() if n]
        else:
            found = re.findall(r"\d+", " ".join(_FORMAT_SPEC.findall(fmt)))
        self.widths((int(n) for n in found), {})


class BudgetedContext(Context):
    """The render context, carrying the render's budget into every derived context (scoped blocks)."""

    budget: Budget | None = None

    def derived(self, locals: dict[str, Any] | None = None) -> Context:
        context = super().derived(locals)
        if isinstance(context, BudgetedContext):
            context.budget = self.budget
        return context


def budget_of(context: Context) -> Budget:
    budget = getattr(context, "budget", None)
    if not isinstance(budget, Budget):
        raise SecurityError("prompt templates render only through the prompt renderer")
    return budget


class PromptEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"+", "*", "**", "%"})
    context_class = BudgetedContext

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            cache_size=0,
        )
        # lorem ipsum has no place in a prompt, and makes its text in one call the budget cannot interrupt
        self.globals.pop("lipsum", None)
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self.filters[_EACH] = _each
        self.filters[_OUT] = _out
        self.filters[_CONCAT] = _concat

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = budget_of(context)
        budget.tick()
        seqs = (str, list, tuple)
        if operator == "*":
            count, seq = (right, left) if isinstance(right, int) else (left, right)
            if isinstance(count, int) and isinstance(seq, seqs):
                budget.fits(len(seq) * count)
        elif operator == "+" and isinstance(left, seqs) and isinstance(right, seqs):
            budget.fits(len(left) + len(right))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if abs(left) > 1 and left.bit_length() * right > MAX_POWER_BITS:
                raise RenderLimitError(f"{left} ** {right} is too large a number")
        elif operator == "%" and isinstance(left, str):
            budget.format_widths(left, printf=True)
        return budget.result(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = budget_of(context)
        budget.tick()
        # str.format comes wrapped by the sandbox's formatter: look at the method underneath
        method = getattr(obj, "__wrapped__", obj)
        if isinstance(getattr(method, "__self__", None), str):
            name = getattr(method, "__name__", "")
            if name in _PADDING_METHODS:
                budget.widths(args, kwargs)
            elif name in ("format", "format_map"):
                budget.format_widths(method.__self__, printf=False)
                if _NESTED_SPEC.search(method.__self__):  # a width taken from the arguments
                    budget.widths(args, kwargs)
        return budget.result(super().call(context, obj, *args, **kwargs))


def _guarded_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with the budget checked before and its result's size after; it still gets what it asked for
    (context, eval context or environment) first."""
    kind = getattr(getattr(fn, "jinja_pass_arg", None), "name", None)

    @pass_context
    def guarded(context: Context, *args: Any, **kwargs: Any) -> Any:
        budget = budget_of(context)
        budget.tick()
        if name in _PADDING_FILTERS:
            budget.widths(args[1:], kwargs)
        if name == "format" and args and isinstance(args[0], str):
            budget.format_widths(args[0], printf=True)
        if kind == "context":
            result = fn(context, *args, **kwargs)
        elif kind == "eval_context":
            result = fn(context.eval_ctx, *args, **kwargs)
        elif kind == "environment":
            result = fn(context.environment, *args, **kwargs)
        else:
            result = fn(*args, **kwargs)
        return budget.result(result)

    return guarded


@pass_context
def _each(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    budget = budget_of(context)
    for item in iterable:
        budget.tick()
        yield item


@pass_context
def _out(context: Context, value: Any) -> str:
    return budget_of(context).emit("" if value is None else str(value))


@pass_context
def _concat(context: Context, parts: list[Any]) -> str:
    budget = budget_of(context)
    out, size = [], 0
    for part in parts:
        text = str(part)
        size += len(text)
        budget.fits(size)
        out.append(text)
    return "".join(out)


class _Guard(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _filter(node.iter, _EACH)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT)

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(child, _OUT) for child in node.nodes]
        return node


def _filter(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def guard(tree: nodes.Template, env: PromptEnvironment) -> nodes.Template:
    """``tree`` (a parsed template) with every loop stepping through the budget, every ``~`` sized and every
    piece of output counted."""
    guarded = _Guard().visit(tree)
    assert isinstance(guarded, nodes.Template)
    guarded.set_environment(env)
    return guarded
