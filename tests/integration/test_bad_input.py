"""Bad input gets a clear 4xx in OpenAI's error shape, and the server keeps serving."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

CONFIG = {
    "server": {"max_body_bytes": 10_000},
    "providers": {"sim": {"type": "sim"}},
    "models": {
        "chat": {"deployments": [{"provider": "sim", "model": "s", "sim": {"ttft_ms": 0, "tokens_per_second": 0}}]}
    },
}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with run_gateway(CONFIG) as srv:
        yield srv


def post(gw: ThreadedServer, content: bytes | str, **headers: str) -> httpx.Response:
    return httpx.post(
        f"{gw.url}/v1/chat/completions",
        content=content,
        headers={"content-type": "application/json", **headers},
    )


def assert_openai_error(r: httpx.Response, status: int, *needles: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    err = r.json()["error"]
    assert set(err) == {"message", "type", "param", "code"}
    for n in needles:
        assert n in err["message"], err["message"]
    return err  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("body", "status", "needles", "param"),
    [
        (b'{"model": "chat", "messages": [', 400, ("not valid JSON",), None),
        (b"", 400, ("not valid JSON",), None),
        (b"[1, 2]", 400, ("Invalid request",), None),
        (b'{"model": "chat"}', 400, ("messages: Field required",), "messages"),
        (b'{"model": "chat", "messages": []}', 400, ("messages: List should have at least 1 item",), "messages"),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}',
            400,
            ("temperature", 'got "hot"'),
            "temperature",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "temperature": 3}',
            400,
            ("less than or equal to 2",),
            "temperature",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "max_tokens": 0}',
            400,
            ("max_tokens",),
            "max_tokens",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "wizard", "content": "x"}]}',
            400,
            ("messages.0.role",),
            "messages.0.role",
        ),
        (b'{"model": "chat", "messages": [{"role": "user", "content": 42}]}', 400, ("messages.0.content",), None),
        (
            b'{"model": 5, "messages": [{"role": "user", "content": "x"}]}',
            400,
            ("model: Input should be a valid string",),
            "model",
        ),
        (
            b'{"model": "gpt-9", "messages": [{"role": "user", "content": "x"}]}',
            404,
            ("'gpt-9' does not exist", "chat"),
            "model",
        ),
    ],
)
def test_bad_requests(
    gw: ThreadedServer, body: bytes, status: int, needles: tuple[str, ...], param: str | None
) -> None:
    err = assert_openai_error(post(gw, body), status, *needles)
    if param is not None:
        assert err["param"] == param


def test_oversized_body_is_413_with_or_without_content_length(gw: ThreadedServer) -> None:
    big = b'{"model": "chat", "messages": [{"role": "user", "content": "' + b"x" * 20_000 + b'"}]}'
    assert_openai_error(post(gw, big), 413, "exceeds the limit of 10000 bytes")

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 4096):
            yield big[i : i + 4096]

    r = httpx.post(f"{gw.url}/v1/chat/completions", content=chunks(), headers={"content-type": "application/json"})
    assert_openai_error(r, 413, "exceeds the limit")


def test_unknown_route_and_method_are_openai_errors(gw: ThreadedServer) -> None:
    assert_openai_error(httpx.get(f"{gw.url}/v1/nothing"), 404)
    assert_openai_error(httpx.get(f"{gw.url}/v1/chat/completions"), 405)


def test_embeddings_bad_input(gw: ThreadedServer) -> None:
    r = httpx.post(f"{gw.url}/v1/embeddings", json={"model": "chat", "input": {"a": 1}})
    assert_openai_error(r, 400, "input")


def test_server_keeps_serving_after_a_storm_of_bad_requests(gw: ThreadedServer) -> None:
    for body in (b"{", b"null", b'{"model": []}', b"\xff\xfe", b'{"messages": "no"}') * 20:
        assert post(gw, body).status_code == 400
    ok = post(gw, b'{"model": "chat", "messages": [{"role": "user", "content": "still there?"}]}')
    assert ok.status_code == 200
    assert ok.json()["choices"][0]["message"]["content"].startswith("Simulated answer")
    assert httpx.get(f"{gw.url}/healthz").json() == {"status": "ok"}
