"""Acceptance checks: each check's accept and reject paths, the combinator, and building from config."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import pytest

from orkester.errors import ConfigError, UpstreamTimeoutError
from orkester.execution.acceptance import (
    AllOf,
    LearnedCheck,
    LogprobCheck,
    StructuralCheck,
    Verdict,
    VerifierCheck,
    check_from_spec,
    logprob_confidence,
    looks_like_non_answer,
    parse_score,
    spec_needs_logprobs,
    validate_check_spec,
    verifier_request,
)
from orkester.types import ChatRequest, ChatResponse, Choice, FinishReason, ToolCallOut


def request(text: str = "What is the capital of Norway?", **fields: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "cheap", "messages": [{"role": "user", "content": text}], **fields})


def answer(
    content: str | None = "Oslo.",
    *,
    finish: FinishReason | None = "stop",
    logprobs: dict[str, Any] | None = None,
    tool_calls: list[ToolCallOut] | None = None,
    refusal: str | None = None,
    model: str = "m-small",
) -> ChatResponse:
    choice = Choice(content=content, finish_reason=finish, logprobs=logprobs, tool_calls=tool_calls or [])
    choice.refusal = refusal
    return ChatResponse(id="r1", model=model, choices=[choice])


def with_logprobs(*values: float) -> dict[str, Any]:
    return {
        "content": [{"token": f"t{i}", "logprob": v, "bytes": None, "top_logprobs": []} for i, v in enumerate(values)]
    }


# --- structural -----------------------------------------------------------------------


async def test_structural_accepts_a_plain_answer() -> None:
    v = await StructuralCheck()(request(), answer("The capital of Norway is Oslo."))
    assert v == Verdict(True, 1.0, "well-formed answer")


@pytest.mark.parametrize(
    ("resp", "reason"),
    [
        (answer("Oslo is the capit", finish="length"), "cut off"),
        (answer("", finish="content_filter"), "content_filter"),
        (answer("   \n"), "empty answer"),
        (answer(None), "empty answer"),
        (answer(None, refusal="I can't help with that."), "model refused"),
        (ChatResponse(id="r", model="m", choices=[]), "no answer"),
    ],
)
async def test_structural_rejects_unusable_answers(resp: ChatResponse, reason: str) -> None:
    v = await StructuralCheck()(request(), resp)
    assert not v.accepted and v.score == 0.0
    assert reason in v.reason


async def test_tool_calls_are_an_answer_when_their_arguments_are_json() -> None:
    good = answer(None, finish="tool_calls", tool_calls=[ToolCallOut("c1", "weather", '{"city": "Oslo"}')])
    bad = answer(None, finish="tool_calls", tool_calls=[ToolCallOut("c1", "weather", '{"city": "Osl')])
    assert (await StructuralCheck()(request(), good)).accepted
    v = await StructuralCheck()(request(), bad)
    assert not v.accepted and "'weather'" in v.reason


REFUSALS = [
    "I don't know.",
    "**I don't know**",
    "Sorry, I don't know the answer.",
    "I'm sorry, but I can't help with that.",
    "I\u2019m afraid I can\u2019t do that.",
    "As an AI language model, I don't have personal opinions.",
    "Unfortunately, I don't have access to real-time data.",
    "I cannot provide medical advice.",
    "I'm not sure.",
    "Hmm, I'm not sure.",
    "I won't be able to help with that request.",
    "I have no idea.",
    "I can't say for sure.",
    "Answer: I don't know",
    "Hmm, well, honestly I dont know.",
    "im not sure",
    "As an AI language model developed by OpenAI, I cannot browse the internet.",
    "idk",
    # Norwegian bokmål
    "Jeg vet ikke.",
    "Det vet jeg ikke.",
    "Beklager, det vet jeg dessverre ikke.",
    "Beklager, jeg kan ikke hjelpe med det.",
    "Beklager, men jeg kan ikke svare på det.",
    "Jeg kan dessverre ikke hjelpe deg med dette.",
    "Dessverre kan jeg ikke hjelpe med det.",
    "Dessverre har jeg ikke tilgang til sanntidsdata.",
    "Som en AI-modell har jeg ikke personlige meninger.",
    "Jeg er ikke sikker.",
    "Det kan jeg ikke svare på.",
    "Jeg er ikke i stand til å svare på det.",
    "Jeg beklager, men det kan jeg ikke hjelpe med.",
    "Svar: Jeg vet ikke.",
    "Vet ikke",
    "Ingen anelse.",
    "Som en stor språkmodell kan jeg dessverre ikke svare på det.",
]

# Answers that contain the words but are answers. Decision: a hedge that goes on to answer passes
# ("I don't know if this helps, but here is the full answer: …"); the structural check only rejects
# answers that *are* a refusal or "I don't know", and leaves doubtful ones to the semantic checks.
ANSWERS = [
    "I don't know if this helps, but here is the full answer: the capital of Norway is Oslo.",
    "I don't know what the original author intended, but the code sorts the list in place.",
    "I'm not sure, but I think it's 42 because of the rule above.",
    "I don't have access to your files, but based on the traceback the error is on line 3.",
    "I cannot help but notice the pattern: every term doubles, so the next is 64.",
    "I cannot stress enough: use parameterised queries.",
    "I can't say I agree with the premise. The answer is 5.",
    "The function returns None if I cannot find the key.",
    "Here is why people say 'I don't know': it is honest.",
    "Sorry for the delay! The answer is 42.",
    "Unknown.",
    "No, the answer is 3.",
    "Oslo er hovedstaden i Norge.",
    "Jeg vet ikke om dette hjelper, men her er svaret: 42.",
    "Jeg er ikke sikker, men svaret er trolig 42.",
    "Jeg vil ikke si at det er feil.",
    "Beklager ventetiden! Svaret er 42.",
    "Nei, det stemmer ikke. Svaret er 3.",
    "I cannot give a definitive answer. " + "It depends on several factors that vary by region. " * 12,
]


@pytest.mark.parametrize("text", REFUSALS)
async def test_refusals_and_non_answers_are_rejected(text: str) -> None:
    v = await StructuralCheck()(request(), answer(text))
    assert not v.accepted
    assert "refusal or non-answer" in v.reason


@pytest.mark.parametrize("text", ANSWERS)
def test_answers_that_merely_contain_the_words_pass(text: str) -> None:
    assert not looks_like_non_answer(text)


@pytest.mark.parametrize("text", ["hmm, " * 300, "as an ai " * 200, "no no no " * 200, "dessverre " * 200])
def test_refusal_detection_stays_fast_on_pathological_openings(text: str) -> None:
    started = time.perf_counter()
    assert not looks_like_non_answer(text)
    assert time.perf_counter() - started < 0.1


JSON_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "city",
        "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
            "required": ["city", "population"],
            "additionalProperties": False,
        },
    },
}


async def test_json_object_mode() -> None:
    req = request(response_format={"type": "json_object"})
    check = StructuralCheck()
    assert (await check(req, answer('{"city": "Oslo"}'))).accepted
    # Judged as JSON only: a JSON "I don't know" is well-formed.
    assert (await check(req, answer('{"answer": "I don\'t know"}'))).accepted
    v = await check(req, answer('```json\n{"city": "Oslo"}\n```'))
    assert not v.accepted and "not valid JSON" in v.reason
    v = await check(req, answer("[1, 2]"))
    assert not v.accepted and "not an object" in v.reason


async def test_json_schema_is_enforced() -> None:
    req = request(response_format=JSON_SCHEMA)
    check = StructuralCheck()
    assert (await check(req, answer('{"city": "Oslo", "population": 717710}'))).accepted
    v = await check(req, answer('{"city": "Oslo", "population": "many"}'))
    assert not v.accepted and "schema at population" in v.reason and "integer" in v.reason
    v = await check(req, answer('{"city": "Oslo"}'))
    assert not v.accepted and "(root)" in v.reason and "population" in v.reason
    v = await check(req, answer('{"city": "Oslo", "population": 1, "mayor": "x"}'))
    assert not v.accepted


async def test_a_broken_schema_is_not_held_against_the_answer() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "no-such-type"}}}
    assert (await StructuralCheck()(request(response_format=fmt), answer('{"a": 1}'))).accepted


CODE_OK = 'Here you go:\n```python\ndef f(x):\n    return x * 2\n```\nand the data:\n```json\n{"a": 1}\n```'
CODE_BAD_PY = "```python\ndef f(x)\n    return x\n```"
CODE_BAD_JSON = "```python\nx = 1\n```\n```json\n{a: 1}\n```"


async def test_code_blocks_must_parse_when_the_task_is_code() -> None:
    code = StructuralCheck(code=True)
    assert (await code(request(), answer(CODE_OK))).accepted
    v = await code(request(), answer(CODE_BAD_PY))
    assert not v.accepted and "code block 1 (python) does not parse (line 1)" in v.reason
    v = await code(request(), answer(CODE_BAD_JSON))
    assert not v.accepted and "code block 2 (json)" in v.reason


async def test_code_is_only_checked_for_code_tasks() -> None:
    assert (await StructuralCheck()(request(), answer(CODE_BAD_PY))).accepted
    assert not (await StructuralCheck()(request(metadata={"task": "code"}), answer(CODE_BAD_PY))).accepted
    assert (await StructuralCheck(code=False)(request(metadata={"task": "code"}), answer(CODE_BAD_PY))).accepted


async def test_code_check_skips_other_languages_and_sessions_and_does_not_warn() -> None:
    text = (
        "```js\nfunction (\n```\n```\nno language\n```\n```python\n>>> 1 +\n```\n"
        '```python\nimport re\npattern = re.compile("\\d+")\n```'  # SyntaxWarning material; warnings fail tests
    )
    assert (await StructuralCheck(code=True)(request(), answer(text))).accepted


async def test_an_unclosed_fence_is_parsed_to_the_end() -> None:
    v = await StructuralCheck(code=True)(request(), answer("```python\ndef f(:\n"))
    assert not v.accepted


# --- logprobs -------------------------------------------------------------------------


def test_confidence_is_the_exp_of_the_mean_logprob() -> None:
    resp = answer(logprobs=with_logprobs(math.log(0.5), math.log(0.5), math.log(1.0)))
    # exp(mean(log .5, log .5, 0)) = (0.5 * 0.5 * 1) ** (1/3)
    assert logprob_confidence(resp) == pytest.approx(0.25 ** (1 / 3))
    assert logprob_confidence(answer(logprobs=with_logprobs(-0.1, -0.3))) == pytest.approx(math.exp(-0.2))


def test_confidence_is_none_without_token_logprobs() -> None:
    assert logprob_confidence(answer()) is None
    assert logprob_confidence(answer(logprobs={"content": []})) is None
    assert logprob_confidence(answer(logprobs={"content": None})) is None
    assert logprob_confidence(answer(logprobs={"content": [{"token": "x"}]})) is None


async def test_logprob_check_threshold() -> None:
    check = LogprobCheck(0.8)
    high = await check(request(), answer(logprobs=with_logprobs(-0.01, -0.05, -0.1)))
    assert high.accepted and high.score == pytest.approx(math.exp(-0.16 / 3))
    low = await check(request(), answer(logprobs=with_logprobs(-0.01, -2.5)))
    assert not low.accepted and low.score == pytest.approx(math.exp(-1.255))
    assert "< 0.8" in low.reason


async def test_missing_logprobs_follow_the_policy() -> None:
    rejected = await LogprobCheck(0.8)(request(), answer())
    assert not rejected.accepted and "no logprobs" in rejected.reason
    accepted = await LogprobCheck(0.8, missing="accept")(request(), answer())
    assert accepted.accepted and "no logprobs" in accepted.reason


# --- verifier -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "score"),
    [
        ("SCORE: 7", 0.7),
        ("score:10", 1.0),
        ("**Score:** 8/10", 0.8),
        ("The answer is mostly right but misses a case.\nSCORE: 6", 0.6),
        ("Initial score: 3. On reflection the answer is fine.\nSCORE: 9", 0.9),
        ("Poengsum: 7,5", 0.75),
        ("Karakter: 4 av 10", 0.4),
        ("Jeg gir svaret 8/10.", 0.8),
        ("9", 0.9),
        ("  **5**  ", 0.5),
        ("SCORE: 0", 0.1),
    ],
)
def test_parse_score_variants(reply: str, score: float) -> None:
    assert parse_score(reply) == pytest.approx(score)


@pytest.mark.parametrize("reply", ["", "Looks good to me.", "SCORE: 85", "I would rate it highly."])
def test_parse_score_gives_none_when_there_is_no_grade(reply: str) -> None:
    assert parse_score(reply) is None


def test_verifier_request_shape() -> None:
    original = request(
        "Hva er hovedstaden i Norge?",
        tools=[{"type": "function", "function": {"name": "search"}}],
        tool_choice="auto",
        metadata={"data_class": "internal"},
        user="u1",
        stream=True,
    )
    req = verifier_request(original, answer("Oslo."), "Be strict about facts.", model="judge-model")
    assert isinstance(req, ChatRequest)
    assert req.model == "judge-model"
    assert req.tools is None and req.tool_choice is None and req.response_format is None and not req.stream
    assert [m.role for m in req.messages] == ["system", "user"]
    assert "Be strict about facts." in req.messages[0].text() and "SCORE:" in req.messages[0].text()
    assert "Hva er hovedstaden i Norge?" in req.messages[1].text() and "Oslo." in req.messages[1].text()
    assert req.metadata == {"data_class": "internal"} and req.user == "u1"
    assert req.temperature == 0
    assert verifier_request(original, answer()).model == "cheap"


class FakeVerifier:
    def __init__(self, reply: str | Exception) -> None:
        self.reply = reply
        self.asked: list[ChatRequest] = []

    async def __call__(self, req: ChatRequest) -> ChatResponse:
        self.asked.append(req)
        if isinstance(self.reply, Exception):
            raise self.reply
        return answer(self.reply, model="verifier")


async def test_verifier_accepts_at_the_threshold_and_rejects_below() -> None:
    ok = await VerifierCheck(FakeVerifier("SCORE: 7"), threshold=0.7)(request(), answer())
    assert ok.accepted and ok.score == pytest.approx(0.7) and "7/10" in ok.reason
    low = await VerifierCheck(FakeVerifier("Poengsum: 5"), threshold=0.7)(request(), answer())
    assert not low.accepted and low.score == pytest.approx(0.5)


async def test_verifier_rejects_an_unparseable_reply_or_a_failed_call() -> None:
    v = await VerifierCheck(FakeVerifier("Looks fine."))(request(), answer())
    assert not v.accepted and "no grade" in v.reason
    v = await VerifierCheck(FakeVerifier(UpstreamTimeoutError("slow", provider="p")))(request(), answer())
    assert not v.accepted and "upstream_timeout" in v.reason


async def test_verifier_uses_its_rubric() -> None:
    ask = FakeVerifier("SCORE: 9")
    await VerifierCheck(ask, "Only the final number matters.", 0.5)(request(), answer())
    assert "Only the final number matters." in ask.asked[0].messages[0].text()


# --- learned --------------------------------------------------------------------------


class AsyncScorer:
    def __init__(self, value: float) -> None:
        self.value = value
        self.seen: list[tuple[ChatRequest, ChatResponse]] = []

    async def score(self, req: ChatRequest, resp: ChatResponse) -> float:
        self.seen.append((req, resp))
        return self.value


class SyncScorer:
    def __init__(self, value: float) -> None:
        self.value = value
        self.seen: list[tuple[str, str, str]] = []

    def score(self, prompt: str, answer: str, model: str) -> float:
        self.seen.append((prompt, answer, model))
        return self.value


async def test_learned_check_wraps_an_async_scorer() -> None:
    scorer = AsyncScorer(0.9)
    v = await LearnedCheck(scorer, 0.6)(request(), answer())
    assert v.accepted and v.score == pytest.approx(0.9) and len(scorer.seen) == 1


async def test_learned_check_wraps_a_sync_scorer_with_prompt_answer_model() -> None:
    scorer = SyncScorer(0.4)
    req = ChatRequest.model_validate(
        {
            "model": "m",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Capital of Norway?"},
            ],
        }
    )
    v = await LearnedCheck(scorer, 0.6)(req, answer("Oslo.", model="m-small"))
    assert not v.accepted and v.score == pytest.approx(0.4)
    assert scorer.seen == [("Capital of Norway?", "Oslo.", "m-small")]


class PeerScorer:
    """Like the shipped scorer: agreement with earlier answers raises the score."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str] | None]] = []

    def score(self, prompt: str, answer: str, model: str, peers: Mapping[str, str] | None = None) -> float:
        self.seen.append((model, dict(peers) if peers is not None else None))
        return 0.9 if peers and answer in peers.values() else 0.3


async def test_learned_check_passes_earlier_answers_and_the_scorers_model_name() -> None:
    scorer = PeerScorer()
    alone = await check_from_spec({"type": "learned", "threshold": 0.6}, scorer=scorer)(request(), answer("B"))
    assert not alone.accepted and scorer.seen[-1] == ("m-small", None)
    spec = {"type": "learned", "threshold": 0.6, "as_model": "mistralai/mixtral-8x7b-chat"}
    agreed = await check_from_spec(spec, scorer=scorer, peers={"small": "B"})(request(), answer("B"))
    assert agreed.accepted and scorer.seen[-1] == ("mistralai/mixtral-8x7b-chat", {"small": "B"})
    nested = {"type": "all_of", "checks": [{"type": "learned", "threshold": 0.6}]}
    assert (
        await check_from_spec(nested, scorer=scorer, peers={"small": "A"})(request(), answer("B"))
    ).accepted is False
    assert scorer.seen[-1] == ("m-small", {"small": "A"})
    with pytest.raises(ConfigError, match="as_model"):
        check_from_spec({"type": "learned", "threshold": 0.6, "as_model": 3}, scorer=scorer)


async def test_learned_scores_are_clamped_and_nan_rejects() -> None:
    assert (await LearnedCheck(SyncScorer(1.7), 0.6)(request(), answer())).score == 1.0
    v = await LearnedCheck(SyncScorer(float("nan")), 0.0)(request(), answer())
    assert not v.accepted


# --- combinator -----------------------------------------------------------------------


class Fixed:
    def __init__(self, name: str, verdict: Verdict) -> None:
        self.name = name
        self.verdict = verdict
        self.calls = 0

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        self.calls += 1
        return self.verdict


async def test_all_of_accepts_with_the_lowest_score() -> None:
    check = AllOf([Fixed("a", Verdict(True, 0.9, "fine")), Fixed("b", Verdict(True, 0.6, "ok"))])
    v = await check(request(), answer())
    assert v == Verdict(True, 0.6, "a: fine; b: ok")
    assert check.name == "all_of(a,b)"


async def test_all_of_stops_at_the_first_rejection() -> None:
    later = Fixed("c", Verdict(False, 0.0, "never asked"))
    check = AllOf([Fixed("a", Verdict(True, 0.8, "fine")), Fixed("b", Verdict(False, 0.3, "too low")), later])
    v = await check(request(), answer())
    assert v == Verdict(False, 0.3, "b: too low")
    assert later.calls == 0


# --- from config ----------------------------------------------------------------------


async def test_checks_from_spec() -> None:
    assert isinstance(check_from_spec({"type": "structural"}), StructuralCheck)
    assert check_from_spec({"type": "structural", "code": True}).name == "structural"
    lp = check_from_spec({"type": "logprob", "threshold": 0.8, "missing": "accept"})
    assert isinstance(lp, LogprobCheck) and lp.threshold == 0.8 and lp.missing == "accept"
    ver = check_from_spec({"type": "verifier", "threshold": 0.6, "rubric": "Facts."}, ask=FakeVerifier("SCORE: 6"))
    assert isinstance(ver, VerifierCheck) and ver.rubric == "Facts."
    assert (await ver(request(), answer())).accepted
    learned = check_from_spec({"type": "learned", "threshold": 0.5}, scorer=SyncScorer(0.7))
    assert (await learned(request(), answer())).accepted
    both = check_from_spec({"type": "all_of", "checks": [{"type": "structural"}, {"type": "logprob", "threshold": 1}]})
    assert both.name == "all_of(structural,logprob)"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "needs a type"),
        ({"type": "vibes"}, "Unknown acceptance check type 'vibes'. Known types: all_of, learned, logprob"),
        ({"type": "logprob"}, "needs a threshold"),
        ({"type": "logprob", "threshold": 80}, "between 0 and 1, not 80"),
        ({"type": "logprob", "threshold": "high"}, "between 0 and 1"),
        ({"type": "logprob", "threshold": True}, "between 0 and 1"),
        ({"type": "logprob", "threshold": 0.8, "missing": "maybe"}, "'accept' or 'reject'"),
        ({"type": "logprob", "treshold": 0.8}, "unknown option(s) treshold"),
        ({"type": "structural", "code": "yes"}, "true or false"),
        ({"type": "verifier", "threshold": 0.7}, "needs a verifier model"),
        ({"type": "verifier", "rubric": "  "}, "rubric must be non-empty"),
        ({"type": "learned", "threshold": 0.6}, "needs the learned answer scorer"),
        ({"type": "all_of", "checks": []}, "non-empty list"),
        ({"type": "all_of", "checks": [{"type": "nope"}]}, "Unknown acceptance check type 'nope'"),
    ],
)
def test_bad_specs_name_the_problem(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        check_from_spec(spec)
    assert message in info.value.message


def test_spec_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError, match="must be a mapping"):
        check_from_spec(["structural"])  # type: ignore[arg-type]


def test_validate_check_spec_needs_no_verifier_or_scorer() -> None:
    validate_check_spec({"type": "verifier", "threshold": 0.7})
    validate_check_spec({"type": "learned", "threshold": 0.6})
    with pytest.raises(ConfigError):
        validate_check_spec({"type": "learned"})


async def test_more_check_types_can_be_registered() -> None:
    from orkester.execution.acceptance import BUILTIN_CHECKS, CheckDeps

    def always(spec: dict[str, Any], deps: CheckDeps) -> Fixed:
        return Fixed("always", Verdict(True, 1.0, "always"))

    builders = {**BUILTIN_CHECKS, "always": always}
    check = check_from_spec({"type": "all_of", "checks": [{"type": "always"}]}, builders=builders)
    assert (await check(request(), answer())).reason == "always: always"


def test_spec_needs_logprobs() -> None:
    assert spec_needs_logprobs({"type": "logprob", "threshold": 0.8})
    assert spec_needs_logprobs({"type": "all_of", "checks": [{"type": "structural"}, {"type": "logprob"}]})
    assert not spec_needs_logprobs({"type": "all_of", "checks": [{"type": "structural"}]})
    assert not spec_needs_logprobs({"type": "verifier"})
