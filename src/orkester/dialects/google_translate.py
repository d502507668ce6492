"""Google Cloud Translation, answering chat requests: Basic (v2) and Advanced (v3) text translation.

A chat request becomes a translation job by the convention in :mod:`.translation`. Two wire forms:

* **v2** (Basic, API key): ``POST /language/translate/v2`` with
  ``{"q": ["..."], "target": "de", "source": "no", "format": "text", "model": "nmt"}``, answered with
  ``{"data": {"translations": [{"translatedText", "detectedSourceLanguage"}]}}``. No glossaries.
* **v3** (Advanced, OAuth access token): ``POST /v3/projects/{p}/locations/{l}:translateText`` with
  ``{"contents": ["..."], "targetLanguageCode", "sourceLanguageCode", "mimeType": "text/plain", "model",
  "glossaryConfig": {"glossary": "projects/{p}/locations/{l}/glossaries/{id}", "ignoreCase"}}``,
  answered with ``{"translations": [...], "glossaryTranslations": [...]}`` (the latter when a glossary
  was sent; it is the answer then).

``format: text`` / ``mimeType: text/plain`` are always sent: both default to HTML, which would answer
``&#39;`` for an apostrophe. Google reports no billed characters; it bills every character sent,
whitespace included, so usage counts the text's characters (code points).

Google's codes: Norwegian is ``no``, English and Portuguese variants are ``en`` and ``pt``/``pt-PT``,
Chinese ``zh-CN``/``zh-TW``. The deployment's model: ``nmt`` (default) or ``base`` on v2; on v3 ``nmt``,
``translation-llm``, a custom model id, or a full ``projects/.../models/...`` name.

Errors are ``{"error": {code, message, status, errors[], details[]}}`` (see :mod:`.gemini`). A used-up
quota is a 403 "Daily Limit Exceeded" (reason ``dailyLimitExceeded``: not retried) while a per-minute
limit is a 403 "User Rate Limit Exceeded" or a 429 (retried).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

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
from .gemini import classify_gemini_error
from .translation import (
    TranslationDialect,
    TranslationJob,
    TranslationOptions,
    translation_response,
)

API = Literal["v2", "v3"]
V2_MODELS = ("nmt", "base")
DEFAULT_MODEL = "nmt"
#: neutral code -> Google's, where they differ
_CODES = {
    "nb": "no",
    "en-gb": "en",
    "en-us": "en",
    "pt-br": "pt",
    "pt-pt": "pt-PT",
    "zh": "zh-CN",
    "zh-hans": "zh-CN",
    "zh-hant": "zh-TW",
}
_QUOTA_REASONS = {"dailyLimitExceeded", "quotaExceeded", "dailyLimitExceededUnreg", "billingNotEnabled"}
_RATE_REASONS = {"userRateLimitExceeded", "rateLimitExceeded", "userRateLimitExceededUnreg"}


def google_code(code: str) -> str:
    return _CODES.get(code, code)


class GoogleTranslateDialect(TranslationDialect):
    name = "google_translate"

    def __init__(self, api: API = "v2", parent: str | None = None, options: TranslationOptions | None = None) -> None:
        """``parent``: ``projects/{p}/locations/{l}``, required for v3."""
        if api == "v3" and not parent:
            raise ValueError("v3 needs the parent projects/{project}/locations/{location}")
        self.api = api
        self.parent = parent
        self.options = options or TranslationOptions()

    # --- requests ----------------------------------------------------------------------

    def encode_job(self, job: TranslationJob, model: str, options: TranslationOptions | None = None) -> dict[str, Any]:
        extra = (options or self.options).extra
        if self.api == "v2":
            return self._v2(job, model)
        body: dict[str, Any] = {
            "contents": [job.text],
            "targetLanguageCode": google_code(job.target),
            "mimeType": "text/plain",
            "model": self.model_name(model),
        }
        if job.source is not None:
            body["sourceLanguageCode"] = google_code(job.source)
            if job.glossary is not None:
                glossary: dict[str, Any] = {"glossary": self.glossary_name(job.glossary)}
                if extra.get("glossary_ignore_case"):
                    glossary["ignoreCase"] = True
                body["glossaryConfig"] = glossary
        return body

    def _v2(self, job: TranslationJob, model: str) -> dict[str, Any]:
        if job.glossary is not None:
            raise ConfigError("Google Translation glossaries need the v3 API (options.api: v3)")
        if model not in V2_MODELS:
            raise ConfigError(f"Google Translation v2 model {model!r} is unknown: use one of {', '.join(V2_MODELS)}")
        body: dict[str, Any] = {"q": [job.text], "target": google_code(job.target), "format": "text", "model": model}
        if job.source is not None:
            body["source"] = google_code(job.source)
        return body

    def model_name(self, model: str) -> str:
        if model.startswith("projects/"):
            return model
        if model in ("nmt", "translation-llm"):
            return f"{self.parent}/models/general/{model}"
        return f"{self.parent}/models/{model}"

    def glossary_name(self, glossary: str) -> str:
        return glossary if glossary.startswith("projects/") else f"{self.parent}/glossaries/{glossary}"

    # --- responses ---------------------------------------------------------------------

    def decode_translation(self, body: Any, model: str, job: TranslationJob | None = None) -> ChatResponse:
        if self.api == "v2":
            translations = body["data"]["translations"]
        else:
            translations = body.get("glossaryTranslations") or body["translations"]
        if not translations:
            raise ValueError("no translations in the answer")
        text = "".join(str(t["translatedText"]) for t in translations)
        return translation_response(text, model, len(job.text) if job is not None else 0)

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        return classify_google_error(status, body, parse_retry_after(headers.get("retry-after")))


def classify_google_error(status: int, body: bytes, retry_after: float | None = None) -> UpstreamError:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        text = body.decode("utf-8", "replace")[:500] or "no body"
        return error_for_status(status, text, retry_after=retry_after)
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        message = str(err.get("message") or err)
        reasons = {str(e.get("reason")) for e in err.get("errors") or () if isinstance(e, dict)}
        if reasons & _QUOTA_REASONS or "Daily Limit Exceeded" in message:
            return UpstreamQuotaExceededError(
                f"Google Translation quota exceeded: {message}", upstream_status=status, code="dailyLimitExceeded"
            )
        if status == 403 and (reasons & _RATE_REASONS or "Rate Limit Exceeded" in message):
            return UpstreamRateLimitError(
                message, upstream_status=status, retry_after=retry_after, code="userRateLimitExceeded"
            )
    return classify_gemini_error(status, data, retry_after)
