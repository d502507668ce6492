"""DeepL's text translation API (``POST /v2/translate``, API reference / OpenAPI 3.x), answering chat requests.

A chat request becomes a translation job by the convention in :mod:`.translation` (the last user
message is the text; the target language from metadata, an instruction or the configuration). The
body is JSON::

    {"text": ["..."], "target_lang": "DE", "source_lang": "NB", "glossary_id": "...",
     "formality": "prefer_more", "model_type": "quality_optimized", "show_billed_characters": true}

and the answer ``{"translations": [{"detected_source_language", "text", "billed_characters"}]}``
becomes the assistant message; usage counts ``billed_characters`` (always asked for), no tokens.

Where DeepL's codes differ from the neutral ones: target ``EN`` and ``PT`` are accepted only for
backward compatibility, so ``en`` goes out as ``EN-GB`` (``options.english_variant: EN-US`` to change)
and ``pt`` as ``PT-PT``; source languages carry no variant (``EN``, ``PT``, ``ZH``). A glossary needs
``source_lang`` (DeepL refuses one without it), so it is sent only with a known source.

The deployment's model is DeepL's ``model_type``: ``quality_optimized``, ``prefer_quality_optimized`` or
``latency_optimized``; ``default`` sends none (DeepL's default).

Errors are ``{"message": ..., "detail"?: ...}``: 403 the key is refused; 456 the account's character
quota is used up (:class:`UpstreamQuotaExceededError`: not retried, another candidate may serve); 429 and
529 too many requests (retried after ``Retry-After``); 413 the body is over 128 KiB.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from ..errors import (
    ConfigError,
    UpstreamError,
    UpstreamQuotaExceededError,
    UpstreamRateLimitError,
    error_for_status,
    parse_retry_after,
)
from ..types import ChatResponse
from .translation import (
    TranslationDialect,
    TranslationJob,
    TranslationOptions,
    base_language,
    translation_response,
)

MODEL_TYPES = ("quality_optimized", "prefer_quality_optimized", "latency_optimized")
DEFAULT_MODEL = "default"
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
ENGLISH_VARIANTS = ("EN-GB", "EN-US")
TAG_HANDLING = ("xml", "html")
SPLIT_SENTENCES = ("0", "1", "nonewlines")
#: neutral target code -> DeepL's, where they differ beyond case
_TARGETS = {"pt": "PT-PT", "zh": "ZH-HANS"}
#: settings a caller may give per request in ``metadata`` (free of charge: ``context`` is not billed)
_PER_REQUEST = ("formality", "context")


def deepl_target(code: str, english_variant: str = "EN-GB") -> str:
    if code == "en":
        return english_variant
    return _TARGETS.get(code, code.upper())


def deepl_source(code: str) -> str:
    return base_language(code).upper()


def check_options(options: TranslationOptions, where: str) -> None:
    """ConfigError for a DeepL option with a value DeepL does not accept."""
    extra = options.extra
    for key, allowed in (
        ("formality", FORMALITIES),
        ("english_variant", ENGLISH_VARIANTS),
        ("tag_handling", TAG_HANDLING),
        ("split_sentences", SPLIT_SENTENCES),
    ):
        value = extra.get(key)
        if value is not None and str(value) not in allowed:
            raise ConfigError(f"{where}.{key} must be one of {', '.join(allowed)}, not {value!r}")
    if "context" in extra and not isinstance(extra["context"], str):
        raise ConfigError(f"{where}.context must be a text")


class DeepLDialect(TranslationDialect):
    name = "deepl"

    def __init__(self, options: TranslationOptions | None = None) -> None:
        self.options = options or TranslationOptions()

    # --- requests ----------------------------------------------------------------------

    def encode_job(self, job: TranslationJob, model: str, options: TranslationOptions | None = None) -> dict[str, Any]:
        extra = (options or self.options).extra
        body: dict[str, Any] = {
            "text": [job.text],
            "target_lang": deepl_target(job.target, str(extra.get("english_variant", "EN-GB"))),
            "show_billed_characters": True,
        }
        if job.source is not None:
            body["source_lang"] = deepl_source(job.source)
            if job.glossary is not None:
                body["glossary_id"] = job.glossary
        if model in MODEL_TYPES:
            body["model_type"] = model
        elif model != DEFAULT_MODEL:
            raise ConfigError(
                f"DeepL model {model!r} is unknown: use {DEFAULT_MODEL} or one of {', '.join(MODEL_TYPES)}"
            )
        for key in ("formality", "context", "tag_handling", "split_sentences"):
            value = job.metadata.get(key) if key in _PER_REQUEST else None
            value = value or extra.get(key)
            if value is not None:
                body[key] = str(value)
        if "preserve_formatting" in extra:
            body["preserve_formatting"] = bool(extra["preserve_formatting"])
        return body

    # --- responses ---------------------------------------------------------------------

    def decode_translation(self, body: Any, model: str, job: TranslationJob | None = None) -> ChatResponse:
        translations = body["translations"]
        if not translations:
            raise ValueError("no translations in the answer")
        text = "".join(str(t["text"]) for t in translations)
        billed = [t.get("billed_characters") for t in translations]
        if all(isinstance(b, int) for b in billed):
            characters = sum(b for b in billed if isinstance(b, int))
        else:  # not reported (an older API version): DeepL bills the source text's characters
            characters = len(job.text) if job is not None else 0
        return translation_response(text, model, characters)

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        return classify_deepl_error(status, body, parse_retry_after(headers.get("retry-after")))


def classify_deepl_error(status: int, body: bytes, retry_after: float | None = None) -> UpstreamError:
    message = _error_message(body)
    if status == 456:
        return UpstreamQuotaExceededError(
            f"DeepL character quota exceeded: {message}", upstream_status=status, code="quota_exceeded"
        )
    if status in (429, 529):
        return UpstreamRateLimitError(
            message, upstream_status=status, retry_after=retry_after, code="too_many_requests"
        )
    return error_for_status(status, message, retry_after=retry_after)


def _error_message(body: bytes) -> str:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body.decode("utf-8", "replace")[:500] or "no body"
    if not isinstance(data, dict):
        return str(data)[:500]
    message = str(data.get("message") or data)
    detail = data.get("detail")
    return f"{message}: {detail}" if detail else message
