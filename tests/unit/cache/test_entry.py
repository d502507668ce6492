"""Answers as stored, replayed as a stream, and collected from one."""

from __future__ import annotations

import pytest

from orkester.cache.entry import CachedAnswer, StreamCollector, decode, encode, finished, replay
from orkester.types import ChatChunk, ChatResponse, Choice, ChoiceDelta, ToolCallDelta, ToolCallOut, Usage

ANSWER = ChatResponse(
    id="r1",
    model="gpt-x",
    choices=[
        Choice(index=0, content="Hei!", finish_reason="stop", logprobs={"content": [{"token": "Hei"}]}),
        Choice(index=1, content=None, tool_calls=[ToolCallOut("c1", "lookup", '{"q": 1}')], finish_reason="tool_calls"),
    ],
    usage=Usage(input_tokens=12, output_tokens=3, cached_input_tokens=2),
    created=1_700_000_000,
    simulated=True,
)


def test_an_answer_survives_encoding() -> None:
    kept = CachedAnswer("team-t/public", ANSWER, 10.0, 70.0, "sim", "s")
    assert decode(encode(kept)) == kept
    with pytest.raises(ValueError):
        decode(b'{"not": "an answer"}')
    with pytest.raises(ValueError):
        decode(b"\xff")


def test_only_finished_answers_are_kept() -> None:
    assert finished(ANSWER)
    assert not finished(ChatResponse("r", "m", [Choice(content="cut", finish_reason="content_filter")]))
    assert not finished(ChatResponse("r", "m", [Choice(content="cut", finish_reason=None)]))
    assert not finished(ChatResponse("r", "m", []))


async def test_a_replayed_answer_collects_back_into_the_same_answer() -> None:
    chunks = [c async for c in replay(ANSWER)]
    assert chunks[0].choices[0].role == "assistant" and chunks[-1].usage == ANSWER.usage
    collector = StreamCollector()
    for c in chunks:
        collector.feed(c)
    assert collector.response("other", ANSWER.created, simulated=True) == ANSWER


def test_a_stream_in_pieces_is_collected_whole() -> None:
    collector = StreamCollector()
    collector.feed(ChatChunk([ChoiceDelta(role="assistant", content="Hel")], id="x", model="m"))
    collector.feed(ChatChunk([ChoiceDelta(content="lo")]))
    collector.feed(ChatChunk([ChoiceDelta(tool_calls=[ToolCallDelta(0, "c1", "f", '{"a"')])]))
    collector.feed(ChatChunk([ChoiceDelta(tool_calls=[ToolCallDelta(0, None, None, ": 1}")], finish_reason="stop")]))
    collector.feed(ChatChunk(usage=Usage(input_tokens=5, output_tokens=2)))
    resp = collector.response("fallback-model", 5, simulated=False)
    assert resp.choices[0].content == "Hello" and resp.choices[0].finish_reason == "stop"
    assert resp.choices[0].tool_calls == [ToolCallOut("c1", "f", '{"a": 1}')]
    assert resp.model == "m" and resp.usage.output_tokens == 2
