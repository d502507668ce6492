"""Pseudonymisation: consistent typed placeholders out, real values back, also when streamed in pieces."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from orkester.guardrails import request_text
from orkester.guardrails.entities import Entity
from orkester.guardrails.pseudonymise import Pseudonyms
from orkester.guardrails.restore import restore_response, restore_stream
from orkester.types import ChatChunk, ChatRequest, ChatResponse, Choice, ChoiceDelta, ToolCallDelta, ToolCallOut


def ent(text: str, value: str, kind: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return Entity(kind, start, start + len(value), value, "confidential")


def test_same_value_same_placeholder_and_numbering_by_type() -> None:
    names = Pseudonyms()
    text = "Kari Nordmann (fnr 01019012345) ringte. KARI NORDMANN ba om svar til Ola Hansen."
    found = [
        ent(text, "Kari Nordmann", "PERSON"),
        ent(text, "01019012345", "FNR"),
        ent(text, "KARI NORDMANN", "PERSON"),
        ent(text, "Ola Hansen", "PERSON"),
    ]
    out = names.apply(text, found)
    assert out == "<PERSON_1> (fnr <FNR_1>) ringte. <PERSON_1> ba om svar til <PERSON_2>."
    assert names.types() == {"FNR": 1, "PERSON": 2}
    # numbers compare by their digits: a spaced form of the same number shares the placeholder
    assert names.placeholder("FNR", "010190 12345") == "<FNR_1>"
    assert names.restore("Svar til <PERSON_2> om <person_1>, < FNR_1 >, <PERSON_9>.") == (
        "Svar til Ola Hansen om Kari Nordmann, 01019012345, <PERSON_9>."
    )


def test_a_conversation_gets_the_same_placeholders_every_turn() -> None:
    """The client resends the history with the real values; numbering follows first appearance."""
    history = ["Skriv til Kari Nordmann.", "Hei Kari Nordmann!", "Legg til Ola Hansen i kopi."]

    def turn(texts: list[str]) -> list[str]:
        names = Pseudonyms()
        out = []
        for t in texts:
            found = [ent(t, v, "PERSON") for v in ("Kari Nordmann", "Ola Hansen") if v in t]
            out.append(names.apply(t, found))
        return out

    first = turn(history[:2])
    second = turn(history)
    assert second[:2] == first == ["Skriv til <PERSON_1>.", "Hei <PERSON_1>!"]
    assert second[2] == "Legg til <PERSON_2> i kopi."


@pytest.mark.parametrize("cut", range(1, 30))
def test_a_placeholder_split_anywhere_is_restored_whole(cut: int) -> None:
    names = Pseudonyms()
    names.placeholder("PERSON", "Kari Nordmann")
    text = "Hei <PERSON_1>, takk for sist! 3 < 4 og <b> blir stående."
    r = names.stream_restorer()
    out = r.feed(text[:cut]) + r.feed(text[cut:]) + r.flush()
    assert out == "Hei Kari Nordmann, takk for sist! 3 < 4 og <b> blir stående."


def test_the_stream_restorer_releases_text_that_cannot_be_a_placeholder() -> None:
    names = Pseudonyms()
    names.placeholder("PERSON", "Kari")
    r = names.stream_restorer()
    assert r.feed("a <PERS") == "a "  # might still become a placeholder: held
    assert r.feed("ON_1") == ""
    assert r.feed("> b") == "Kari b"
    assert r.feed("x < y and more") == "x < y and more"  # "< y and" cannot grow into one


def _request() -> ChatRequest:
    return ChatRequest.model_validate(
        {
            "model": "m",
            "messages": [
                {"role": "system", "content": "Du er HR-assistent."},
                {"role": "user", "content": [{"type": "text", "text": "Send kontrakt til kari@firma.no"}]},
                {
                    "role": "assistant",
                    "tool_calls": [{"id": "c1", "function": {"name": "send", "arguments": '{"to": "kari@firma.no"}'}}],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "Sendt til kari@firma.no"},
            ],
        }
    )


def test_every_text_of_a_request_is_rewritten_and_the_original_left_alone() -> None:
    req = _request()
    texts = request_text.texts(req)
    assert texts == [
        "Du er HR-assistent.",
        "Send kontrakt til kari@firma.no",
        '{"to": "kari@firma.no"}',
        "Sendt til kari@firma.no",
    ]
    names = Pseudonyms()
    out = request_text.rewrite(req, lambda t: names.apply(t, [ent(t, "kari@firma.no", "EMAIL")] if "@" in t else []))
    assert request_text.texts(out) == [
        "Du er HR-assistent.",
        "Send kontrakt til <EMAIL_1>",
        '{"to": "<EMAIL_1>"}',
        "Sendt til <EMAIL_1>",
    ]
    assert request_text.texts(req)[1] == "Send kontrakt til kari@firma.no"


def test_answers_and_tool_calls_come_back_with_real_values() -> None:
    names = Pseudonyms()
    names.placeholder("EMAIL", "kari@firma.no")
    resp = ChatResponse(
        id="r",
        model="m",
        choices=[
            Choice(
                content="Sendt til <EMAIL_1>.",
                tool_calls=[ToolCallOut(id="t", name="send", arguments='{"to": "<EMAIL_1>"}')],
            )
        ],
    )
    out = restore_response(resp, names)
    assert out.choices[0].content == "Sendt til kari@firma.no."
    assert out.choices[0].tool_calls[0].arguments == '{"to": "kari@firma.no"}'
    assert resp.choices[0].content == "Sendt til <EMAIL_1>."


async def _chunks(*deltas: ChoiceDelta) -> AsyncIterator[ChatChunk]:
    for d in deltas:
        yield ChatChunk(choices=[d], id="s", model="m")


def _collect(stream: AsyncIterator[ChatChunk]) -> list[ChatChunk]:
    async def run() -> list[ChatChunk]:
        return [c async for c in stream]

    return asyncio.run(run())


def test_a_stream_with_split_placeholders_in_content_and_tool_arguments() -> None:
    names = Pseudonyms()
    names.placeholder("PERSON", "Kari Nordmann")
    names.placeholder("EMAIL", "kari@firma.no")
    chunks = _collect(
        restore_stream(
            _chunks(
                ChoiceDelta(role="assistant", content="Hei <PER"),
                ChoiceDelta(content="SON_"),
                ChoiceDelta(content="1>! Jeg sender til <EMA"),
                ChoiceDelta(tool_calls=[ToolCallDelta(index=0, id="t", name="send", arguments='{"to": "<EM')]),
                ChoiceDelta(tool_calls=[ToolCallDelta(index=0, arguments='AIL_1>"}')]),
                ChoiceDelta(content="IL_1>", finish_reason="tool_calls"),
            ),
            names,
        )
    )
    content = "".join(d.content or "" for c in chunks for d in c.choices)
    args = "".join(t.arguments or "" for c in chunks for d in c.choices for t in d.tool_calls or ())
    assert content == "Hei Kari Nordmann! Jeg sender til kari@firma.no"
    assert args == '{"to": "kari@firma.no"}'
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_a_stream_ending_without_finish_reason_releases_what_it_held() -> None:
    names = Pseudonyms()
    names.placeholder("PERSON", "Kari")
    chunks = _collect(restore_stream(_chunks(ChoiceDelta(content="Til <PERSON_1"), ChoiceDelta(content=" <")), names))
    assert "".join(d.content or "" for c in chunks for d in c.choices) == "Til <PERSON_1 <"
