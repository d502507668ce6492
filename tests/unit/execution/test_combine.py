"""Ensemble combiners: vote normalisation and ties, judge parsing, and the shapes of the judge and
fusion requests."""

from __future__ import annotations

from typing import Any

import pytest

from orkester.execution.combine import (
    final_answer,
    fusion_request,
    judge_request,
    majority_vote,
    normalise_answer,
    parse_judge,
)
from orkester.types import ChatRequest, ChatResponse, Choice, ToolCallOut, Usage


def resp(content: str | None, *, tool_calls: list[ToolCallOut] | None = None, tokens: int = 0) -> ChatResponse:
    return ChatResponse(
        id="r",
        model="m",
        choices=[Choice(content=content, tool_calls=tool_calls or [])],
        usage=Usage(output_tokens=tokens),
    )


def original(**fields: Any) -> ChatRequest:
    body: dict[str, Any] = {
        "model": "ensemble-route",
        "messages": [
            {"role": "system", "content": "Answer in Norwegian."},
            {"role": "user", "content": "Hva er hovedstaden i Norge?"},
        ],
    }
    return ChatRequest.model_validate(body | fields)


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Paris", "paris"),
        ("  PARIS!! ", "paris"),
        ("**Paris.**", "paris"),
        ("Answer: B", "b"),
        ("**Answer:** (b)", "b"),
        ("Svar: B) Paris", "b"),
        ("Endelig svar: C", "c"),
        ("Alternativ D", "d"),
        ("B", "b"),
        ("a dog", "a dog"),
        ("Let me think step by step.\nThe total is 12 + 30.\nThe answer is 42.", "42"),
        ("Vi regner ut.\nSvaret er 42.", "42"),
        ("Work...\nSo we get \\boxed{3/4}", "3 4"),
        ("The answer is 3.14.", "3.14"),
        ("first line\nsecond line\n17", "17"),
        ("1,000", "1000"),
        ("1 000", "1000"),
        ("3,5", "3.5"),
        ("3.50", "3.5"),
        ("42.0", "42"),
        ("1.234.567", "1234567"),
        ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("42%", "42%"),
        ("New-York", "new york"),
    ],
)
def test_normalise_answer(text: str, key: str) -> None:
    assert normalise_answer(text) == key


def test_final_answer_prefers_the_last_labelled_line() -> None:
    assert final_answer("Answer: A\nWait, that is wrong.\nAnswer: C") == "C"


# --- vote -----------------------------------------------------------------------------


def test_majority_vote_picks_the_most_common_answer_and_returns_that_members_response() -> None:
    answers = [
        ("small", resp("Answer: A")),
        ("medium", resp("The answer is B.")),
        ("large", resp("Reasoning...\nAnswer: B", tokens=99)),
    ]
    out = majority_vote(answers)
    assert out.member == "medium" and out.response is answers[1][1]
    assert out.method == "vote" and out.agreement == pytest.approx(2 / 3)
    assert "2 of 3 answers agree on 'b'" in out.reasons[0]


def test_a_tie_goes_to_the_earliest_listed_member() -> None:
    answers = [
        ("first", resp("Oslo")),
        ("second", resp("Bergen")),
        ("third", resp("bergen.")),
        ("fourth", resp("oslo!")),
    ]
    out = majority_vote(answers)
    assert out.member == "first" and out.agreement == 0.5
    assert any("tie" in r for r in out.reasons)


def test_all_different_answers_go_to_the_first_member() -> None:
    out = majority_vote([("a", resp("1")), ("b", resp("2")), ("c", resp("3"))])
    assert out.member == "a" and out.agreement == pytest.approx(1 / 3)


def test_empty_answers_abstain() -> None:
    out = majority_vote([("a", resp("")), ("b", resp("Oslo")), ("c", resp(None))])
    assert out.member == "b" and out.agreement == 1.0
    nobody = majority_vote([("a", resp("")), ("b", resp(None))])
    assert nobody.member == "a" and nobody.agreement == 0.0


def test_identical_tool_calls_vote_together() -> None:
    call = [ToolCallOut("x1", "weather", '{"city": "Oslo", "unit": "c"}')]
    same = [ToolCallOut("x2", "weather", '{"unit":"c","city":"Oslo"}')]
    other = [ToolCallOut("x3", "weather", '{"city": "Bergen"}')]
    out = majority_vote(
        [("a", resp(None, tool_calls=other)), ("b", resp(None, tool_calls=call)), ("c", resp(None, tool_calls=same))]
    )
    assert out.member == "b" and out.response.choices[0].tool_calls[0].id == "x1"


def test_majority_vote_needs_answers() -> None:
    with pytest.raises(ValueError, match="at least one"):
        majority_vote([])


# --- judge ----------------------------------------------------------------------------


def judged(text: str) -> ChatResponse:
    return resp(text)


@pytest.mark.parametrize(
    ("reply", "index"),
    [
        ("BEST: 2", 1),
        ("best:3", 2),
        ("**BEST:** 1", 0),
        ("Candidate 2", 1),
        ("2", 1),
        ("  **3**.", 2),
        ("Svar 2", 1),
        ("Kandidat 3 er best.", 2),
        ("Beste svar: 2", 1),
        ("Jeg velger svar 1.", 0),
        ("The best answer is candidate 3 because it is complete.", 2),
        ("Candidate 1 is wrong and candidate 3 misses a case.\nBEST: 2", 1),
        ("Candidate 2 gets it right.", 1),
    ],
)
def test_parse_judge_variants(reply: str, index: int) -> None:
    assert parse_judge(judged(reply), 3) == index


@pytest.mark.parametrize(
    "reply",
    ["", "They are all good.", "BEST: 4", "BEST: 0", "Candidate 1 is better than candidate 2.", "Both are fine."],
)
def test_parse_judge_gives_none_when_there_is_no_usable_pick(reply: str) -> None:
    assert parse_judge(judged(reply), 3) is None


def test_judge_request_shape() -> None:
    orig = original(
        tools=[{"type": "function", "function": {"name": "search"}}],
        tool_choice="auto",
        response_format={"type": "json_object"},
        logprobs=True,
        n=2,
        stream=True,
        metadata={"data_class": "confidential"},
        user="u1",
        reasoning_effort="high",
    )
    answers = [("small", resp("Oslo.")), ("large", resp("Hovedstaden er Oslo."))]
    req = judge_request(orig, answers, model="judge")
    assert isinstance(req, ChatRequest)
    assert req.model == "judge"
    assert req.tools is None and req.tool_choice is None and req.response_format is None
    assert req.logprobs is None and req.n is None and not req.stream and req.extra_fields() == {}
    assert req.metadata == {"data_class": "confidential"} and req.user == "u1"
    assert [m.role for m in req.messages] == ["system", "user"]
    assert "BEST:" in req.messages[0].text()
    body = req.messages[1].text()
    assert "Answer in Norwegian." in body and "Hva er hovedstaden i Norge?" in body
    assert body.index("<candidate 1>\nOslo.") < body.index("<candidate 2>\nHovedstaden er Oslo.")
    assert "small" not in body and "large" not in body  # the judge sees numbers, not member names
    assert judge_request(orig, answers).model == "ensemble-route"
    # round-trips through validation as any ingress request would
    ChatRequest.model_validate(req.model_dump(by_alias=True, exclude_none=True))


def test_long_candidates_are_cut() -> None:
    req = judge_request(original(), [("a", resp("x" * 100))], max_chars_per_answer=10)
    assert "x" * 10 + " […cut]" in req.messages[1].text()


# --- fusion ---------------------------------------------------------------------------


def test_fusion_request_keeps_the_system_prompt_and_conversation() -> None:
    orig = original(
        temperature=0.3,
        max_tokens=500,
        stop=["END"],
        tools=[{"type": "function", "function": {"name": "search"}}],
        tool_choice="required",
        stream=True,
        metadata={"data_class": "internal"},
    )
    answers = [("a", resp("Oslo.")), ("b", resp("Det er Oslo."))]
    req = fusion_request(orig, answers, model="aggregator")
    assert req.model == "aggregator"
    assert [m.role for m in req.messages] == ["system", "user"]
    system = req.messages[0].text()
    assert system.startswith("Answer in Norwegian.\n\n")
    assert "do not mention the responses" in system
    assert "<candidate 1>\nOslo." in system and "<candidate 2>\nDet er Oslo." in system
    assert req.messages[1].text() == "Hva er hovedstaden i Norge?"
    assert req.temperature == 0.3 and req.max_tokens == 500 and req.stop == ["END"]
    assert req.tools is None and req.tool_choice is None and req.response_format is None and not req.stream
    assert req.metadata == {"data_class": "internal"}


def test_fusion_without_a_system_prompt_adds_one() -> None:
    orig = ChatRequest.model_validate({"model": "r", "messages": [{"role": "user", "content": "2+2?"}]})
    req = fusion_request(orig, [("a", resp("4")), ("b", resp("4."))])
    assert [m.role for m in req.messages] == ["system", "user"]
    assert "Synthesise" in req.messages[0].text() and req.model == "r"


def test_fusion_keeps_json_response_format_when_asked_for_json() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "city", "schema": {"type": "object"}}}
    req = fusion_request(original(response_format=fmt), [("a", resp('{"city": "Oslo"}'))])
    assert req.response_format is not None and req.response_format.type == "json_schema"
    assert req.response_format.json_schema is not None and req.response_format.json_schema.schema_ == {"type": "object"}
    assert "Reply with the JSON" in req.messages[0].text()


def test_fusion_turns_tool_traffic_into_text() -> None:
    orig = ChatRequest.model_validate(
        {
            "model": "r",
            "messages": [
                {"role": "user", "content": "Weather in Oslo?"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "weather", "arguments": '{"city":"Oslo"}'},
                        }
                    ],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "12 C, rain"},
            ],
            "tools": [{"type": "function", "function": {"name": "weather"}}],
        }
    )
    req = fusion_request(orig, [("a", resp("12 degrees and rain."))])
    assert [m.role for m in req.messages] == ["system", "user", "assistant", "user"]
    assert all(m.tool_calls is None and m.tool_call_id is None for m in req.messages)
    assert req.messages[2].text() == '[called weather({"city":"Oslo"})]'
    assert "12 C, rain" in req.messages[3].text() and "c1" in req.messages[3].text()
    ChatRequest.model_validate(req.model_dump(by_alias=True, exclude_none=True))


def test_candidates_with_tool_calls_are_described() -> None:
    call = [ToolCallOut("x", "search", '{"q": "oslo"}')]
    req = fusion_request(original(), [("a", resp(None, tool_calls=call))])
    assert '[calls search({"q": "oslo"})]' in req.messages[0].text()
