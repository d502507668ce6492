"""The provider-neutral request, response and stream-chunk types.

Ingress requests are validated into pydantic models (the OpenAI chat shape is the
lingua franca; unknown fields are kept so OpenAI-compatible upstreams receive them).
What comes back from providers is built as slotted dataclasses: they are created per
chunk on the hot path and need no validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["system", "developer", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "error"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class ImageURL(_Strict):
    url: str
    detail: Literal["auto", "low", "high"] | None = None


class TextPart(_Strict):
    type: Literal["text"]
    text: str


class ImagePart(_Strict):
    type: Literal["image_url"]
    image_url: ImageURL


ContentPart = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class FunctionCall(_Strict):
    name: str
    arguments: str = ""


class ToolCall(_Strict):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCall


class Message(_Strict):
    role: Role
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None

    def text(self) -> str:
        """The message's text parts joined; images are left out."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(p.text for p in self.content if isinstance(p, TextPart))


class FunctionDef(_Strict):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class Tool(_Strict):
    type: Literal["function"] = "function"
    function: FunctionDef


class JsonSchemaSpec(_Strict):
    name: str
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    description: str | None = None
    strict: bool | None = None


class ResponseFormat(_Strict):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaSpec | None = None


class StreamOptions(_Strict):
    include_usage: bool = False


class ChatRequest(_Strict):
    """An OpenAI chat-completions request, as received from the caller."""

    model: str
    messages: Annotated[list[Message], Field(min_length=1)]
    tools: list[Tool] | None = None
    tool_choice: Literal["none", "auto", "required"] | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    response_format: ResponseFormat | None = None
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1)] | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    n: Annotated[int, Field(ge=1, le=16)] | None = None
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=20)] | None = None
    presence_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    frequency_penalty: Annotated[float, Field(ge=-2, le=2)] | None = None
    user: str | None = None
    metadata: dict[str, str] | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None

    @property
    def output_limit(self) -> int | None:
        """The caller's cap on generated tokens, whichever field carried it."""
        return self.max_completion_tokens if self.max_completion_tokens is not None else self.max_tokens

    @property
    def stop_sequences(self) -> list[str]:
        if self.stop is None:
            return []
        return [self.stop] if isinstance(self.stop, str) else list(self.stop)

    @property
    def include_usage(self) -> bool:
        return self.stream_options is not None and self.stream_options.include_usage

    @property
    def wants_json(self) -> bool:
        return self.response_format is not None and self.response_format.type != "text"

    @property
    def has_images(self) -> bool:
        return any(
            isinstance(m.content, list) and any(isinstance(p, ImagePart) for p in m.content) for m in self.messages
        )

    def extra_fields(self) -> dict[str, Any]:
        """Fields the caller sent that this model does not declare (passed through where possible)."""
        return dict(self.__pydantic_extra__ or {})


class EmbeddingRequest(_Strict):
    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: Annotated[int, Field(ge=1)] | None = None
    user: str | None = None

    @property
    def texts(self) -> list[str]:
        """The inputs as strings; token-array inputs are only accepted by OpenAI-dialect upstreams."""
        if isinstance(self.input, str):
            return [self.input]
        return [x for x in self.input if isinstance(x, str)]


# --- what providers return -------------------------------------------------------------


@dataclass(slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    reasoning_tokens: int = 0
    #: characters billed by a translation service (which counts no tokens)
    characters: int = 0

    def add(self, other: Usage) -> None:
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.cached_input_tokens += other.cached_input_tokens
        self.reasoning_tokens += other.reasoning_tokens
        self.characters += other.characters

    def to_openai(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "prompt_tokens": self.input_tokens,
            "completion_tokens": self.output_tokens,
            "total_tokens": self.input_tokens + self.output_tokens,
            "prompt_tokens_details": {"cached_tokens": self.cached_input_tokens},
            "completion_tokens_details": {"reasoning_tokens": self.reasoning_tokens},
        }
        if self.characters:
            out["billed_characters"] = self.characters
        return out


@dataclass(slots=True)
class ToolCallOut:
    id: str
    name: str
    arguments: str


@dataclass(slots=True)
class Choice:
    index: int = 0
    content: str | None = None
    tool_calls: list[ToolCallOut] = field(default_factory=list)
    finish_reason: FinishReason | None = "stop"
    logprobs: dict[str, Any] | None = None
    refusal: str | None = None


@dataclass(slots=True)
class ChatResponse:
    id: str
    model: str
    choices: list[Choice]
    usage: Usage = field(default_factory=Usage)
    created: int = 0
    simulated: bool = False


@dataclass(slots=True)
class ToolCallDelta:
    index: int
    id: str | None = None
    name: str | None = None
    arguments: str | None = None


@dataclass(slots=True)
class ChoiceDelta:
    index: int = 0
    role: Literal["assistant"] | None = None
    content: str | None = None
    tool_calls: list[ToolCallDelta] | None = None
    finish_reason: FinishReason | None = None
    logprobs: dict[str, Any] | None = None


@dataclass(slots=True)
class ChatChunk:
    """One streamed piece. A chunk with only ``usage`` set carries the final token counts."""

    choices: list[ChoiceDelta] = field(default_factory=list)
    usage: Usage | None = None
    id: str | None = None
    model: str | None = None


@dataclass(slots=True)
class EmbeddingResponse:
    model: str
    vectors: list[list[float]]
    usage: Usage = field(default_factory=Usage)
