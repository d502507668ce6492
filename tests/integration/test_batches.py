"""Batch jobs through the official openai SDK: upload, create, poll, download; cancel; ownership; bad input.

The gateway runs in-process on simulated models; every line goes through the normal pipeline as the key that
created the batch (its allowed models apply), and its results come back in OpenAI's batch output format.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import openai
import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

ADMIN = "admin-secret"
MASTER = "master-secret"
T = TypeVar("T")


def sim(model: str, ttft_ms: float = 0) -> dict[str, Any]:
    behaviour = {"ttft_ms": ttft_ms, "tokens_per_second": 0, "output_tokens": 5}
    return {"provider": "sim", "model": model, "price": {"input": 1.0, "output": 2.0}, "sim": behaviour}


CONFIG = {
    "providers": {"sim": {"type": "sim", "region": "eu"}},
    "models": {
        "cheap": {"deployments": [{**sim("cheap"), "capabilities": ["chat", "tools", "embeddings"]}]},
        "slow": {"deployments": [sim("slow", ttft_ms=60)]},
        "embed": {"deployments": [{**sim("embed"), "capabilities": ["embeddings"]}]},
    },
    "keys": {"cache_seconds": 0},
    "reliability": {"retries": {"max_attempts": 1}},
    "batch": {"poll_seconds": 0.05, "concurrency": 8, "per_batch_concurrency": 2, "max_lines": 200},
}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with run_gateway(CONFIG, env={"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}) as server:
        yield server


def admin(gw: ThreadedServer, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.request(method, f"{gw.url}/admin/{path}", json=body, headers={"authorization": f"Bearer {ADMIN}"})
    assert r.status_code < 300, r.text
    return r.json()


def new_key(gw: ThreadedServer, name: str, **limits: Any) -> str:
    team = admin(gw, "POST", "teams", {"name": name})
    return str(admin(gw, "POST", "keys", {"team": team["id"], "name": name, **limits})["secret"])


def client(gw: ThreadedServer, secret: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key=secret, max_retries=0)


def until(check: Callable[[], T | None], timeout: float = 20.0) -> T:
    """Poll ``check`` (an API call) until it answers something, as a batch client does."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None:
            return found
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def ended(c: openai.OpenAI, batch_id: str) -> Any:
    def check() -> Any:
        batch = c.batches.retrieve(batch_id)
        return batch if batch.status in ("completed", "failed", "expired", "cancelled") else None

    return until(check)


def jsonl(items: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(i).encode() + b"\n" for i in items)


def chat_line(custom_id: str, model: str = "cheap", **body: Any) -> dict[str, Any]:
    request = {"model": model, "messages": [{"role": "user", "content": f"ticket {custom_id}"}], **body}
    return {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions", "body": request}


def tool_line(custom_id: str) -> dict[str, Any]:
    """A line whose answer names it: the simulated model calls the one tool offered, named after the line."""
    tool = {"type": "function", "function": {"name": f"tool_{custom_id}", "parameters": {"type": "object"}}}
    return chat_line(custom_id, tools=[tool])


def upload(c: openai.OpenAI, data: bytes, name: str = "input.jsonl") -> str:
    return c.files.create(file=(name, io.BytesIO(data)), purpose="batch").id


def create(c: openai.OpenAI, data: bytes) -> Any:
    return c.batches.create(input_file_id=upload(c, data), endpoint="/v1/chat/completions", completion_window="24h")


def results(c: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if file_id is None:
        return []
    return [json.loads(line) for line in c.files.content(file_id).text.splitlines()]


def test_the_sdk_uploads_creates_polls_and_downloads(gw: ThreadedServer) -> None:
    c = client(gw, new_key(gw, "tickets"))
    lines = [tool_line(f"req-{i}") for i in range(20)] + [chat_line("unknown", model="no-such-model")]
    uploaded = c.files.create(file=("tickets.jsonl", io.BytesIO(jsonl(lines))), purpose="batch")
    assert uploaded.purpose == "batch" and uploaded.filename == "tickets.jsonl" and uploaded.bytes > 0
    assert c.files.retrieve(uploaded.id).id == uploaded.id
    created = c.batches.create(
        input_file_id=uploaded.id,
        endpoint="/v1/chat/completions",
        completion_window="24h",
        metadata={"description": "nightly tickets"},
    )
    assert created.status == "in_progress" and created.request_counts is not None
    assert created.request_counts.total == 21 and created.metadata == {"description": "nightly tickets"}
    batch = ended(c, created.id)
    assert batch.status == "completed"
    assert batch.request_counts is not None
    assert (batch.request_counts.completed, batch.request_counts.failed) == (20, 1)
    assert batch.completed_at is not None and batch.in_progress_at is not None
    out = results(c, batch.output_file_id)
    assert [o["custom_id"] for o in out] == [f"req-{i}" for i in range(20)]  # input order
    for o in out:
        assert o["id"].startswith("batch_req_") and o["error"] is None
        assert o["response"]["status_code"] == 200 and o["response"]["request_id"]
        call = o["response"]["body"]["choices"][0]["message"]["tool_calls"][0]
        assert call["function"]["name"] == f"tool_{o['custom_id']}"
    [err] = results(c, batch.error_file_id)
    assert err["custom_id"] == "unknown" and err["response"]["status_code"] == 404
    assert err["response"]["body"]["error"]["code"] == "model_not_found"
    listed = c.batches.list(limit=5)
    assert created.id in [b.id for b in listed.data]
    metrics = httpx.get(f"{gw.url}/metrics").text
    assert 'orkester_batch_lines_total{endpoint="chat",outcome="completed"}' in metrics


def test_an_embeddings_batch(gw: ThreadedServer) -> None:
    c = client(gw, new_key(gw, "search"))
    lines = [
        {"custom_id": f"doc-{i}", "method": "POST", "url": "/v1/embeddings", "body": {"model": "embed", "input": t}}
        for i, t in enumerate(["a contract", "an invoice", "a contract"])
    ]
    batch = c.batches.create(input_file_id=upload(c, jsonl(lines)), endpoint="/v1/embeddings", completion_window="24h")
    batch = ended(c, batch.id)
    assert batch.status == "completed"
    vectors = {o["custom_id"]: o["response"]["body"]["data"][0]["embedding"] for o in results(c, batch.output_file_id)}
    assert len(vectors) == 3 and vectors["doc-0"] == vectors["doc-2"] != vectors["doc-1"]


def test_lines_run_as_the_key_that_created_the_batch(gw: ThreadedServer) -> None:
    c = client(gw, new_key(gw, "narrow", allowed_models=["cheap"]))
    lines = [chat_line("ok"), chat_line("not-allowed", model="slow")]
    batch = c.batches.create(
        input_file_id=upload(c, jsonl(lines)), endpoint="/v1/chat/completions", completion_window="24h"
    )
    batch = ended(c, batch.id)
    assert [o["custom_id"] for o in results(c, batch.output_file_id)] == ["ok"]
    [err] = results(c, batch.error_file_id)
    assert err["response"]["status_code"] == 403
    assert err["response"]["body"]["error"]["code"] == "model_not_allowed"


def test_cancel_stops_new_lines_and_keeps_the_finished_ones(gw: ThreadedServer) -> None:
    c = client(gw, new_key(gw, "cancelling"))
    lines = [chat_line(f"slow-{i}", model="slow") for i in range(40)]
    batch = c.batches.create(
        input_file_id=upload(c, jsonl(lines)), endpoint="/v1/chat/completions", completion_window="24h"
    )

    def started() -> bool | None:
        counts = c.batches.retrieve(batch.id).request_counts
        return True if counts is not None and counts.completed else None

    until(started)
    cancelling = c.batches.cancel(batch.id)
    assert cancelling.status in ("cancelling", "cancelled") and cancelling.cancelling_at is not None
    batch = ended(c, batch.id)
    assert batch.status == "cancelled" and batch.cancelled_at is not None
    assert batch.request_counts is not None
    done = batch.request_counts.completed
    assert 1 <= done < 40
    out = results(c, batch.output_file_id)
    not_run = results(c, batch.error_file_id)
    assert len(out) == done and {o["response"]["status_code"] for o in out} == {200}
    assert {e["error"]["code"] for e in not_run} == {"batch_cancelled"}
    assert sorted(o["custom_id"] for o in out + not_run) == sorted(f"slow-{i}" for i in range(40))
    # Cancelling again changes nothing; a finished batch cannot be cancelled.
    assert c.batches.cancel(batch.id).status == "cancelled"
    other = c.batches.create(
        input_file_id=upload(c, jsonl([chat_line("one")])), endpoint="/v1/chat/completions", completion_window="24h"
    )
    ended(c, other.id)
    with pytest.raises(openai.BadRequestError, match="already ended"):
        c.batches.cancel(other.id)


def test_another_key_cannot_see_the_batch_and_the_admin_sees_all(gw: ThreadedServer) -> None:
    owner, stranger = client(gw, new_key(gw, "owner")), client(gw, new_key(gw, "stranger"))
    file_id = upload(owner, jsonl([chat_line("mine")]))
    batch = owner.batches.create(input_file_id=file_id, endpoint="/v1/chat/completions", completion_window="24h")
    batch = ended(owner, batch.id)
    assert batch.output_file_id is not None
    with pytest.raises(openai.NotFoundError):
        stranger.batches.retrieve(batch.id)
    with pytest.raises(openai.NotFoundError):
        stranger.batches.cancel(batch.id)
    with pytest.raises(openai.NotFoundError):
        stranger.files.content(batch.output_file_id)
    with pytest.raises(openai.NotFoundError):  # nor run a batch over someone else's file
        stranger.batches.create(input_file_id=file_id, endpoint="/v1/chat/completions", completion_window="24h")
    assert batch.id not in [b.id for b in stranger.batches.list(limit=100).data]
    assert file_id not in [f.id for f in stranger.files.list()]
    admin_client = client(gw, ADMIN)
    assert admin_client.batches.retrieve(batch.id).id == batch.id
    assert batch.id in [b.id for b in admin_client.batches.list(limit=100).data]
    assert admin_client.files.content(batch.output_file_id).text.count("\n") == 1
    with pytest.raises(openai.PermissionDeniedError):  # the admin key reads; batches run as gateway keys
        admin_client.files.create(file=("x.jsonl", io.BytesIO(jsonl([chat_line("x")]))), purpose="batch")
    with pytest.raises(openai.AuthenticationError):
        client(gw, "ork-" + "x" * 32).batches.list()


def test_bad_input_files_fail_the_batch_with_each_line_named(gw: ThreadedServer) -> None:
    c = client(gw, MASTER)
    data = b"\n".join(
        [
            json.dumps(chat_line("a")).encode(),
            b"{not json",
            json.dumps(chat_line("a")).encode(),
            json.dumps({**chat_line("b"), "url": "/v1/embeddings"}).encode(),
            json.dumps({**chat_line("c"), "body": {"messages": []}}).encode(),
            json.dumps(chat_line("d", stream=True)).encode(),
            json.dumps({"method": "POST", "url": "/v1/chat/completions", "body": {}}).encode(),
        ]
    )
    batch = c.batches.create(input_file_id=upload(c, data), endpoint="/v1/chat/completions", completion_window="24h")
    assert batch.status == "failed" and batch.failed_at is not None and batch.errors is not None
    found = {(e.line, e.code) for e in batch.errors.data or []}
    assert found == {
        (2, "invalid_json_line"),
        (3, "duplicate_custom_id"),
        (4, "mismatched_endpoint"),
        (5, "invalid_body"),
        (6, "invalid_body"),
        (7, "missing_custom_id"),
    }
    assert c.batches.retrieve(batch.id).status == "failed"
    too_many = jsonl([chat_line(f"n{i}") for i in range(201)])
    failed = c.batches.create(
        input_file_id=upload(c, too_many), endpoint="/v1/chat/completions", completion_window="24h"
    )
    assert failed.errors is not None and [e.code for e in failed.errors.data or []] == ["too_many_lines"]


def test_bad_arguments_are_clear_400s(gw: ThreadedServer) -> None:
    c = client(gw, MASTER)
    good = upload(c, jsonl([chat_line("a")]))
    with pytest.raises(openai.BadRequestError, match="endpoint") as e:
        c.batches.create(input_file_id=good, endpoint="/v1/completions", completion_window="24h")  # type: ignore[arg-type]
    assert e.value.body is not None and e.value.body["param"] == "endpoint"  # type: ignore[index]
    with pytest.raises(openai.BadRequestError, match="completion_window"):
        c.batches.create(input_file_id=good, endpoint="/v1/chat/completions", completion_window="1h")  # type: ignore[arg-type]
    with pytest.raises(openai.NotFoundError, match="file-nope"):
        c.batches.create(input_file_id="file-nope", endpoint="/v1/chat/completions", completion_window="24h")
    with pytest.raises(openai.BadRequestError, match="purpose"):
        c.files.create(file=("x.jsonl", io.BytesIO(b"{}\n")), purpose="fine-tune")
    with pytest.raises(openai.BadRequestError, match="empty"):
        c.files.create(file=("x.jsonl", io.BytesIO(b"")), purpose="batch")
    auth = {"authorization": f"Bearer {MASTER}"}
    r = httpx.post(f"{gw.url}/v1/files", content=b"{}", headers={**auth, "content-type": "application/json"})
    assert r.status_code == 400 and "multipart/form-data" in r.json()["error"]["message"]
    r = httpx.post(f"{gw.url}/v1/batches", content=b"{oops", headers=auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"
    r = httpx.get(f"{gw.url}/v1/batches?limit=0", headers=auth)
    assert r.status_code == 400 and r.json()["error"]["param"] == "limit"


def test_the_dashboard_lists_batches_with_their_progress(gw: ThreadedServer) -> None:
    c = client(gw, MASTER)
    batch = c.batches.create(
        input_file_id=upload(c, jsonl([chat_line("x"), chat_line("y")])),
        endpoint="/v1/chat/completions",
        completion_window="24h",
    )
    ended(c, batch.id)
    with httpx.Client(base_url=gw.url) as ui:
        assert ui.post("/ui/login", data={"key": ADMIN, "next": "/ui/batches"}).status_code == 303
        page = ui.get("/ui/batches")
    assert page.status_code == 200
    assert batch.id in page.text and '<progress max="2" value="2">' in page.text
    assert 'href="/ui/batches"' in page.text


def test_the_cli_submits_waits_and_fetches_results(gw: ThreadedServer, tmp_path: Path) -> None:
    secret = new_key(gw, "cli")
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl([tool_line(f"cli-{i}") for i in range(6)]))
    runner = CliRunner()
    common = ["--url", gw.url, "--key", secret]
    done = runner.invoke(cli, ["batch", "submit", str(source), "--wait", "--interval", "0.05", *common])
    assert done.exit_code == 0, done.output
    assert "completed: 6 completed, 0 failed of 6" in done.output
    batch_id = done.output.split()[0]
    assert batch_id.startswith("batch_")
    status = runner.invoke(cli, ["batch", "status", batch_id, "--json", *common])
    assert status.exit_code == 0 and json.loads(status.output)["status"] == "completed"
    out = tmp_path / "out.jsonl"
    got = runner.invoke(cli, ["batch", "results", batch_id, "-o", str(out), *common])
    assert got.exit_code == 0, got.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["custom_id"] for r in rows] == [f"cli-{i}" for i in range(6)]
    listed = runner.invoke(cli, ["batch", "list", *common], env={"ORKESTER_API_KEY": None})
    assert listed.exit_code == 0 and batch_id in listed.output
    # The key comes from $ORKESTER_API_KEY too; another key sees nothing of this batch.
    assert (
        batch_id not in runner.invoke(cli, ["batch", "list", "--url", gw.url], env={"ORKESTER_API_KEY": MASTER}).output
    )
    refused = runner.invoke(cli, ["batch", "cancel", batch_id, "--url", gw.url, "--key", MASTER])
    assert refused.exit_code == 1 and "404" in refused.output and batch_id in refused.output
    slow = tmp_path / "slow.jsonl"
    slow.write_bytes(jsonl([chat_line(f"s{i}", model="slow") for i in range(30)]))
    submitted = runner.invoke(cli, ["batch", "submit", str(slow), *common])
    slow_id = submitted.output.split()[0]
    cancelled = runner.invoke(cli, ["batch", "cancel", slow_id, *common])
    assert cancelled.exit_code == 0 and ("cancelling" in cancelled.output or "cancelled" in cancelled.output)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n")
    failed = runner.invoke(cli, ["batch", "submit", str(bad), *common])
    assert failed.exit_code == 1 and "error invalid_json_line: line 1" in failed.output
    unreachable = runner.invoke(cli, ["batch", "list", "--url", "http://127.0.0.1:9", "--key", secret])
    assert unreachable.exit_code == 1 and "cannot reach the gateway" in unreachable.output


def test_every_batch_command_has_help() -> None:
    runner = CliRunner()
    for command in ("submit", "status", "results", "list", "cancel"):
        shown = runner.invoke(cli, ["batch", command, "--help"])
        assert shown.exit_code == 0 and "--url" in shown.output and "--key" in shown.output


def test_a_key_revoked_mid_batch_fails_the_lines_not_yet_run(gw: ThreadedServer) -> None:
    team = admin(gw, "POST", "teams", {"name": "revoked-team"})
    key = admin(gw, "POST", "keys", {"team": team["id"], "name": "soon-revoked"})
    c = client(gw, key["secret"])
    batch = create(c, jsonl([chat_line(f"r{i}", model="slow") for i in range(30)]))
    admin(gw, "DELETE", f"keys/{key['id']}")
    final = ended(client(gw, ADMIN), batch.id)
    counts = final.request_counts
    assert final.status == "completed" and counts.completed + counts.failed == 30 and counts.failed > 0
    errors = results(client(gw, ADMIN), final.error_file_id)
    assert {(e["response"]["status_code"], e["response"]["body"]["error"]["code"]) for e in errors} == {
        (401, "revoked_api_key")
    }
