"""``orkester batch submit|status|results|list|cancel``: batch jobs on a running gateway, over its HTTP API.

The commands speak the gateway's OpenAI-compatible Files and Batch APIs (docs/batch.md), so they work
against any replica: ``--url`` (default ``$ORKESTER_URL``, else http://127.0.0.1:4000) and the key the batch
runs as, ``--key`` (default ``$ORKESTER_API_KEY``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import httpx

from .report import format_table

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_URL = "http://127.0.0.1:4000"
FINAL = ("completed", "failed", "expired", "cancelled")
TIMEOUT_S = 60.0


def _options(fn: F) -> F:
    fn = click.option(
        "--key",
        envvar="ORKESTER_API_KEY",
        help="API key the batch belongs to and runs as (default: $ORKESTER_API_KEY; the admin key may read all).",
    )(fn)
    fn = click.option(
        "--url",
        envvar="ORKESTER_URL",
        default=DEFAULT_URL,
        show_default=True,
        help="Base URL of the running gateway (default: $ORKESTER_URL).",
    )(fn)
    return fn


class _Api:
    def __init__(self, url: str, key: str | None) -> None:
        headers = {"authorization": f"Bearer {key}"} if key else {}
        self.client = httpx.Client(base_url=url.rstrip("/") + "/v1", headers=headers, timeout=TIMEOUT_S)
        self.url = url

    def __enter__(self) -> _Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as e:
            raise click.ClickException(f"cannot reach the gateway at {self.url}: {e}") from None
        if response.status_code >= 400:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:300]
            raise click.ClickException(f"{response.status_code}: {message}")
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(method, path, **kwargs).json()


def _progress(batch: dict[str, Any]) -> str:
    c = batch["request_counts"]
    return f"{batch['status']}: {c['completed']} completed, {c['failed']} failed of {c['total']}"


def _show(batch: dict[str, Any]) -> None:
    click.echo(f"{batch['id']}  {_progress(batch)}")
    for name in ("endpoint", "input_file_id", "output_file_id", "error_file_id"):
        if batch.get(name):
            click.echo(f"  {name}: {batch[name]}")
    for err in (batch.get("errors") or {}).get("data", []):
        where = f"line {err['line']}: " if err.get("line") else ""
        click.echo(f"  error {err['code']}: {where}{err['message']}")


def _wait(api: _Api, batch: dict[str, Any], interval: float) -> dict[str, Any]:
    """Poll until the batch ends, drawing a progress bar on stderr."""
    total = max(1, batch["request_counts"]["total"])
    with click.progressbar(length=total, label=batch["id"], file=sys.stderr, show_pos=True) as bar:
        shown = 0
        while batch["status"] not in FINAL:
            time.sleep(interval)  # the gateway offers no push: poll as OpenAI's clients do
            batch = api.json("GET", f"/batches/{batch['id']}")
            c = batch["request_counts"]
            done = c["completed"] + c["failed"]
            bar.update(done - shown)
            shown = done
    return batch


@click.group()
def batch() -> None:
    """Batch jobs on a running gateway: JSONL in, JSONL out, in OpenAI's Batch API format (docs/batch.md).

    \b
    orkester batch submit tickets.jsonl --wait
    orkester batch status batch_abc
    orkester batch results batch_abc -o answers.jsonl
    """


@batch.command("submit")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--endpoint",
    type=click.Choice(["/v1/chat/completions", "/v1/embeddings"]),
    default="/v1/chat/completions",
    show_default=True,
    help="The endpoint every line calls (each line's url must match).",
)
@click.option("--wait", is_flag=True, help="Wait for the batch to end, with a progress bar.")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between polls with --wait.")
@click.option("--metadata", multiple=True, help="KEY=VALUE to attach to the batch (repeatable).")
@_options
def submit_cmd(
    file: Path, endpoint: str, wait: bool, interval: float, metadata: tuple[str, ...], url: str, key: str | None
) -> None:
    """Upload FILE (JSONL, one request a line) and create a batch over it; print the batch id."""
    meta = {}
    for item in metadata:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--metadata")
        meta[name] = value
    with _Api(url, key) as api:
        upload = {"file": (file.name, file.read_bytes(), "application/jsonl")}
        uploaded = api.json("POST", "/files", files=upload, data={"purpose": "batch"})
        body: dict[str, Any] = {"input_file_id": uploaded["id"], "endpoint": endpoint, "completion_window": "24h"}
        if meta:
            body["metadata"] = meta
        created = api.json("POST", "/batches", json=body)
        if wait and created["status"] not in FINAL:
            created = _wait(api, created, interval)
    _show(created)
    if created["status"] == "failed":
        sys.exit(1)


@batch.command("status")
@click.argument("batch_id")
@click.option("--json", "as_json", is_flag=True, help="Print the batch object as JSON.")
@_options
def status_cmd(batch_id: str, as_json: bool, url: str, key: str | None) -> None:
    """Show a batch: status, counts, file ids, validation errors."""
    with _Api(url, key) as api:
        found = api.json("GET", f"/batches/{batch_id}")
    if as_json:
        click.echo(json.dumps(found, indent=2))
    else:
        _show(found)


@batch.command("results")
@click.argument("batch_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--errors", "with_errors", is_flag=True, help="Also the error file's lines (failed requests).")
@_options
def results_cmd(batch_id: str, output: Path | None, with_errors: bool, url: str, key: str | None) -> None:
    """The output file of an ended batch (JSONL, one result a line, in input order)."""
    with _Api(url, key) as api:
        found = api.json("GET", f"/batches/{batch_id}")
        if found["status"] not in FINAL:
            raise click.ClickException(f"batch {batch_id} has not ended yet ({_progress(found)})")
        data = b""
        for name in ("output_file_id", *(("error_file_id",) if with_errors else ())):
            if found.get(name):
                data += api.call("GET", f"/files/{found[name]}/content").content
    if output is not None:
        output.write_bytes(data)
        lines = data.count(b"\n")
        click.echo(f"wrote {lines} lines to {output}", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@batch.command("list")
@click.option("--limit", type=int, default=20, show_default=True, help="How many batches, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_options
def list_cmd(limit: int, as_json: bool, url: str, key: str | None) -> None:
    """Your batches (every batch with the admin key), newest first."""
    with _Api(url, key) as api:
        page = api.json("GET", "/batches", params={"limit": limit})
    if as_json:
        click.echo(json.dumps(page["data"], indent=2))
        return
    rows = []
    for b in page["data"]:
        c = b["request_counts"]
        created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(b["created_at"]))
        rows.append([b["id"], b["status"], b["endpoint"], c["total"], c["completed"], c["failed"], created])
    click.echo(format_table(["id", "status", "endpoint", "total", "completed", "failed", "created"], rows))


@batch.command("cancel")
@click.argument("batch_id")
@_options
def cancel_cmd(batch_id: str, url: str, key: str | None) -> None:
    """Stop a batch: no new lines start; it ends cancelled with the finished lines in its output."""
    with _Api(url, key) as api:
        _show(api.json("POST", f"/batches/{batch_id}/cancel"))
