"""`orkester serve` as a real process for tests, ready when its /healthz answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def orkester_serve(
    *args: str, drop_env: tuple[str, ...] = ("ORKESTER_CONFIG",)
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start ``orkester serve ARGS --port P`` and wait until it answers; yields (process, base URL).

    On exit the process is stopped gracefully (SIGTERM) unless it already ended."""
    import httpx

    port = free_port()
    exe = Path(sys.executable).with_name("orkester")
    env = {k: v for k, v in os.environ.items() if k not in drop_env}
    cmd = [str(exe), "serve", *args, "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # polled readiness: the process has to start before its port answers
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "orkester serve did not start"
            time.sleep(0.1)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.communicate(timeout=60)
