"""How a chat request becomes a translation job, for the translation services (DeepL, Google Cloud
Translation) that answer chat requests. Pure: no I/O.

The convention (docs/translation.md):

* The text is the **last user message**. An instruction at its start ("Translate into German: …",
  "Translate the following from Swedish to English:\\n…", "Oversett til engelsk: …", "Übersetze ins
  Englische: …") or on its last line ("…\\n\\nPlease translate this into German.") is taken off, and the
  languages it names are used. ``Translate "Guten Tag" into English`` translates the quoted text.
* The **target language**, first that applies: ``metadata.target_lang`` (or a ``target_lang`` field in the
  body), the instruction, an instruction in a system message ("Translate everything into German."),
  ``options.target_lang`` of the deployment, then of the provider. With none, the request is refused with
  400 ``translation_target_missing``: a translation service cannot guess it.
* The **source language**: ``metadata.source_lang``, the instruction's "from …", ``options.source_lang``;
  else the service detects it.
* Languages are names in English, Norwegian, Swedish, Danish or German, or codes (``de``, ``EN-GB``,
  ``pt_BR``); each vendor's dialect turns the neutral code (lower-case BCP 47) into its own.
* **Glossaries** are configured, never sent by callers: ``options.glossaries`` maps a language pair
  ``"nb>de"`` to a glossary id at the vendor; ``options.glossary`` is one for every pair (a DeepL
  multilingual glossary). Both vendors need the source language to apply a glossary, so one is sent only
  when the source is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..errors import ConfigError, RequestError, StreamInterruptedError, UpstreamError
from ..types import ChatChunk, ChatRequest, ChatResponse, Choice, ChoiceDelta, Usage

#: neutral code -> names callers use (English, Norwegian/Danish, Swedish, German; lower case)
_NAMES: dict[str, tuple[str, ...]] = {
    "ar": ("arabic", "arabisk", "arabiska", "arabisch"),
    "bg": ("bulgarian", "bulgarsk", "bulgariska", "bulgarisch"),
    "cs": ("czech", "tsjekkisk", "tjekkisk", "tjeckiska", "tschechisch"),
    "da": ("danish", "dansk", "danska", "dänisch"),
    "de": ("german", "tysk", "tyska", "deutsch"),
    "el": ("greek", "gresk", "græsk", "grekiska", "griechisch"),
    "en": ("english", "engelsk", "engelska", "englisch"),
    "en-gb": ("british english", "uk english", "britisk engelsk", "britisches englisch"),
    "en-us": ("american english", "us english", "amerikansk engelsk", "amerikanisches englisch"),
    "es": ("spanish", "spansk", "spanska", "spanisch"),
    "et": ("estonian", "estisk", "estiska", "estnisch"),
    "fi": ("finnish", "finsk", "finska", "finnisch"),
    "fr": ("french", "fransk", "franska", "französisch"),
    "he": ("hebrew", "hebraisk", "hebreiska", "hebräisch"),
    "hu": ("hungarian", "ungarsk", "ungersk", "ungerska", "ungarisch"),
    "id": ("indonesian", "indonesisk", "indonesiska", "indonesisch"),
    "is": ("icelandic", "islandsk", "isländska", "isländisch"),
    "it": ("italian", "italiensk", "italienska", "italienisch"),
    "ja": ("japanese", "japansk", "japanska", "japanisch"),
    "ko": ("korean", "koreansk", "koreanska", "koreanisch"),
    "lt": ("lithuanian", "litauisk", "litauiska", "litauisch"),
    "lv": ("latvian", "latvisk", "lettisk", "lettiska", "lettisch"),
    "nb": (
        "norwegian bokmål", "norwegian bokmal", "norwegian", "norsk bokmål", "bokmål", "bokmal", "norsk",
        "norska", "norwegisch",
    ),
    "nn": ("norwegian nynorsk", "nynorsk", "norsk nynorsk"),
    "nl": ("dutch", "nederlandsk", "hollandsk", "nederländska", "holländska", "niederländisch"),
    "pl": ("polish", "polsk", "polska", "polnisch"),
    "pt": ("portuguese", "portugisisk", "portugisiska", "portugiesisch"),
    "pt-br": ("brazilian portuguese", "brasiliansk portugisisk", "brasilianisches portugiesisch"),
    "pt-pt": ("european portuguese", "europeisk portugisisk"),
    "ro": ("romanian", "rumensk", "rumänska", "rumänisch"),
    "ru": ("russian", "russisk", "ryska", "russisch"),
    "sk": ("slovak", "slovakisk", "slovakiska", "slowakisch"),
    "sl": ("slovenian", "slovene", "slovensk", "slovenska", "slowenisch"),
    "sv": ("swedish", "svensk", "svenska", "schwedisch"),
    "th": ("thai", "thailandsk", "thailändska", "thailändisch"),
    "tr": ("turkish", "tyrkisk", "turkiska", "türkisch"),
    "uk": ("ukrainian", "ukrainsk", "ukrainska", "ukrainisch"),
    "vi": ("vietnamese", "vietnamesisk", "vietnamesiska", "vietnamesisch"),
    "zh": ("chinese", "kinesisk", "kinesiska", "chinesisch"),
    "zh-hans": ("simplified chinese", "forenklet kinesisk", "förenklad kinesiska"),
    "zh-hant": ("traditional chinese", "tradisjonell kinesisk", "traditionell kinesiska"),
}  # fmt: skip
_BY_NAME: dict[str, str] = {name: code for code, names in _NAMES.items() for name in names}
_LONGEST_NAME = max(len(n.split()) for n in _BY_NAME)
#: codes callers send that mean one of the neutral codes
_CODE_ALIASES = {"no": "nb", "iw": "he", "zh-cn": "zh-hans", "zh-tw": "zh-hant", "zh-hk": "zh-hant"}
_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_POLITE = (
    r"(?:(?:please|pls|kindly|can you|could you|would you|kan du|kunne du|vennligst|vær så snill og|kan ni|bitte)"
    r"[\s,]+)*"
)
_VERB = re.compile(
    _POLITE + r"(?:translate|translation|oversett|oversette|oversæt|översätt|übersetze|übersetzen|übersetzung)\b",
    re.IGNORECASE,
)
_TO = re.compile(r"\b(?:into|to|in|til|till|på|ins|in das|auf|nach)\s+", re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|fra|från|aus|von|vom)\s+", re.IGNORECASE)
_QUOTED = re.compile(
    _POLITE + r"(?:translate|oversett|översätt|übersetze)\s+"
    "(?P<q>[\"'\u00ab\u201c\u2018\u201e])(?P<text>.+?)[\"'\u00bb\u201d\u2019\u201c]\\s+(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: an instruction line longer than this is text that happens to start with "translate"
_MAX_INSTRUCTION = 200


@dataclass(frozen=True, slots=True)
class TranslationOptions:
    """What a provider's or deployment's ``options`` say about translating."""

    target: str | None = None
    source: str | None = None
    #: a glossary for every language pair (DeepL multilingual glossary, or a Google glossary)
    glossary: str | None = None
    #: (source, target) neutral codes -> glossary id
    glossaries: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: everything else in ``options``, for the vendor's own settings (formality, endpoint...)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, options: Mapping[str, Any], where: str) -> TranslationOptions:
        """Raises ConfigError naming ``where`` (e.g. ``providers.deepl.options``) for a bad value."""
        try:
            target = _config_language(options.get("target_lang"))
            source = _config_language(options.get("source_lang"))
        except ValueError as e:
            raise ConfigError(f"{where}: {e}") from None
        glossary = options.get("glossary")
        if glossary is not None and not isinstance(glossary, str):
            raise ConfigError(f"{where}.glossary must be a glossary id (a string)")
        pairs: dict[tuple[str, str], str] = {}
        raw = options.get("glossaries") or {}
        if not isinstance(raw, Mapping):
            raise ConfigError(f'{where}.glossaries must map language pairs ("nb>de") to glossary ids')
        for pair, gid in raw.items():
            src, sep, tgt = str(pair).partition(">")
            try:
                key = (resolve_language(src), resolve_language(tgt)) if sep else None
            except ValueError:
                key = None
            if key is None or not isinstance(gid, str) or not gid:
                raise ConfigError(f'{where}.glossaries: {pair!r} must be "source>target" (e.g. "nb>de") with an id')
            pairs[key] = gid
        known = {"target_lang", "source_lang", "glossary", "glossaries"}
        extra = {k: v for k, v in options.items() if k not in known}
        return cls(target=target, source=source, glossary=glossary, glossaries=pairs, extra=extra)

    def merged(self, other: TranslationOptions) -> TranslationOptions:
        """These options with ``other``'s (a deployment's over its provider's) taking precedence."""
        return TranslationOptions(
            target=other.target or self.target,
            source=other.source or self.source,
            glossary=other.glossary or self.glossary,
            glossaries={**self.glossaries, **other.glossaries},
            extra={**self.extra, **other.extra},
        )


@dataclass(frozen=True, slots=True)
class TranslationJob:
    """One translation: the text, where it goes, where it comes from (None: detected by the vendor)."""

    text: str
    target: str
    source: str | None = None
    glossary: str | None = None
    #: caller's per-request settings from ``metadata`` (e.g. ``formality``)
    metadata: Mapping[str, str] = field(default_factory=dict)


def resolve_language(value: str) -> str:
    """The neutral code for a language name or code; ValueError when it is neither."""
    text = value.strip().casefold().replace("_", "-")
    if not text:
        raise ValueError("empty language")
    text = _CODE_ALIASES.get(text, text)
    if text in _NAMES:
        return text
    code = _name_at_start(text)
    if code is not None:
        return code
    if _CODE.match(text):
        return text  # a code this table does not list: the vendor decides whether it knows it
    raise ValueError(f"unknown language {value.strip()!r}")


def base_language(code: str) -> str:
    return code.split("-", 1)[0]


def translation_job(req: ChatRequest, options: TranslationOptions) -> TranslationJob:
    """The job ``req`` asks for under ``options``; RequestError (400) when it names no target or no text."""
    meta = dict(req.metadata or {})
    extras = req.extra_fields()
    asked_target = meta.get("target_lang") or _str(extras.get("target_lang"))
    asked_source = meta.get("source_lang") or _str(extras.get("source_lang"))
    message = _last_user_text(req)
    parsed = _parse_instruction(message)
    text, said = parsed.text, parsed.said
    target = _caller_language(asked_target, "target_lang") or said.target or _system_target(req) or options.target
    if said.unknown is not None:
        if target is None:
            raise RequestError(
                f"Unknown target language {said.unknown!r} in the instruction; name it in English or Norwegian "
                '("German", "tysk") or by code ("de"), or send metadata target_lang',
                param="messages",
                code="translation_language_unknown",
            )
        text = message  # not an instruction after all ("Translation in Paris: ..."): all of it is text
    if not text.strip():
        raise RequestError(
            "Nothing to translate: the last user message holds no text besides the instruction",
            param="messages",
            code="translation_text_missing",
        )
    if target is None:
        raise RequestError(
            'No target language: name it in the request (metadata target_lang, e.g. "DE"), in the text '
            '("Translate into German: ..."), or configure options.target_lang for this deployment',
            param="messages",
            code="translation_target_missing",
        )
    source = _caller_language(asked_source, "source_lang") or said.source or options.source
    if source is not None and base_language(source) == base_language(target):
        source = None  # "from English to British English": let the vendor see the text as it is
    return TranslationJob(
        text=text,
        target=target,
        source=source,
        glossary=glossary_for(options, source, target),
        metadata=meta,
    )


def glossary_for(options: TranslationOptions, source: str | None, target: str) -> str | None:
    """The configured glossary for a language pair: the pair's own, else the one for every pair.
    Both vendors apply a glossary only with a known source language."""
    if source is None:
        return None
    for key in ((source, target), (base_language(source), base_language(target))):
        if key in options.glossaries:
            return options.glossaries[key]
    for (src, tgt), gid in options.glossaries.items():
        if base_language(src) == base_language(source) and base_language(tgt) == base_language(target):
            return gid
    return options.glossary


# --- the answer --------------------------------------------------------------------------


def translation_response(text: str, model: str, characters: int, response_id: str = "") -> ChatResponse:
    """The translated text as an assistant answer; usage counts the characters billed, no tokens."""
    return ChatResponse(
        id=response_id,
        model=model,
        choices=[Choice(index=0, content=text, finish_reason="stop")],
        usage=Usage(characters=characters),
    )


def answer_chunks(resp: ChatResponse) -> Iterator[ChatChunk]:
    """A whole answer as the chunks of a stream: role and text, finish, usage."""
    for c in resp.choices:
        yield ChatChunk(choices=[ChoiceDelta(index=c.index, role="assistant", content=c.content)], model=resp.model)
        yield ChatChunk(choices=[ChoiceDelta(index=c.index, finish_reason=c.finish_reason)], model=resp.model)
    yield ChatChunk(usage=resp.usage, model=resp.model)


class WholeAnswerDecoder:
    """A stream decoder for a vendor that does not stream: the body is one JSON answer, decoded at its end."""

    __slots__ = ("_buf", "_decode")

    def __init__(self, decode: Callable[[Any], ChatResponse]) -> None:
        self._buf = b""
        self._decode = decode

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        self._buf += data
        return iter(())

    def close(self) -> Iterator[ChatChunk]:
        try:
            body = orjson.loads(self._buf)
        except orjson.JSONDecodeError:
            raise StreamInterruptedError("The translation answer ended before it was complete") from None
        return answer_chunks(self._decode(body))


class TranslationDialect:
    """What the translation vendors' dialects share: a chat request is one translation job (the last user
    message, the languages from the request or the options), sent as ``encode_job`` builds it, and the answer
    comes whole (``decode_translation``), also to a streamed request."""

    name: str
    options: TranslationOptions

    def job(self, req: ChatRequest, options: TranslationOptions | None = None) -> TranslationJob:
        return translation_job(req, options or self.options)

    def encode_job(self, job: TranslationJob, model: str, options: TranslationOptions | None = None) -> dict[str, Any]:
        raise NotImplementedError

    def decode_translation(self, body: Any, model: str, job: TranslationJob | None = None) -> ChatResponse:
        raise NotImplementedError

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        return self.encode_job(self.job(req), model)

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        return self.decode_translation(body, model)

    def stream_decoder(self, model: str) -> WholeAnswerDecoder:
        return WholeAnswerDecoder(lambda body: self.decode_chat(body, model))

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        raise NotImplementedError


# --- reading the request -------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _last_user_text(req: ChatRequest) -> str:
    for m in reversed(req.messages):
        if m.role == "user":
            return m.text()
    return ""


def _caller_language(value: str | None, param: str) -> str | None:
    if value is None:
        return None
    try:
        return resolve_language(value)
    except ValueError as e:
        raise RequestError(
            f"metadata.{param}: {e}", param=f"metadata.{param}", code="translation_language_unknown"
        ) from None


def _config_language(value: Any) -> str | None:
    if value is None:
        return None
    return resolve_language(str(value))


def _name_at_start(phrase: str) -> str | None:
    """The language a phrase starts with ("german for a customer in bremen" -> "de"), longest name first;
    German inflections ("ins Englische") are read without their ending."""
    words = _WORD.findall(phrase.casefold())
    for n in range(min(_LONGEST_NAME, len(words)), 0, -1):
        candidate = " ".join(words[:n])
        for form in (candidate, candidate.removesuffix("e"), candidate.removesuffix("en")):
            if form in _BY_NAME:
                return _BY_NAME[form]
    return None


@dataclass(frozen=True, slots=True)
class _Instruction:
    """What an instruction line says: the languages it names, or the word it names that is no language."""

    target: str | None = None
    source: str | None = None
    unknown: str | None = None


def _instruction(line: str) -> _Instruction | None:
    """The instruction ``line`` is, or None when it is not one."""
    if len(line) > _MAX_INSTRUCTION or not _VERB.match(line.strip()):
        return None
    target = source = None
    for m in _TO.finditer(line):
        target = _name_at_start(line[m.end() :])
        if target is not None:
            break
    for m in _FROM.finditer(line):
        source = _name_at_start(line[m.end() :])
        if source is not None:
            break
    unknown = None
    if target is None:
        named = [w[0].strip(".,:;!?") for m in _TO.finditer(line) if (w := line[m.end() :].split())]
        named = [w for w in named if w and not _named_non_language(w)]
        unknown = named[-1] if named else None
    return _Instruction(target, source, unknown)


def _named_non_language(word: str) -> bool:
    """Words after "to"/"into" that are not a language name ("translate this to me", "in a formal tone")."""
    return word.casefold() in {
        "me", "us", "a", "an", "the", "this", "that", "it", "plain", "formal", "informal", "simple", "meg", "oss",
        "en", "et", "ei", "mir", "uns", "einen", "eine", "ein", "der", "die", "das",
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Parsed:
    text: str
    said: _Instruction = field(default_factory=_Instruction)


def _parse_instruction(message: str) -> _Parsed:
    """The text to translate in a message that may carry an instruction, and what the instruction says."""
    stripped = message.strip()
    quoted = _QUOTED.match(stripped)
    if quoted is not None:
        said = _instruction("translate " + quoted.group("rest"))
        if said is not None and said.target is not None:
            return _Parsed(quoted.group("text"), said)
    # At the start: up to the first colon or line break.
    cut = min((i for i in (stripped.find(":"), stripped.find("\n")) if i >= 0), default=-1)
    if cut >= 0:
        said = _instruction(stripped[:cut])
        if said is not None:
            return _Parsed(stripped[cut + 1 :].strip(), said)
    # On the last line, after the text.
    head, sep, last = stripped.rpartition("\n")
    if sep:
        said = _instruction(last)
        if said is not None and said.target is not None:
            return _Parsed(head.strip(), said)
    # A message that is only an instruction ("Translate into German.") leaves nothing to translate.
    said = _instruction(stripped) if cut < 0 else None
    if said is not None and said.target is not None:
        return _Parsed("", said)
    return _Parsed(message)


def _system_target(req: ChatRequest) -> str | None:
    """A target named by a standing instruction ("Translate everything the user writes into German.")."""
    for m in req.messages:
        if m.role not in ("system", "developer"):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+|\n", m.text()):
            said = _instruction(sentence)
            if said is not None and said.target is not None:
                return said.target
    return None
