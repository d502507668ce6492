"""A fake DeepL API: ``POST /v2/translate`` (JSON body), as the API reference and its OpenAPI file describe it.

Validates what DeepL validates and what a client gets wrong: the ``Authorization: DeepL-Auth-Key <key>``
header (403 otherwise), ``text`` a non-empty array of strings, ``target_lang`` and ``source_lang`` among
the documented codes, ``formality`` only for targets that have it (unless a ``prefer_`` value),
``glossary_id`` only with ``source_lang`` and only for a glossary holding that language pair,
``model_type`` among the documented values. It is stricter than DeepL in one way: a body field the
reference does not document is refused, so a dialect that invents fields is caught.

It "translates" to ``[DE] <text>`` (the target code, then the text) after replacing the glossary's
source terms by its target terms, answers ``billed_characters`` (the text's length) when
``show_billed_characters`` is set, and reports ``detected_source_language`` (the given source, else EN).
Errors are DeepL's ``{"message": ...}``. A text ``trigger:quota`` answers 456, ``trigger:ratelimit``
429 with ``Retry-After``, ``trigger:overloaded`` 529, ``trigger:server`` 500, ``trigger:shape`` a 200
without ``translations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .common import FakeState

TARGETS = {
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "EN-GB", "EN-US", "ES", "ES-419", "ET", "FI", "FR", "HE", "HU", "ID",
    "IT", "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR",
    "UK", "VI", "ZH", "ZH-HANS", "ZH-HANT",
}  # fmt: skip
SOURCES = {
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA", "KO", "LT", "LV",
    "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI", "ZH",
}  # fmt: skip
FORMALITY_TARGETS = {"DE", "FR", "IT", "ES", "ES-419", "NL", "PL", "PT-BR", "PT-PT", "JA", "RU"}
_FIELDS = {
    "text", "source_lang", "target_lang", "context", "show_billed_characters", "split_sentences",
    "preserve_formatting", "formality", "model_type", "glossary_id", "glossary_ids", "style_id",
    "translation_memory_id", "translation_memory_threshold", "custom_instructions", "tag_handling",
    "tag_handling_version", "outline_detection", "non_splitting_tags", "splitting_tags", "ignore_tags",
}  # fmt: skip
_FORMALITY = {"default", "more", "less", "prefer_more", "prefer_less"}
_MODEL_TYPES = {"quality_optimized", "prefer_quality_optimized", "latency_optimized"}


@dataclass
class DeepLState(FakeState):
    """Glossaries the fake account holds: id -> {(SOURCE, TARGET): {source term: target term}}, with base
    language codes as DeepL keys glossary dictionaries (``("NB", "DE")``); a multilingual glossary has several."""

    glossaries: dict[str, dict[tuple[str, str], dict[str, str]]] = field(default_factory=dict)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"message": message}, status_code=status, headers=headers)


def _validate(body: Any, state: DeepLState) -> str | None:
    if not isinstance(body, dict):
        return "Invalid request body"
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        return f"Unknown parameter: {unknown[0]}"
    texts = body.get("text")
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        return "Parameter 'text' not specified."
    target = body.get("target_lang")
    if not isinstance(target, str) or target.upper() not in TARGETS:
        return f"Value for 'target_lang' not supported: {target!r}"
    source = body.get("source_lang")
    if source is not None and (not isinstance(source, str) or source.upper() not in SOURCES):
        return f"Value for 'source_lang' not supported: {source!r}"
    formality = body.get("formality")
    if formality is not None:
        if formality not in _FORMALITY:
            return f"Value for 'formality' not supported: {formality!r}"
        if not formality.startswith("prefer_") and formality != "default" and target.upper() not in FORMALITY_TARGETS:
            return "'formality' is not supported for given 'target_lang'."
    model_type = body.get("model_type")
    if model_type is not None and model_type not in _MODEL_TYPES:
        return f"Value for 'model_type' not supported: {model_type!r}"
    glossary = body.get("glossary_id")
    if glossary is not None:
        if source is None:
            return "Use of a glossary requires the 'source_lang' parameter to be specified"
        if glossary not in state.glossaries:
            return "Invalid glossary_id"
        if _pair(source, target) not in state.glossaries[glossary]:
            return "The glossary does not contain a dictionary for the language pair of the request"
    return None


def _pair(source: str, target: str) -> tuple[str, str]:
    return source.upper().split("-")[0], target.upper().split("-")[0]


def _translate(text: str, target: str, terms: dict[str, str]) -> str:
    for src, dst in terms.items():
        text = text.replace(src, dst)
    return f"[{target.upper()}] {text}"


def create_app(state: DeepLState, *, auth_key: str = "deepl-test") -> Starlette:
    async def translate(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "Invalid request body")
        state.record(request.url.path, dict(request.headers), body)
        if state.down:
            return _error(503, "Service unavailable")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return JSONResponse(payload, status_code=status, headers=headers)
        if request.headers.get("authorization") != f"DeepL-Auth-Key {auth_key}":
            return _error(403, "Authorization failure, check auth_key")
        if (problem := _validate(body, state)) is not None:
            return _error(400, problem)
        first = body["text"][0].strip()
        if first == "trigger:quota":
            return _error(456, "Quota exceeded. The character limit has been reached.")
        if first == "trigger:ratelimit":
            return _error(429, "Too many requests, please wait and resend your request.", {"retry-after": "1"})
        if first == "trigger:overloaded":
            return _error(529, "Too many requests")
        if first == "trigger:server":
            return _error(500, "Internal server error")
        if first == "trigger:shape":
            return JSONResponse({"result": "unexpected"})
        source, target = body.get("source_lang"), body["target_lang"]
        glossary = body.get("glossary_id")
        terms = state.glossaries[glossary][_pair(source, target)] if glossary else {}
        translations = []
        for text in body["text"]:
            item: dict[str, Any] = {
                "detected_source_language": (source or "EN").upper(),
                "text": _translate(text, target, terms),
            }
            if body.get("show_billed_characters"):
                item["billed_characters"] = len(text)
            if "model_type" in body:
                item["model_type_used"] = body["model_type"].removeprefix("prefer_")
            translations.append(item)
        return JSONResponse({"translations": translations})

    return Starlette(routes=[Route("/v2/translate", translate, methods=["POST"])])
