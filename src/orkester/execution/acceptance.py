"""Acceptance checks: does a cascade tier's answer stand, or does the request escalate?

A check looks at the request and one answer and returns a :class:`Verdict` (accepted, a score
in 0..1, a short reason for logs and ``route explain``). Checks never call a provider
themselves: a verifier is handed an ``ask`` callable by the executor, and a learned scorer
is handed in as an object. Checks are built from the tier's config dict by
:func:`check_from_spec`, through a table of builders a caller may extend.

Structural checks err towards accepting: a false rejection costs an escalation, and the
semantic checks (log-probabilities, the verifier, the learned scorer) exist for the rest.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import inspect
import json
import math
import re
import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol, cast

import jsonschema  # type: ignore[import-untyped]

from ..errors import ConfigError, UpstreamError
from ..routing.tasks_of import prompt_text
from ..types import ChatRequest, ChatResponse, Message

Ask = Callable[[ChatRequest], Awaitable[ChatResponse]]
MissingPolicy = Literal["accept", "reject"]


@dataclass(frozen=True, slots=True)
class Verdict:
    accepted: bool
    #: 0..1, higher is better
    score: float
    #: short and human-readable
    reason: str


class AcceptanceCheck(Protocol):
    name: str

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict: ...


def answer_text(resp: ChatResponse) -> str:
    """The first choice's text ('' when there is none)."""
    return (resp.choices[0].content or "") if resp.choices else ""


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- refusals and non-answers ---------------------------------------------------------
# Only the opening of an answer is looked at: "I don't know" must be what the answer *is*, not
# words it contains. An opener followed by a pivot and more text ("I'm not sure, but it is
# probably …", "Jeg er ikke sikker, men trolig …") is a hedged answer and passes, and so is one
# that goes on for _LONG_ENOUGH words (refusals are short; long ones with a lecture slip through).
# "I don't know if this helps, but here is …" never matches: "don't know" must end its clause.

_END = r"(?=\s*(?:[.!,;:?)*\"_]|$))"  # the clause ends here: "I don't know." but not "I don't know if …"
_SORRY = r"(?:(?:dessverre|desverre) )?"
_NOT = r"(?:ikke|ikkje)(?: dessverre| desverre)?"


def _jeg(verb: str) -> str:
    """'jeg kan' and, after a lead-in ("Dessverre kan jeg …"), the inverted 'kan jeg'."""
    return rf"(?:(?:jeg|eg) {_SORRY}{verb}|{verb} (?:jeg|eg)) {_SORRY}"


_LEAD_IN = (
    r"(?:hm+|well|honestly|to be honest|frankly|ok(?:ay)?|no|nei|tja|ærlig talt|"
    r"(?:i'?m |i am )?(?:really )?(?:sorry|afraid)|unfortunately|regrettably|(?:my )?apologies|i apologi[sz]e|"
    r"as an? (?:ai|artificial intelligence|(?:large )?language model|llm|assistant)"
    r"(?: (?:language )?(?:model|assistant|chatbot))?(?: (?:developed|created|trained|made|built) by [\w.-]+)?|"
    r"(?:jeg )?beklager|dessverre|desverre|unnskyld|jeg er redd|"
    r"som (?:en )?(?:ki|ai|(?:stor )?språkmodell|assistent)(?:[- ](?:modell|språkmodell|assistent))?"
    r"(?: (?:utviklet|laget|trent) av [\w.-]+)?|answer|svar)"
)
_OPENERS = [
    # English
    r"i (?:really |honestly |simply |just )?(?:don'?t|do not) know(?: (?:the answer|that|this|for sure|for certain|"
    r"exactly))?" + _END,
    r"i(?:'?m| am) (?:not (?:sure|certain)|unsure|uncertain)(?: (?:about (?:that|this)|of (?:that|this|the answer)))?"
    + _END,
    r"i(?: can'?t| cannot| can not| won'?t| will not| must decline to| won'?t be able to| will not be able to"
    r"|(?:'?m| am) (?:unable|not able|not allowed|not permitted|not going|not in a position) to) "
    r"(?:(?:really|reliably|fully|accurately|directly) )?"
    r"(?:help(?! but\b)|assist|answer|provide|comply|fulfil|fulfill|share|give|create|write|generate|discuss|support|"
    r"determine|access|browse|predict|verify|offer|engage|complete|do that|do this|produce|reveal|"
    r"disclose|look up|confirm|respond|process|participate)\b",
    r"i (?:can'?t|cannot|can not) (?:say|tell|know|be sure)(?: (?:for sure|for certain|exactly|precisely))?" + _END,
    r"i (?:don'?t|do not) have (?:(?:any|enough|sufficient|the|real-time|up-to-date|current|personal|direct) )*"
    r"(?:access|information|info|data|ability|capability|knowledge|context|details|opinions|feelings|beliefs|answer)\b",
    r"i have no (?:idea|information|knowledge|access|way (?:of|to) know(?:ing)?)\b",
    r"there(?:'?s| is) no way (?:for me )?to (?:know|tell|determine)\b",
    r"(?:that|this|it)(?:'?s| is) (?:not something i can|beyond (?:my|what i can))",
    r"i (?:must|have to) (?:decline|refuse)\b",
    r"no idea" + _END,
    # Norwegian (bokmål; the common nynorsk forms come along cheaply)
    _jeg("(?:vet|veit)")
    + r"(?:(?:rett og slett|virkelig|egentlig) )?"
    + _NOT
    + r"(?: (?:svaret|det|dette|sikkert|helt sikkert|hva svaret er))?"
    + _END,
    r"(?:det|dette|svaret) (?:vet|veit) (?:jeg|eg) " + _SORRY + _NOT + r"(?: sikkert)?" + _END,
    _jeg("er") + r"(?:ikke sikker|ikkje sikker|usikker)(?: på (?:det|dette|svaret))?" + _END,
    _jeg("(?:kan|klarer|får|kommer)") + _NOT + r" (?:til )?(?:å )?(?:hjelpe|svare|bistå|gi|oppgi|gjøre|dele|lage|"
    r"skrive|generere|etterkomme|si|vite|finne|avgjøre|fortelle|diskutere|tilby|få tilgang|bekrefte|forutsi|"
    r"besvare|utføre|delta|avsløre|produsere)\b",
    _jeg("er") + _NOT + r" i stand til\b",
    _jeg("har") + r"(?:ikke|ikkje|ingen) (?:(?:nok|tilstrekkelig|sanntids|oppdatert|noen|personlige) )*"
    r"(?:tilgang|informasjon|info|data|mulighet|kunnskap|anelse|svar|meninger|følelser|kontekst)",
    r"(?:det|dette) kan (?:jeg|eg) "
    + _SORRY
    + _NOT
    + r" (?:svare på|hjelpe (?:deg )?med|bistå med|gi|oppgi|si|vite|besvare)\b",
    _jeg("(?:må|kommer til å)") + r"(?:avstå|avslå|avvise)\b",
    r"(?:det|dette) er (?:ikke noe|utenfor det) (?:jeg|eg) kan\b",
    r"det er (?:umulig|ikke mulig) for meg å (?:vite|si|svare|avgjøre|hjelpe)\b",
    _jeg("kjenner") + _NOT + r" til (?:svaret|det|dette)" + _END,
    r"ingen anelse" + _END,
]
_OPENER = re.compile("|".join(_OPENERS))
# One lead-in at a time, tried in a bounded loop: a repeated group here would backtrack exponentially.
_ONE_LEAD_IN = re.compile(_LEAD_IN + r"\b\s*[,.!:;-]?\s*(?:(?:but|men)\s+)?")
_MAX_LEAD_INS = 4
_PIVOT = re.compile(
    r"\b(?:but|however|that said|nevertheless|nonetheless|here(?:'s| is| are)|below is|my best guess|"
    r"men|likevel|imidlertid|her er|uansett|når det er sagt|mitt beste gjett)\b"
)
_LONG_ENOUGH = 80
_BARE_NON_ANSWERS = {"idk", "no idea", "not sure", "dont know", "vet ikke", "veit ikke", "ingen anelse", "usikker"}


def looks_like_non_answer(text: str) -> bool:
    """True when the answer opens with a refusal or "I don't know" (English or Norwegian) and does not
    go on to answer anyway."""
    norm = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    norm = re.sub(r"^[\s>*_#\"'`-]+", "", norm)
    norm = re.sub(r"\s+", " ", norm)[:1200]
    if re.sub(r"[^\w ]", "", norm).strip() in _BARE_NON_ANSWERS:
        return True
    pos = 0
    for _ in range(_MAX_LEAD_INS + 1):
        opener = _OPENER.match(norm, pos)
        if opener is not None:
            break
        lead_in = _ONE_LEAD_IN.match(norm, pos)
        if lead_in is None:
            return False
        pos = lead_in.end()
    if opener is None:
        return False
    rest = norm[opener.end() :]
    if len(rest.split()) >= _LONG_ENOUGH:
        return False
    pivot = _PIVOT.search(rest[:200])
    return pivot is None or len(rest[pivot.end() :].split()) < 3


# --- structural -----------------------------------------------------------------------

_FENCE = re.compile(r"```[ \t]*([^\n`]*)\n(.*?)(?:```|\Z)", re.DOTALL)
_PYTHON = {"python", "py", "python3", "py3"}
_CODE_TASKS = frozenset({"code", "coding"})


def _json_problem(req: ChatRequest, text: str) -> str | None:
    """Why the answer is not the JSON the request asked for, or None when it is."""
    try:
        doc = json.loads(text)
    except ValueError as e:
        return f"answer is not valid JSON ({e})"
    fmt = req.response_format
    assert fmt is not None
    if fmt.type == "json_object":
        return None if isinstance(doc, dict) else "answer is JSON but not an object"
    if fmt.json_schema is None or fmt.json_schema.schema_ is None:
        return None
    schema = fmt.json_schema.schema_
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError:
        return None  # the caller's schema is broken: not the answer's fault, and not checkable
    error = jsonschema.exceptions.best_match(cls(schema).iter_errors(doc))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"JSON does not match the schema at {where}: {_short(error.message, 100)}"


def _code_problem(text: str) -> str | None:
    """The first fenced python or json block that does not parse; other languages are skipped."""
    for n, m in enumerate(_FENCE.finditer(text), start=1):
        lang = (m.group(1).split() or [""])[0].lower()
        body = m.group(2)
        if lang in _PYTHON:
            if body.lstrip().startswith(">>>"):
                continue  # an interpreter session, not source
            try:
                with warnings.catch_warnings():
                    # e.g. SyntaxWarning for "\d": parsing must not warn on the caller's code
                    warnings.simplefilter("ignore")
                    ast.parse(body)
            except (SyntaxError, ValueError, RecursionError) as e:
                line = getattr(e, "lineno", None)
                at = f" (line {line})" if line else ""
                return f"code block {n} ({lang}) does not parse{at}"
        elif lang == "json":
            try:
                json.loads(body)
            except ValueError:
                return f"code block {n} (json) does not parse"
    return None


class StructuralCheck:
    """Rejects answers that are visibly unusable: truncated, filtered, empty, refused, a non-answer,
    not the JSON the request asked for, tool calls with malformed arguments, or (for code tasks)
    python/json code blocks that do not parse.

    ``code``: True checks code blocks, False never; None (default) checks them when the request's
    ``metadata.task`` is a code task. Score is 1.0 or 0.0.
    """

    name: str = "structural"

    def __init__(self, *, code: bool | None = None) -> None:
        self.code = code

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        problem = self.problem(req, resp)
        return Verdict(False, 0.0, problem) if problem else Verdict(True, 1.0, "well-formed answer")

    def problem(self, req: ChatRequest, resp: ChatResponse) -> str | None:
        if not resp.choices:
            return "no answer came back"
        choice = resp.choices[0]
        if choice.finish_reason == "length":
            return "answer was cut off (finish_reason length)"
        if choice.finish_reason in ("content_filter", "error"):
            return f"answer ended with finish_reason {choice.finish_reason}"
        if choice.refusal:
            return f"model refused: {_short(choice.refusal, 80)}"
        if choice.tool_calls:
            for call in choice.tool_calls:
                try:
                    json.loads(call.arguments or "{}")
                except ValueError:
                    return f"tool call {call.name!r} has arguments that are not JSON"
            return None
        text = (choice.content or "").strip()
        if not text:
            return "empty answer"
        if req.wants_json:
            # Judged as JSON only: {"answer": "I don't know"} is well-formed.
            return _json_problem(req, text)
        if looks_like_non_answer(text):
            return f"refusal or non-answer: {_short(text, 80)!r}"
        if self._wants_code(req):
            return _code_problem(text)
        return None

    def _wants_code(self, req: ChatRequest) -> bool:
        if self.code is not None:
            return self.code
        return (req.metadata or {}).get("task", "").casefold() in _CODE_TASKS


# --- log-probability confidence -------------------------------------------------------


def logprob_confidence(resp: ChatResponse) -> float | None:
    """exp(mean token logprob) over the first choice's ``logprobs.content`` (OpenAI's shape):
    the geometric mean of the tokens' probabilities. None when no token logprobs came back."""
    if not resp.choices or not resp.choices[0].logprobs:
        return None
    tokens = resp.choices[0].logprobs.get("content")
    if not isinstance(tokens, list):
        return None
    values: list[float] = []
    for t in tokens:
        lp = t.get("logprob") if isinstance(t, dict) else None
        if isinstance(lp, int | float) and not isinstance(lp, bool) and not math.isnan(lp):
            values.append(min(0.0, float(lp)))
    if not values:
        return None
    return math.exp(sum(values) / len(values))


class LogprobCheck:
    """Accepts when the answer's token confidence reaches ``threshold``. The tier must be asked with
    ``logprobs: true``; when no logprobs came back the ``missing`` policy decides."""

    name: str = "logprob"

    def __init__(self, threshold: float, *, missing: MissingPolicy = "reject") -> None:
        self.threshold = threshold
        self.missing = missing

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        conf = logprob_confidence(resp)
        if conf is None:
            if self.missing == "accept":
                return Verdict(True, self.threshold, "no logprobs came back; accepted by policy")
            return Verdict(False, 0.0, "no logprobs came back; rejected by policy")
        ok = conf >= self.threshold
        return Verdict(ok, conf, f"token confidence {conf:.3f} {'≥' if ok else '<'} {self.threshold:g}")


# --- verifier model -------------------------------------------------------------------

DEFAULT_RUBRIC = (
    "Judge whether the answer is correct, complete, relevant to the request and follows its instructions. "
    "A confident wrong answer scores lower than an honest partial one."
)

_VERIFIER_SYSTEM = (
    "You are a strict grader. You read a conversation and a candidate reply to its last message, "
    "and grade the reply.\n\nRubric: {rubric}\n\n"
    "Reply with exactly one line in this format, and nothing else:\nSCORE: <integer from 1 to 10>\n"
    "1 means useless or wrong, 10 means it could not be better."
)

_SCORE_LABELLED = re.compile(
    r"(?:score|rating|grade|poengsum|poeng|karakter|vurdering)[\s*_:=#-]{0,6}(\d{1,3}(?:[.,]\d+)?)"
    r"(?:\s*(?:/|out of|of|av)\s*10\b)?",
    re.IGNORECASE,
)
_SCORE_OUT_OF = re.compile(r"\b(\d{1,2}(?:[.,]\d+)?)\s*(?:/|out of|av)\s*10\b", re.IGNORECASE)
_SCORE_ALONE = re.compile(r"^[\s*_#`]*(\d{1,2}(?:[.,]\d+)?)[\s*_.`]*$")


def render_conversation(messages: Sequence[Message], *, max_chars: int = 24_000) -> str:
    """The conversation as labelled plain text for a grader or judge. Tool calls are described,
    images left out. Over ``max_chars`` the oldest messages go first (the last one is what counts)."""
    parts: list[str] = []
    for m in messages:
        text = m.text()
        if m.tool_calls:
            calls = "; ".join(f"calls {t.function.name}({t.function.arguments})" for t in m.tool_calls)
            text = f"{text}\n[{calls}]" if text else f"[{calls}]"
        label = m.role.upper() if m.name is None else f"{m.role.upper()} ({m.name})"
        parts.append(f"[{label}]\n{text}")
    out = "\n\n".join(parts)
    return out if len(out) <= max_chars else "[…earlier conversation left out]\n" + out[-max_chars:]


def render_answer(resp: ChatResponse) -> str:
    """The first choice as text, its tool calls described."""
    text = answer_text(resp)
    if resp.choices and resp.choices[0].tool_calls:
        calls = "\n".join(f"[calls {t.name}({t.arguments})]" for t in resp.choices[0].tool_calls)
        text = f"{text}\n{calls}" if text else calls
    return text


def verifier_request(
    req: ChatRequest,
    resp: ChatResponse,
    rubric: str = DEFAULT_RUBRIC,
    *,
    model: str | None = None,
    max_tokens: int = 200,
) -> ChatRequest:
    """The grading request: the rubric and format as system prompt, the conversation and the candidate
    as user message. It has no tools, deterministic sampling, and keeps the caller's ``metadata`` and
    ``user`` (data-class and residency rules must see the same controls as the original call)."""
    user = (
        f"<conversation>\n{render_conversation(req.messages)}\n</conversation>\n\n"
        f"<candidate_reply>\n{render_answer(resp)}\n</candidate_reply>\n\n"
        "Grade the candidate reply to the last message. Answer with `SCORE: <1-10>` only."
    )
    return ChatRequest(
        model=model or req.model,
        messages=[
            Message(role="system", content=_VERIFIER_SYSTEM.format(rubric=rubric.strip())),
            Message(role="user", content=user),
        ],
        temperature=0,
        max_tokens=max_tokens,
        metadata=req.metadata,
        user=req.user,
    )


def parse_score(text: str) -> float | None:
    """A 1-10 grade from a grader's reply, as 0..1 (grade / 10), or None when there is none.

    Takes the last labelled grade ("SCORE: 7", "**Score:** 8/10", "Poengsum: 7,5"), else the last
    "n/10" / "n av 10", else a reply that is only a number. Grades above 10 are not trusted."""
    found = _SCORE_LABELLED.findall(text) or _SCORE_OUT_OF.findall(text)
    if not found:
        alone = _SCORE_ALONE.match(text)
        found = [alone.group(1)] if alone else []
    if not found:
        return None
    value = float(found[-1].replace(",", "."))
    if not 0 <= value <= 10:
        return None
    return max(value, 1.0) / 10


class VerifierCheck:
    """Asks a verifier model to grade the answer 1-10 against a rubric; accepts at ``threshold``
    (0..1: 0.7 means a grade of 7 or better). An unparseable grade or a failed verifier call rejects."""

    name: str = "verifier"

    def __init__(
        self, ask: Ask, rubric: str | None = None, threshold: float = 0.7, *, model: str | None = None
    ) -> None:
        self.ask = ask
        self.rubric = rubric or DEFAULT_RUBRIC
        self.threshold = threshold
        self.model = model

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        try:
            graded = await self.ask(verifier_request(req, resp, self.rubric, model=self.model))
        except UpstreamError as e:
            return Verdict(False, 0.0, f"verifier call failed ({e.code})")
        reply = render_answer(graded)
        score = parse_score(reply)
        if score is None:
            return Verdict(False, 0.0, f"verifier reply has no grade: {_short(reply, 60)!r}")
        ok = score >= self.threshold - 1e-9
        return Verdict(ok, score, f"verifier grade {score * 10:g}/10 {'≥' if ok else '<'} {self.threshold * 10:g}")


# --- learned scorer -------------------------------------------------------------------


class AsyncScorer(Protocol):
    async def score(self, req: ChatRequest, resp: ChatResponse) -> float: ...


class SyncScorer(Protocol):
    def score(self, prompt: str, answer: str, model: str) -> float: ...


class PeerScorer(Protocol):
    def score(self, prompt: str, answer: str, model: str, peers: Mapping[str, str] | None = None) -> float: ...


class LearnedCheck:
    """Wraps a learned answer scorer: ``async score(req, resp)`` or ``score(prompt, answer, model)``
    (prompt = the last user message). Its estimate of the answer being right, clamped to 0..1, must
    reach ``threshold``.

    ``peers`` are other models' answers to the same request (a cascade's earlier tiers), keyed by
    model; a scorer whose ``score`` takes ``peers`` gets them, since agreement between independent
    answers is its strongest signal. ``as_model`` names the model the scorer should take the answer to
    come from, for a deployment whose upstream id the scorer was not trained on."""

    name: str = "learned"

    def __init__(
        self,
        scorer: AsyncScorer | SyncScorer | PeerScorer,
        threshold: float,
        *,
        as_model: str | None = None,
        peers: Mapping[str, str] | None = None,
    ) -> None:
        self.scorer = scorer
        self.threshold = threshold
        self.as_model = as_model
        self.peers = dict(peers or {})
        method = scorer.score
        self._async = inspect.iscoroutinefunction(method)
        self._takes_peers = not self._async and "peers" in inspect.signature(method).parameters

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        if self._async:
            raw = await cast(AsyncScorer, self.scorer).score(req, resp)
        else:
            # A plain ``score`` may embed texts (tens of milliseconds of CPU): it runs in a worker
            # thread so the event loop keeps serving.
            model = self.as_model or resp.model
            if self.peers and self._takes_peers:
                call = functools.partial(
                    cast(PeerScorer, self.scorer).score, prompt_text(req), answer_text(resp), model, peers=self.peers
                )
            else:
                call = functools.partial(
                    cast(SyncScorer, self.scorer).score, prompt_text(req), answer_text(resp), model
                )
            out: Any = await asyncio.to_thread(call)
            raw = await out if inspect.isawaitable(out) else out
        value = float(raw)
        if math.isnan(value):
            return Verdict(False, 0.0, "learned scorer gave no estimate (NaN)")
        value = min(1.0, max(0.0, value))
        ok = value >= self.threshold
        return Verdict(ok, value, f"learned score {value:.3f} {'≥' if ok else '<'} {self.threshold:g}")


# --- combinator -----------------------------------------------------------------------


class AllOf:
    """Runs checks in order (put cheap ones first); the first rejection wins and later checks are
    not run. The score is the lowest score seen."""

    def __init__(self, checks: Sequence[AcceptanceCheck]) -> None:
        if not checks:
            raise ConfigError("An all_of acceptance check needs at least one check")
        self.checks = list(checks)
        self.name = "all_of(" + ",".join(c.name for c in self.checks) + ")"

    async def __call__(self, req: ChatRequest, resp: ChatResponse) -> Verdict:
        low = 1.0
        reasons: list[str] = []
        for check in self.checks:
            v = await check(req, resp)
            low = min(low, v.score)
            if not v.accepted:
                return Verdict(False, low, f"{check.name}: {v.reason}")
            reasons.append(f"{check.name}: {v.reason}")
        return Verdict(True, low, "; ".join(reasons))


# --- from config ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckDeps:
    """What builders may need besides the spec: the verifier call, the learned scorer, and the
    builder table itself (for nested specs)."""

    ask: Ask | None
    scorer: Any
    builders: Mapping[str, CheckBuilder]
    #: earlier answers to the same request, by model (a cascade's tiers so far)
    peers: Mapping[str, str] = field(default_factory=dict)


CheckBuilder = Callable[[dict[str, Any], CheckDeps], AcceptanceCheck]


def _options(spec: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(spec) - allowed - {"type"})
    if unknown:
        raise ConfigError(
            f"Acceptance check {spec['type']!r}: unknown option(s) {', '.join(unknown)}"
            f" (allowed: {', '.join(sorted(allowed)) or 'none'})"
        )


def _threshold(spec: dict[str, Any], default: float | None = None) -> float:
    value = spec.get("threshold", default)
    if value is None:
        raise ConfigError(f"Acceptance check {spec['type']!r} needs a threshold between 0 and 1")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(
            f"Acceptance check {spec['type']!r}: threshold must be a number between 0 and 1, not {value!r}"
        )
    return float(value)


def _structural(spec: dict[str, Any], deps: CheckDeps) -> AcceptanceCheck:
    _options(spec, {"code"})
    code = spec.get("code")
    if code is not None and not isinstance(code, bool):
        raise ConfigError(f"Acceptance check 'structural': code must be true or false, not {code!r}")
    return StructuralCheck(code=code)


def _logprob(spec: dict[str, Any], deps: CheckDeps) -> AcceptanceCheck:
    _options(spec, {"threshold", "missing"})
    missing = spec.get("missing", "reject")
    if missing not in ("accept", "reject"):
        raise ConfigError(f"Acceptance check 'logprob': missing must be 'accept' or 'reject', not {missing!r}")
    return LogprobCheck(_threshold(spec), missing=missing)


def _verifier(spec: dict[str, Any], deps: CheckDeps) -> AcceptanceCheck:
    _options(spec, {"threshold", "rubric", "model"})
    rubric = spec.get("rubric")
    if rubric is not None and (not isinstance(rubric, str) or not rubric.strip()):
        raise ConfigError("Acceptance check 'verifier': rubric must be non-empty text")
    model = spec.get("model")
    if model is not None and not isinstance(model, str):
        raise ConfigError("Acceptance check 'verifier': model must be a model name")
    if deps.ask is None:
        raise ConfigError("Acceptance check 'verifier' needs a verifier model, and none is configured for this tier")
    return VerifierCheck(deps.ask, rubric, _threshold(spec, 0.7), model=model)


def _learned(spec: dict[str, Any], deps: CheckDeps) -> AcceptanceCheck:
    _options(spec, {"threshold", "as_model"})
    threshold = _threshold(spec)
    as_model = spec.get("as_model")
    if as_model is not None and (not isinstance(as_model, str) or not as_model.strip()):
        raise ConfigError("Acceptance check 'learned': as_model must be a model name the scorer knows")
    if deps.scorer is None or not callable(getattr(deps.scorer, "score", None)):
        raise ConfigError("Acceptance check 'learned' needs the learned answer scorer, and none is available")
    return LearnedCheck(deps.scorer, threshold, as_model=as_model, peers=deps.peers)


def _all_of(spec: dict[str, Any], deps: CheckDeps) -> AcceptanceCheck:
    _options(spec, {"checks"})
    checks = spec.get("checks")
    if not isinstance(checks, list) or not checks:
        raise ConfigError("Acceptance check 'all_of' needs a non-empty list under checks")
    return AllOf(
        [check_from_spec(c, ask=deps.ask, scorer=deps.scorer, builders=deps.builders, peers=deps.peers) for c in checks]
    )


#: the built-in check types; pass an extended copy as ``builders`` to add more
BUILTIN_CHECKS: Mapping[str, CheckBuilder] = MappingProxyType(
    {"structural": _structural, "logprob": _logprob, "verifier": _verifier, "learned": _learned, "all_of": _all_of}
)


def check_from_spec(
    spec: Mapping[str, Any],
    *,
    ask: Ask | None = None,
    scorer: Any = None,
    builders: Mapping[str, CheckBuilder] = BUILTIN_CHECKS,
    peers: Mapping[str, str] | None = None,
) -> AcceptanceCheck:
    """Build a check from its config, e.g. ``{"type": "logprob", "threshold": 0.8}``.

    ``ask`` calls the verifier model; ``scorer`` is the learned answer scorer; ``peers`` are earlier
    answers to the same request by model (the learned check passes them to the scorer). Raises ConfigError
    naming the problem for an unknown type, unknown options, a bad threshold or a missing dependency."""
    if not isinstance(spec, Mapping):
        raise ConfigError(f"An acceptance check must be a mapping with a type, not {spec!r}")
    kind = spec.get("type")
    if not isinstance(kind, str):
        raise ConfigError(f"An acceptance check needs a type ({', '.join(sorted(builders))}); got {dict(spec)!r}")
    builder = builders.get(kind)
    if builder is None:
        raise ConfigError(f"Unknown acceptance check type {kind!r}. Known types: {', '.join(sorted(builders))}")
    return builder(dict(spec), CheckDeps(ask, scorer, builders, peers or {}))


def scorer_model(spec: Mapping[str, Any]) -> str | None:
    """The model name a spec's learned check gives the scorer (``as_model``), nested ``all_of`` included."""
    if spec.get("type") == "learned":
        value = spec.get("as_model")
        return value if isinstance(value, str) else None
    for sub in spec.get("checks") or () if spec.get("type") == "all_of" else ():
        if isinstance(sub, Mapping) and (found := scorer_model(sub)):
            return found
    return None


def spec_needs_logprobs(spec: Mapping[str, Any]) -> bool:
    """Whether the tier must be asked with ``logprobs: true`` for this check (nested ``all_of`` included)."""
    if spec.get("type") == "logprob":
        return True
    checks = spec.get("checks") if spec.get("type") == "all_of" else None
    return isinstance(checks, list) and any(isinstance(c, Mapping) and spec_needs_logprobs(c) for c in checks)


async def _never_asked(req: ChatRequest) -> ChatResponse:  # pragma: no cover - validation never calls it
    raise AssertionError("validation does not call the verifier")


class _NoScorer:
    def score(self, prompt: str, answer: str, model: str) -> float:  # pragma: no cover
        raise AssertionError("validation does not call the scorer")


def validate_check_spec(spec: Mapping[str, Any], builders: Mapping[str, CheckBuilder] = BUILTIN_CHECKS) -> None:
    """Check a spec's shape at start-up, before a verifier or scorer exists (ConfigError if bad)."""
    check_from_spec(spec, ask=_never_asked, scorer=_NoScorer(), builders=builders)
