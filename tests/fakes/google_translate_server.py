"""A fake Google Cloud Translation API: Basic ``POST /language/translate/v2`` and Advanced
``POST /v3/projects/{project}/locations/{location}:translateText``, as Google's REST references describe them.

v2: the API key in ``x-goog-api-key`` or ``?key=`` (missing: 403 PERMISSION_DENIED; wrong: 400
INVALID_ARGUMENT with ErrorInfo reason ``API_KEY_INVALID``), body fields ``q`` (string or array), ``target``,
``source``, ``format`` (``html`` is the default and escapes an apostrophe as ``&#39;``), ``model``. v3: an
OAuth ``Authorization: Bearer <token>`` (401 UNAUTHENTICATED otherwise), ``contents``, ``targetLanguageCode``,
``sourceLanguageCode``, ``mimeType``, ``model`` (``projects/{p}/locations/{l}/models/...`` of the same
location), ``glossaryConfig`` (a glossary of the same project and location, never ``global``, and only
with ``sourceLanguageCode``), answering ``glossaryTranslations`` beside ``translations`` when a glossary is
used. Unknown fields are refused as Google refuses them (``Unknown name "x": Cannot find field.``);
language codes must be Google's (``no`` for Norwegian, ``zh-CN``...).

It "translates" to ``[de] <text>`` (the glossary's terms replaced in the glossary translation only).
Errors are ``{"error": {code, message, status, errors[], details[]}}``. A text ``trigger:quota`` answers
403 ``dailyLimitExceeded``, ``trigger:ratelimit`` 403 ``userRateLimitExceeded`` on v2 and 429
RESOURCE_EXHAUSTED on v3, ``trigger:server`` 500.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .common import FakeState

LANGUAGES = {
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "iw", "hu", "id", "is", "it", "ja",
    "ko", "lt", "lv", "nl", "no", "pl", "pt", "pt-PT", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi",
    "zh-CN", "zh-TW",
}  # fmt: skip
_V2_FIELDS = {"q", "target", "source", "format", "model", "key"}
_V3_FIELDS = {
    "contents", "mimeType", "sourceLanguageCode", "targetLanguageCode", "model", "glossaryConfig", "labels",
    "transliterationConfig",
}  # fmt: skip
_GLOSSARY_FIELDS = {"glossary", "ignoreCase", "contextualTranslationEnabled"}
_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND"}


@dataclass
class GoogleState(FakeState):
    """Glossaries the fake project holds: full resource name -> (source, target, {term: translation})."""

    glossaries: dict[str, tuple[str, str, dict[str, str]]] = field(default_factory=dict)


def _error(
    code: int,
    message: str,
    status: str | None = None,
    *,
    reason: str | None = None,
    info: str | None = None,
) -> Response:
    err: dict[str, Any] = {"code": code, "message": message, "status": status or _STATUS.get(code, "INTERNAL")}
    if reason:
        err["errors"] = [{"message": message, "domain": "usageLimits", "reason": reason}]
    if info:
        err["details"] = [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": info, "domain": "googleapis.com"}
        ]
    return JSONResponse({"error": err}, status_code=code)


def _translate(text: str, target: str, terms: dict[str, str] | None = None) -> str:
    for src, dst in (terms or {}).items():
        text = text.replace(src, dst)
    return f"[{target}] {text}"


def _trigger(text: str, v3: bool) -> Response | None:
    t = text.strip()
    if t == "trigger:quota":
        return _error(403, "Daily Limit Exceeded", reason="dailyLimitExceeded")
    if t == "trigger:ratelimit":
        if v3:
            return _error(429, "Quota exceeded for quota metric 'Characters per minute'", "RESOURCE_EXHAUSTED")
        return _error(403, "User Rate Limit Exceeded", reason="userRateLimitExceeded")
    if t == "trigger:server":
        return _error(500, "Internal error encountered.", "INTERNAL")
    return None


def create_app(state: GoogleState, *, api_key: str = "gt-test", token: str = "ya29.test-token") -> Starlette:
    async def receive(request: Request) -> tuple[Any, Response | None]:
        try:
            body = await request.json()
        except ValueError:
            return None, _error(400, "Invalid JSON payload received.")
        state.record(request.url.path, dict(request.headers), body)
        if state.down:
            return body, _error(503, "The service is currently unavailable.", "UNAVAILABLE")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return body, JSONResponse(payload, status_code=status, headers=headers)
        if not isinstance(body, dict):
            return body, _error(400, "Invalid JSON payload received.")
        return body, None

    async def v2(request: Request) -> Response:
        body, refused = await receive(request)
        if refused is not None:
            return refused
        key = request.headers.get("x-goog-api-key") or request.query_params.get("key")
        if not key:
            return _error(403, "The request is missing a valid API key.")
        if key != api_key:
            return _error(400, "API key not valid. Please pass a valid API key.", info="API_KEY_INVALID")
        unknown = sorted(set(body) - _V2_FIELDS)
        if unknown:
            return _error(400, f'Invalid JSON payload received. Unknown name "{unknown[0]}": Cannot find field.')
        q = body.get("q")
        texts = [q] if isinstance(q, str) else q
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            return _error(400, "Required Text")
        target, source = body.get("target"), body.get("source")
        if target not in LANGUAGES:
            return _error(400, "Invalid Value")
        if source is not None and source not in LANGUAGES:
            return _error(400, f"Bad language pair: {source}|{target}")
        if body.get("format", "html") not in ("html", "text") or body.get("model", "nmt") not in ("nmt", "base"):
            return _error(400, "Invalid Value")
        if (triggered := _trigger(texts[0], v3=False)) is not None:
            return triggered
        out = []
        for text in texts:
            translated = _translate(text, target)
            if body.get("format", "html") == "html":
                translated = html.escape(translated)
            item: dict[str, Any] = {"translatedText": translated}
            if source is None:
                item["detectedSourceLanguage"] = "en"
            if "model" in body:
                item["model"] = body["model"]
            out.append(item)
        return JSONResponse({"data": {"translations": out}})

    async def v3(request: Request) -> Response:
        body, refused = await receive(request)
        if refused is not None:
            return refused
        if request.headers.get("authorization") != f"Bearer {token}":
            return _error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token.")
        project, location = request.path_params["project"], request.path_params["location"]
        parent = f"projects/{project}/locations/{location}"
        unknown = sorted(set(body) - _V3_FIELDS)
        if unknown:
            return _error(400, f'Invalid JSON payload received. Unknown name "{unknown[0]}": Cannot find field.')
        texts = body.get("contents")
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            return _error(400, "Empty contents.")
        target, source = body.get("targetLanguageCode"), body.get("sourceLanguageCode")
        if target not in LANGUAGES:
            return _error(400, "Target language is invalid.")
        if source is not None and source not in LANGUAGES:
            return _error(400, "Source language is invalid.")
        if body.get("mimeType", "text/html") not in ("text/html", "text/plain"):
            return _error(400, "Unsupported mime type.")
        model = body.get("model")
        if model is not None and not str(model).startswith(f"{parent}/models/"):
            return _error(400, f"Model {model} is not in the same location as the request ({parent}).")
        terms: dict[str, str] | None = None
        config = body.get("glossaryConfig")
        if config is not None:
            if not isinstance(config, dict) or set(config) - _GLOSSARY_FIELDS or "glossary" not in config:
                return _error(400, "Invalid glossary config.")
            name = config["glossary"]
            if location == "global":
                return _error(400, "Glossaries cannot be used with location global.")
            if not str(name).startswith(f"{parent}/glossaries/"):
                return _error(400, f"Glossary {name} is not in the same location as the request.")
            if source is None:
                return _error(400, "Source language is required when a glossary is used.")
            if name not in state.glossaries:
                return _error(404, f"Glossary not found: {name}")
            g_source, g_target, terms = state.glossaries[name]
            if (g_source, g_target) != (source, target):
                return _error(400, "The glossary does not support the requested language pair.")
        if (triggered := _trigger(texts[0], v3=True)) is not None:
            return triggered
        plain = body.get("mimeType") == "text/plain"

        def one(text: str, with_terms: dict[str, str] | None) -> dict[str, Any]:
            translated = _translate(text, target, with_terms)
            item: dict[str, Any] = {"translatedText": translated if plain else html.escape(translated)}
            if source is None:
                item["detectedLanguageCode"] = "en"
            if model is not None:
                item["model"] = model
            return item

        answer: dict[str, Any] = {"translations": [one(t, None) for t in texts]}
        if terms is not None:
            answer["glossaryTranslations"] = [{**one(t, terms), "glossaryConfig": config} for t in texts]
        return JSONResponse(answer)

    return Starlette(
        routes=[
            Route("/language/translate/v2", v2, methods=["POST"]),
            Route("/v3/projects/{project}/locations/{location}:translateText", v3, methods=["POST"]),
        ]
    )
