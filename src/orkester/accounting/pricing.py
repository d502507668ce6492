"""The most a plan can cost: what a request reserves before it is sent.

    single / fallback   the dearest candidate (only one answers, but any of them may be the one)
    cascade             every tier may run: the sum of each tier's dearest candidate, plus its verifier
    ensemble            every member runs: the sum of each member's dearest candidate, plus the judge

A side call (verifier, judge, fusion) reads the conversation and the answers, so its prompt is the
request's prompt plus the answers' worst-case lengths plus its own instructions. Prices are the
deployment's (USD per million tokens, or per million characters for a translation service, counted as
:data:`CHARACTERS_PER_TOKEN` a prompt token); a deployment without a price (a local model) costs nothing.
Output is bounded by ``max_output_tokens`` (the request's limit), else by the deployment's own
limit, else by what is left of its context window, else by :data:`DEFAULT_MAX_OUTPUT_TOKENS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..routing.plan import Candidate, Plan, Tier
    from ..settings import Deployment

#: output assumed when neither the request nor the deployment bounds it
DEFAULT_MAX_OUTPUT_TOKENS = 4096
#: the most a verifier or judge writes (``verifier_request`` and ``judge_request`` ask for 200)
SIDE_CALL_OUTPUT_TOKENS = 200
#: a side call's own instructions (rubric, format, the candidates' framing), generously counted
SIDE_CALL_PROMPT_TOKENS = 1024
#: characters a prompt token stands for at most, for deployments priced per character (translation
#: services): tokenizers average about 4 characters a token in English and Norwegian; 8 bounds long words
CHARACTERS_PER_TOKEN = 8


def output_bound(deployment: Deployment, prompt_tokens: int, max_output_tokens: int | None) -> int:
    if max_output_tokens is not None:
        return max_output_tokens
    if deployment.max_output_tokens is not None:
        return deployment.max_output_tokens
    if deployment.context_window is not None:
        return max(0, deployment.context_window - prompt_tokens)
    return DEFAULT_MAX_OUTPUT_TOKENS


def call_cost(deployment: Deployment, prompt_tokens: int, output_tokens: int) -> float:
    price = deployment.price
    if price is None:
        return 0.0
    # A translation service bills the characters it is sent, at most the whole prompt's.
    characters = prompt_tokens * CHARACTERS_PER_TOKEN if price.per_million_characters else 0
    return price.cost(prompt_tokens, output_tokens, characters=characters)


def _dearest(cands: Sequence[Candidate], prompt_tokens: int, max_output_tokens: int | None) -> float:
    return max(
        (
            call_cost(c.deployment, prompt_tokens, output_bound(c.deployment, prompt_tokens, max_output_tokens))
            for c in cands
        ),
        default=0.0,
    )


def _longest_answer(cands: Sequence[Candidate], prompt_tokens: int, max_output_tokens: int | None) -> int:
    return max((output_bound(c.deployment, prompt_tokens, max_output_tokens) for c in cands), default=0)


def _side_call(tier: Tier, prompt_tokens: int, output_tokens: int) -> float:
    return max((call_cost(c.deployment, prompt_tokens, output_tokens) for c in tier.candidates), default=0.0)


def _tier_cost(tier: Tier, prompt_tokens: int, max_output_tokens: int | None) -> float:
    cost = _dearest(tier.candidates, prompt_tokens, max_output_tokens)
    if tier.verifier is not None:
        answer = _longest_answer(tier.candidates, prompt_tokens, max_output_tokens)
        side_prompt = prompt_tokens + answer + SIDE_CALL_PROMPT_TOKENS
        cost += _side_call(tier.verifier, side_prompt, SIDE_CALL_OUTPUT_TOKENS)
    return cost


def worst_case_cost(plan: Plan, prompt_tokens: int, max_output_tokens: int | None) -> float:
    """USD: the most carrying out ``plan`` can cost for a prompt of ``prompt_tokens``."""
    if plan.mode == "cascade" and plan.tiers:
        return sum(_tier_cost(t, prompt_tokens, max_output_tokens) for t in plan.tiers)
    if plan.mode == "ensemble" and plan.ensemble is not None:
        e = plan.ensemble
        cost = sum(_tier_cost(m, prompt_tokens, max_output_tokens) for m in e.members)
        if e.judge is not None:
            answers = sum(_longest_answer(m.candidates, prompt_tokens, max_output_tokens) for m in e.members)
            side_prompt = prompt_tokens + answers + SIDE_CALL_PROMPT_TOKENS
            if e.combine == "fusion":  # the fused answer is as long as an answer may be
                cost += _dearest(e.judge.candidates, side_prompt, max_output_tokens)
            else:
                cost += _side_call(e.judge, side_prompt, SIDE_CALL_OUTPUT_TOKENS)
        return cost
    return _dearest(plan.candidates, prompt_tokens, max_output_tokens)
