"""The prompt-template stage on a request context: messages, variables, the task control, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orkester.errors import NotFoundError, RequestError
from orkester.keys.model import Principal
from orkester.pipeline.context import RequestContext
from orkester.pipeline.prompts import PromptStage, prompt_vars
from orkester.prompts import MemoryPromptStore, PromptDraft, PromptService, Variable
from orkester.types import ChatRequest, EmbeddingRequest

SPLIT = (
    "{% block system %}You write quotes for {{ company }}.{% endblock %}\n"
    "{% block user %}Quote {{ qty }} x {{ item }} for {{ customer }}.{% endblock %}"
)
VARS = (Variable("customer"), Variable("item"), Variable("qty", required=False, default="1"), Variable("company"))


@pytest.fixture
async def service() -> PromptService:
    service = PromptService(MemoryPromptStore())
    await service.push(PromptDraft("quote", "You write quotes for {{ company }}.", (Variable("company"),), "quote"))
    await service.push(PromptDraft("quote", SPLIT, VARS, "quote"))
    await service.push(PromptDraft("plain", "Be brief."))
    return service


def context(controls: dict[str, str], messages: list[dict[str, Any]] | None = None) -> RequestContext:
    req = ChatRequest.model_validate({"model": "m", "messages": messages or [{"role": "user", "content": "hi"}]})
    return RequestContext(request_id="r", kind="chat", request=req, controls=dict(controls))


async def run(service: PromptService, ctx: RequestContext) -> list[tuple[str, Any]]:
    seen: list[RequestContext] = []

    async def after(c: RequestContext) -> None:
        seen.append(c)

    await PromptStage(service)(ctx, after)
    assert seen == [ctx]
    return [(m.role, m.content) for m in ctx.chat.messages] if ctx.kind == "chat" else []


async def test_no_prompt_leaves_the_request_alone(service: PromptService) -> None:
    ctx = context({})
    before = ctx.request
    assert await run(service, ctx) == [("user", "hi")]
    assert ctx.request is before and ctx.prompt_ref is None


async def test_system_part_goes_first_and_user_part_last(service: PromptService) -> None:
    variables = json.dumps({"customer": "Ada", "item": "bolt", "company": "Acme", "unused": 1})
    ctx = context({"prompt": "quote", "prompt_vars": variables}, [{"role": "system", "content": "caller's"}])
    assert await run(service, ctx) == [
        ("system", "You write quotes for Acme."),
        ("system", "caller's"),
        ("user", "Quote 1 x bolt for Ada."),
    ]
    assert ctx.prompt_ref == "quote@2" and ctx.controls["task"] == "quote"


async def test_an_explicit_version_and_a_template_without_a_task(service: PromptService) -> None:
    ctx = context({"prompt": "quote@1", "prompt_vars": '{"company": "Acme"}'})
    assert await run(service, ctx) == [("system", "You write quotes for Acme."), ("user", "hi")]
    assert ctx.prompt_ref == "quote@1"
    plain = context({"prompt": "plain@latest"})
    assert await run(service, plain) == [("system", "Be brief."), ("user", "hi")]
    assert plain.prompt_ref == "plain@1" and "task" not in plain.controls


def with_key(ctx: RequestContext, default_task: str) -> RequestContext:
    ctx.key = Principal("k", "key", "t", "team", None, default_task, None, ())
    return ctx


async def test_the_callers_task_wins_over_the_templates_which_wins_over_a_keys_default(service: PromptService) -> None:
    vars_ = '{"company": "A"}'
    declared = context({"prompt": "quote@1", "prompt_vars": vars_, "task": "code"})
    await run(service, declared)
    assert declared.controls["task"] == "code"
    # the auth stage filled the key's default task in: the template's replaces it
    defaulted = with_key(context({"prompt": "quote@1", "prompt_vars": vars_, "task": "chat"}), "chat")
    await run(service, defaulted)
    assert defaulted.controls["task"] == "quote"
    other = with_key(context({"prompt": "quote@1", "prompt_vars": vars_, "task": "code"}), "chat")
    await run(service, other)
    assert other.controls["task"] == "code"


async def test_errors_name_the_variable_and_are_recorded_against_the_version(service: PromptService) -> None:
    ctx = context({"prompt": "quote", "prompt_vars": '{"customer": "Ada", "company": "A"}'})
    with pytest.raises(RequestError) as e:
        await run(service, ctx)
    assert e.value.status == 400 and e.value.code == "missing_prompt_variable" and "'item'" in e.value.message
    assert ctx.prompt_ref == "quote@2"  # the ledger records which version failed
    with pytest.raises(NotFoundError):
        await run(service, context({"prompt": "quote@9"}))


@pytest.mark.parametrize(
    ("raw", "why"),
    [("not json", "must be a JSON object"), ("[1, 2]", "got list"), ('"x"', "got str")],
)
def test_prompt_vars_must_be_a_json_object(raw: str, why: str) -> None:
    with pytest.raises(RequestError, match=why) as e:
        prompt_vars(raw)
    assert e.value.param == "metadata.prompt_vars"
    assert prompt_vars(None) == {} and prompt_vars(" ") == {} and prompt_vars('{"a": [1]}') == {"a": [1]}


async def test_embeddings_cannot_use_a_template(service: PromptService) -> None:
    ctx = RequestContext(
        request_id="r", kind="embeddings", request=EmbeddingRequest(model="e", input="x"), controls={"prompt": "plain"}
    )
    with pytest.raises(RequestError, match="chat completions only"):
        await run(service, ctx)
