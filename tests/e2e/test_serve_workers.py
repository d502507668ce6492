"""`orkester serve --demo --workers 2`: several processes behind one port, each a full gateway."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serving_children(pid: int) -> list[int]:
    """Worker processes of the supervisor (uvicorn also starts a resource tracker; it has no 'serve')."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and "resource_tracker" not in cmdline:
            out.append(int(entry.name))
    return out


def test_two_workers_serve_the_demo_catalog() -> None:
    port = _free_port()
    exe = Path(sys.executable).with_name("orkester")
    env = {k: v for k, v in os.environ.items() if k != "ORKESTER_CONFIG"}
    proc = subprocess.Popen(
        [str(exe), "serve", "--demo", "--workers", "2", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # polled readiness: the workers have to start before the port answers
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.1)
        for _ in range(20):
            with httpx.Client() as c:  # a new connection each time, so both workers get some
                r = c.post(
                    f"{base}/v1/chat/completions",
                    json={"model": "demo-cheap", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2},
                    headers={"x-orkester-deadline-ms": "10000"},
                )
                assert r.status_code == 200
                assert r.headers["x-orkester-simulated"] == "true"
        assert len(_serving_children(proc.pid)) == 2
        assert [m["id"] for m in httpx.get(f"{base}/v1/models").json()["data"]][:2] == ["demo-cheap", "demo-embed"]
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
