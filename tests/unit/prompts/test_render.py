"""Rendering in the sandbox: what a template may do, what it may not, and the checks made when it is pushed."""

from __future__ import annotations

from typing import Any

import pytest

from orkester.errors import RequestError
from orkester.prompts import PromptDraft, PromptVersion, Renderer, Variable
from tests.unit.keys.clocks import START

R = Renderer()


def version(body: str, *variables: Variable, task: str | None = None) -> PromptVersion:
    """A version as the store would hold it, without the push-time checks (as if written by another tool)."""
    return PromptVersion("t", 1, body, variables, task, "", START)


def pushed(body: str, *variables: Variable) -> PromptVersion:
    draft = R.check(PromptDraft("t", body, variables))
    return version(draft.body, *draft.variables)


def render(v: PromptVersion, renderer: Renderer = R, **values: Any) -> tuple[str | None, str | None]:
    out = renderer.render(renderer.compile(v), values)
    return out.system, out.user


def refused(v: PromptVersion, renderer: Renderer = R, **values: Any) -> RequestError:
    with pytest.raises(RequestError) as e:
        render(v, renderer, **values)
    assert e.value.status == 400
    return e.value


def check_refused(body: str, *variables: Variable, name: str = "t") -> RequestError:
    with pytest.raises(RequestError) as e:
        R.check(PromptDraft(name, body, variables))
    return e.value


def test_a_whole_body_is_the_system_message_and_blocks_split_it() -> None:
    assert render(pushed("You quote for {{ customer }}.\n", Variable("customer")), customer="Ada") == (
        "You quote for Ada.",
        None,
    )
    split = pushed(
        "{% block system %}\nYou quote in {{ currency }}.\n{% endblock %}\n"
        "{% block user %}Quote {{ items|join(', ') }} for {{ customer|upper }}.{% endblock %}\n",
        Variable("customer"),
        Variable("items"),
        Variable("currency", required=False, default="NOK"),
    )
    assert render(split, customer="Ada", items=["bolts", "nuts"]) == ("You quote in NOK.", "Quote bolts, nuts for ADA.")
    only_user = pushed("{% block user %}{{ q }}{% endblock %}", Variable("q"))
    assert render(only_user, q="why?") == (None, "why?")


def test_defaults_optional_variables_and_undeclared_values() -> None:
    v = pushed(
        "[{{ tone }}|{{ note }}|{% if note %}noted{% endif %}]",
        Variable("tone", required=False, default="friendly"),
        Variable("note", required=False),
    )
    assert render(v) == ("[friendly||]", None)
    # a value the version does not declare is ignored, never seen by the template
    assert render(v, tone="dry", note="n", extra="x") == ("[dry|n|noted]", None)


def test_a_missing_required_variable_is_named() -> None:
    err = refused(pushed("{{ customer }}", Variable("customer", description="who asks")))
    assert err.code == "missing_prompt_variable" and err.param == "prompt_vars.customer"
    assert "'customer' (who asks)" in err.message and "t@1" in err.message


def test_strict_undefined_refuses_what_is_not_there() -> None:
    # Undeclared names cannot be pushed; a stored one (or an attribute that is missing) fails the render.
    err = refused(version("Hi {{ nobody }}"))
    assert err.code == "prompt_render_error" and "'nobody' is undefined" in err.message
    err = refused(pushed("{{ customer.name }}", Variable("customer")), customer="Ada")
    assert "has no attribute 'name'" in err.message
    err = refused(pushed("{% for x in customer.orders %}{{ x }}{% endfor %}", Variable("customer")), customer={})
    assert err.code == "prompt_render_error"


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ x.__class__ }}",
        "{{ x['__globals__'] }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_escapes_are_refused_when_pushed(body: str) -> None:
    err = check_refused(body, Variable("x"))
    assert err.param == "body" and "starts with '_'" in err.message


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ x.__class__.__base__.__subclasses__() }}",
        "{{ x|attr('__class__') }}",
        "{% set k = '__cla' ~ 'ss__' %}{{ x[k] }}",
        "{{ x.append(1) }}",
        "{{ d.update({'a': 1}) }}",
        "{{ (x|attr('pop'))() }}",
    ],
)
def test_escapes_are_refused_by_the_sandbox_when_rendered(body: str) -> None:
    # as if stored without the push-time checks: the sandbox itself refuses
    err = refused(version(body, Variable("x"), Variable("d")), x=[1], d={})
    assert err.code == "prompt_unsafe" and "unsafe" in err.message


def test_including_importing_or_extending_is_refused() -> None:
    for body in (
        "{% include 'other' %}",
        "{% import 'other' as o %}",
        "{% extends 'other' %}",
        "{% from 'o' import m %}",
    ):
        assert "cannot include, import or extend" in check_refused(body).message


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("", "empty"),
        ("{{ oops", "line 1"),
        ("{% block assistant %}x{% endblock %}", "system, user"),
        ("Intro\n{% block system %}x{% endblock %}", "everything must be inside"),
        ("{% set a = 1 %}{% block system %}{{ a }}{% endblock %}", "everything must be inside"),
        ("{{ customer }} and {{ tone }}", "uses customer, tone but does not declare them"),
    ],
)
def test_push_checks_the_body(body: str, why: str) -> None:
    assert why in check_refused(body).message


@pytest.mark.parametrize(
    ("variables", "why"),
    [
        ((Variable("a"), Variable("a")), "declared twice"),
        ((Variable("loop"),), "cannot be a variable name"),
        ((Variable("range"),), "cannot be a variable name"),
        ((Variable("_x"),), "cannot be a variable name"),
        ((Variable("a-b"),), "cannot be a variable name"),
        ((Variable("a", required=True, default="x"),), "a default makes it optional"),
    ],
)
def test_push_checks_the_variables(variables: tuple[Variable, ...], why: str) -> None:
    assert why in check_refused("x", *variables).message


def test_push_checks_names_and_sizes() -> None:
    assert check_refused("x", name="a@b").param == "name"
    assert check_refused("x", name="").param == "name"
    assert Renderer(max_template_chars=10).check(PromptDraft("t", "x" * 10)).body == "x" * 10
    with pytest.raises(RequestError, match="at most 10 characters"):
        Renderer(max_template_chars=10).check(PromptDraft("t", "x" * 11))
    with pytest.raises(RequestError, match="task_type"):
        R.check(PromptDraft("t", "x", task_type="a b"))
    assert R.check(PromptDraft("t", "x", task_type=" quote ")).task_type == "quote"


def test_a_loop_that_runs_too_long_is_stopped() -> None:
    slow = Renderer(timeout_ms=20)
    for body in (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    ):
        err = refused(version(body), slow)
        assert err.code == "prompt_render_limit" and "longer than 20 ms" in err.message


def test_time_is_the_render_clock() -> None:
    ticks = iter(range(0, 1000, 10))
    stepped = Renderer(timeout_ms=35, clock=lambda: next(ticks) / 1000)
    # the clock moves 10 ms a read, and the render reads it at every loop step and piece of output
    err = refused(version("{% for i in range(10) %}{{ i }}{% endfor %}"), stepped)
    assert "longer than 35 ms" in err.message


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(100000) %}{{ 'xxxxxxxxxx' }}{% endfor %}",
        "{% set s %}{% for i in range(20000) %}xxxxxxxxxx{% endfor %}{% endset %}ok",
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ 'x'.center(1000000000) }}",
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'|indent(1000000000, true) }}",
        "{{ '%1000000000d' % 1 }}",
        "{{ '%1000000000d'|format(1) }}",
        "{{ '{:>1000000000}'.format(1) }}",
        "{{ '{:{}}'.format('x', 1000000000) }}",
        "{{ 2 ** 100000000 }}",
        "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}"
        "{{ f('x', 40) }}",
    ],
)
def test_output_and_what_makes_big_values_are_bounded(body: str) -> None:
    err = refused(version(body))
    assert err.code == "prompt_render_limit" and ("max_output_chars" in err.message or "too large" in err.message)


def test_lipsum_is_not_there() -> None:
    assert "does not declare it" in check_refused("{{ lipsum(3) }}").message
    assert "'lipsum' is undefined" in refused(version("{{ lipsum(1000000) }}")).message


def test_ordinary_templates_are_not_caught_by_the_limits() -> None:
    # the size and operation limits, not the time limit (test_time_is_the_render_clock checks that with a clock
    # that moves): a clock that stands still keeps a busy machine's wall clock out of this test
    still = Renderer(clock=lambda: 0.0)
    body = (
        "{{ '{:,}'.format(1234567) }} {{ '%05d' % 42 }} {{ '%s'|format(3) }} {{ 2 ** 64 }} {{ 'ab' * 3 }} "
        "{% set ns = namespace(n=0) %}{% for i in range(1000) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} "
        "{{ items|map('upper')|join('+') }} {{ items|length }} {% for i in items %}{{ loop.index }}{% endfor %}"
    )
    assert render(pushed(body, Variable("items")), still, items=["a", "b"]) == (
        "1,234,567 00042 3 18446744073709551616 ababab 499500 A+B 2 12",
        None,
    )


def test_other_errors_say_what_went_wrong() -> None:
    err = refused(version("{{ 1 / 0 }}"))
    assert err.code == "prompt_render_error" and "ZeroDivisionError" in err.message
    err = refused(version("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"))
    assert err.code in ("prompt_render_error", "prompt_render_limit")
