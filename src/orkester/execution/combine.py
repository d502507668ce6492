"""Ensemble combiners: one answer from several members' answers.

Pure functions over ``(member, ChatResponse)`` pairs listed in preference order: a majority vote
for short answers (self-consistency), the request a judge model answers and the parser for its
pick, and the request a fusion aggregator answers (Mixture-of-Agents). Calling the judge or the
aggregator is the executor's job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from ..types import ChatRequest, ChatResponse, Message
from .acceptance import answer_text, render_answer, render_conversation

Answers = Sequence[tuple[str, ChatResponse]]


@dataclass(frozen=True, slots=True)
class Combined:
    response: ChatResponse
    #: the member whose response is returned (for a fusion, the aggregator)
    member: str
    method: Literal["vote", "judge", "fusion"]
    #: share of the voting answers that agree with the chosen one, 0..1
    agreement: float
    reasons: tuple[str, ...] = ()


# --- vote -----------------------------------------------------------------------------

_BOXED = re.compile(r"\\boxed\{([^{}]*)\}")
_LABELLED = re.compile(
    r"^[\s*_#>-]*(?:final answer|correct answer|answer|endelig svar|riktig svar|svar)[\s*_]*[:=][\s*_]*(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_INLINE = re.compile(
    r"(?:the (?:final |correct )?answer is|svaret er|riktig svar er)\s*:?\s*(.+?)\s*(?:\.(?:\s|$)|\n|$)",
    re.IGNORECASE,
)
_OPTION = re.compile(r"^(?:(?:option|choice|alternativ|alternative)\s+)?\(?([a-h])\)?(?:$|[.):](?:\s|$))")
_NUMBER = re.compile(r"^[-+\u2212]?[$€£]?\d[\d\s,.'\u202f]*%?$")


def final_answer(text: str) -> str:
    """The part of an answer that states its result: ``\\boxed{…}``, an "Answer: …"/"Svar: …" line,
    "the answer is …"/"svaret er …", a one-line answer itself, or else its last non-empty line."""
    for pattern in (_BOXED, _LABELLED, _INLINE):
        found = pattern.findall(text)
        if found:
            return str(found[-1])
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _number(text: str) -> str | None:
    """A canonical number ("1 000,50" and "1,000.5" → "1000.5"), or None when ``text`` is not one.
    A lone comma is a decimal comma unless it groups thousands ("1,000" is a thousand)."""
    percent = "%" if text.endswith("%") else ""
    s = text.rstrip("%").replace("\u2212", "-").lstrip("$€£")
    s = re.sub(r"[\s'\u202f]", "", s).replace("$", "").replace("€", "").replace("£", "")
    if "," in s and "." in s:
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", "") if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+", s) else s.replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3}){2,}", s):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    out = format(value.normalize(), "f")
    return ("0" if out in ("-0", "+0") else out) + percent


def normalise_answer(text: str) -> str:
    """The vote key of an answer: its final answer, casefolded, without markdown or punctuation;
    an option letter ("B) Paris", "(b)", "Alternativ B") becomes the letter, a number its canonical form."""
    core = final_answer(text)
    core = re.sub(r"[*_`$]", "", core).strip().casefold()
    option = _OPTION.match(core)
    if option:
        return option.group(1)
    core = core.rstrip(".!?;:").strip()
    if _NUMBER.match(core):
        number = _number(core)
        if number is not None:
            return number
    kept = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in core)
    return " ".join(kept.split())


def _vote_key(resp: ChatResponse) -> str:
    text = answer_text(resp).strip()
    if text:
        return normalise_answer(text)
    if resp.choices and resp.choices[0].tool_calls:
        calls = []
        for t in resp.choices[0].tool_calls:
            try:
                args = json.dumps(json.loads(t.arguments or "{}"), sort_keys=True)
            except ValueError:
                args = t.arguments
            calls.append(f"{t.name}({args})")
        return "tool:" + ";".join(calls)
    return ""


def majority_vote(answers: Answers) -> Combined:
    """The most common answer after normalisation; a tie goes to the answer of the earliest-listed
    member. The chosen member's own response is returned whole (tool calls and usage stay its own).
    Empty answers abstain; agreement is the winner's share of the answers that voted."""
    if not answers:
        raise ValueError("majority_vote needs at least one answer")
    keys = [_vote_key(resp) for _, resp in answers]
    counts: dict[str, int] = {}
    for key in keys:
        if key:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        member, resp = answers[0]
        return Combined(resp, member, "vote", 0.0, ("no member gave a usable answer; the first listed is returned",))
    best = max(counts.values())
    tied = [k for k, c in counts.items() if c == best]  # in order of first appearance
    winner = tied[0]
    index = keys.index(winner)
    voters = sum(counts.values())
    shown = winner if len(winner) <= 60 else winner[:59] + "…"
    reasons = [f"{best} of {voters} answers agree on {shown!r}"]
    if len(tied) > 1:
        reasons.append(f"tie between {len(tied)} answers; the earliest-listed member's wins")
    member, resp = answers[index]
    return Combined(resp, member, "vote", best / voters, tuple(reasons))


# --- judge ----------------------------------------------------------------------------

_JUDGE_SYSTEM = (
    "You are an impartial judge. Several assistants answered the last message of a conversation. "
    "Pick the one answer that serves the user best: correct first, then complete, clear and faithful to the "
    "user's instructions (language, format, length). The order of the answers and their length say nothing "
    "about their quality.\n\n"
    "Reply with exactly one line in this format, and nothing else:\nBEST: <number of the best answer>"
)


def _candidates(answers: Answers, max_chars: int) -> str:
    parts = []
    for i, (_, resp) in enumerate(answers, start=1):
        text = render_answer(resp).strip()
        if len(text) > max_chars:
            text = text[:max_chars] + " […cut]"
        parts.append(f"<candidate {i}>\n{text}\n</candidate {i}>")
    return "\n\n".join(parts)


def _side_request(original: ChatRequest, model: str | None, messages: list[Message], **fields: object) -> ChatRequest:
    """A request of the gateway's own, on the caller's behalf: no tools, not streamed, and with the
    caller's ``metadata`` and ``user`` (data-class and residency rules must see the same controls)."""
    return ChatRequest.model_validate(
        {"model": model or original.model, "messages": messages, "metadata": original.metadata, "user": original.user}
        | fields
    )


def judge_request(
    original: ChatRequest, answers: Answers, *, model: str | None = None, max_chars_per_answer: int = 12_000
) -> ChatRequest:
    """The request a judge answers with ``BEST: <n>``. Members are shown by number only, in listed order."""
    n = len(answers)
    user = (
        f"<conversation>\n{render_conversation(original.messages)}\n</conversation>\n\n"
        f"The {n} candidate answers to the last message:\n\n{_candidates(answers, max_chars_per_answer)}\n\n"
        f"Which answer is best? Reply `BEST: <1-{n}>` only."
    )
    messages = [Message(role="system", content=_JUDGE_SYSTEM), Message(role="user", content=user)]
    return _side_request(original, model, messages, temperature=0, max_tokens=200)


_PICK = re.compile(
    r"(?:best|beste|winner|vinner|verdict|pick|choice|valg|velger|choose|chose)\w*[\s*_:=#.-]{0,6}"
    r"(?:(?:is|er|was|var)\s+)?(?:(?:the\s+)?(?:candidate|kandidat|answer|svar|response|alternativ|option|nummer|"
    r"number|nr|no)\b[\s*_:=#.-]{0,6})?(\d+)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"\b(?:candidate|kandidat|answer|svar|response|alternativ|option)\s*#?\s*(\d+)", re.IGNORECASE)
_ALONE = re.compile(r"^[\s*_#`\[(]*(\d+)[\s*_.`\])]*$")


def parse_judge(resp: ChatResponse, n: int) -> int | None:
    """The judge's pick as an index into the answers (0-based), or None when the reply names none.

    Takes the last "BEST: 2" / "Beste svar: 2" / "I choose candidate 2"; else the one candidate the
    reply mentions ("Candidate 2", "Svar 2") if it mentions exactly one; else a reply that is only a
    number. Numbers outside 1..n are not a pick."""
    text = answer_text(resp)
    picks = _PICK.findall(text)
    if not picks:
        mentioned = set(_MENTION.findall(text))
        picks = list(mentioned) if len(mentioned) == 1 else []
    if not picks:
        alone = _ALONE.match(text)
        picks = [alone.group(1)] if alone else []
    if not picks:
        return None
    number = int(picks[-1])
    return number - 1 if 1 <= number <= n else None


# --- fusion ---------------------------------------------------------------------------

_FUSION = (
    "You have been given several responses from different assistants to the latest user message. "
    "Synthesise them into one answer of the highest quality. Weigh them critically: some may be wrong or "
    "biased. Keep what is correct, fix or drop what is not, and do not simply copy one of them. "
    "Answer the user directly, as if the answer were your own: do not mention the responses, other "
    "assistants or this process. Follow the user's instructions (language, format, length)."
)


def _flatten_tools(m: Message) -> Message:
    """Tool traffic as plain text, so the conversation is valid without the tools."""
    if m.role == "tool":
        return Message(role="user", content=f"[result of tool call {m.tool_call_id or ''}]\n{m.text()}".strip())
    if m.tool_calls:
        calls = "\n".join(f"[called {t.function.name}({t.function.arguments})]" for t in m.tool_calls)
        text = m.text()
        return Message(role=m.role, name=m.name, content=f"{text}\n{calls}" if text else calls)
    return m


def fusion_request(
    original: ChatRequest, answers: Answers, *, model: str | None = None, max_chars_per_answer: int = 12_000
) -> ChatRequest:
    """The request an aggregator answers with one fused answer: the original conversation and system
    prompt, with the aggregation instructions and the candidates added to the system prompt.

    Kept: sampling and length settings, ``stop``, ``seed``, ``metadata``, ``user``, and ``response_format``
    when the caller asked for JSON. Dropped: tools (tool traffic in the conversation becomes text),
    ``n``, logprobs, streaming and fields the gateway does not declare."""
    instructions = f"{_FUSION}\n\nThe responses:\n\n{_candidates(answers, max_chars_per_answer)}"
    if original.wants_json:
        instructions += "\n\nReply with the JSON the user asked for, and nothing else."
    messages = [_flatten_tools(m) for m in original.messages]
    if messages[0].role == "system":
        first = messages[0].text()
        messages[0] = Message(role="system", content=f"{first}\n\n{instructions}" if first else instructions)
    else:
        messages.insert(0, Message(role="system", content=instructions))
    kept = original.model_dump(
        include={
            "temperature",
            "top_p",
            "max_tokens",
            "max_completion_tokens",
            "stop",
            "seed",
            "presence_penalty",
            "frequency_penalty",
        },
        exclude_none=True,
    )
    if original.wants_json and original.response_format is not None:
        kept["response_format"] = original.response_format
    return _side_request(original, model, messages, **kept)
