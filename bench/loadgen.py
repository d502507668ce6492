"""Load generation and process measurement for the benchmarks.

``wrk`` (C, one thread) drives throughput: a generated Lua script sets the POST body and
headers and prints wrk's summary as one JSON line. wrk's latency percentiles are not used for
the headline figures: wrk 4 "corrects" them for coordinated omission by adding synthetic samples
for every slow response, which turns one 5 ms pause at one connection into hundreds of samples.
Latency percentiles come instead from a closed-loop client (``asyncio.Protocol`` + httptools on
uvloop) that times every request. A small aiohttp client measures streaming time to first token.
CPU time and peak RSS of a process come from ``/proc/<pid>/stat`` and ``/proc/<pid>/status``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

WRK_INSTALL_HINT = (
    "wrk is not installed. It drives the throughput runs (a load generator in C: the client never limits req/s).\n"
    "Install it with:  sudo apt-get install -y wrk   (Debian/Ubuntu; `brew install wrk` on macOS)"
)

_CLK_TCK = os.sysconf("SC_CLK_TCK")

# wrk's done() runs once per wrk process; latency values are microseconds.
_LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,"err_write":%d,'
    .. '"err_status":%d,"err_timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0), latency.mean, latency.max))
end
"""


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit(WRK_INSTALL_HINT)
    return path


def wrk_script(directory: Path, name: str, body: bytes, headers: dict[str, str]) -> Path:
    text = body.decode()
    if "]==]" in text:
        raise ValueError("request body cannot be embedded in a Lua long string")
    lines = ['wrk.method = "POST"', f"wrk.body = [==[{text}]==]"]
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    path = directory / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n" + _LUA_DONE, encoding="utf-8")
    return path


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_wrk(wrk: str, url: str, script: Path, connections: int, seconds: float) -> WrkResult:
    cmd = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip() or out.stdout.strip()}")
    d = json.loads(line.removeprefix("WRKJSON "))
    secs = d["duration_us"] / 1e6
    errors = sum(d[k] for k in d if k.startswith("err_"))
    return WrkResult(
        requests=d["requests"],
        seconds=secs,
        rps=d["requests"] / secs if secs else 0.0,
        p50_ms=d["p50_us"] / 1000,
        p90_ms=d["p90_us"] / 1000,
        p99_ms=d["p99_us"] / 1000,
        mean_ms=d["mean_us"] / 1000,
        max_ms=d["max_us"] / 1000,
        errors=errors,
    )


# --- /proc --------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of every thread of ``pid`` so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def memory_mib(pid: int) -> dict[str, float]:
    """Current (VmRSS) and peak (VmHWM) resident set size in MiB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def core_busy_seconds(cpu: int) -> float:
    """Non-idle time of one core so far, whoever used it (to spot foreign load on a pinned core)."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{cpu} "):
            v = [int(x) for x in line.split()[1:]]
            idle = v[3] + v[4]  # idle + iowait
            return (sum(v[:8]) - idle) / _CLK_TCK
    raise ValueError(f"no cpu{cpu} in /proc/stat")


# --- closed-loop latency ------------------------------------------------------------------------


@dataclass
class LatencyResult:
    requests: int
    seconds: float
    rps: float
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Conn(asyncio.Protocol):
    """One keep-alive connection sending the same request again as soon as the answer is complete."""

    def __init__(self, request: bytes, samples: list[int], record_from: int, stop_at: int, done: Any) -> None:
        import httptools

        self._request = request
        self._samples = samples
        self._record_from = record_from
        self._stop_at = stop_at
        self._done = done
        self._parser = httptools.HttpResponseParser(self)
        self._transport: Any = None
        self._t0 = 0
        self.errors = 0

    def connection_made(self, transport: Any) -> None:
        self._transport = transport
        self._send()

    def _send(self) -> None:
        self._t0 = time.perf_counter_ns()
        self._transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        self._parser.feed_data(data)

    def on_message_complete(self) -> None:
        now = time.perf_counter_ns()
        if self._parser.get_status_code() != 200:
            self.errors += 1
        elif self._t0 >= self._record_from:
            self._samples.append(now - self._t0)
        if now < self._stop_at:
            self._send()
        elif not self._done.done():
            self._done.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._done.done():
            self._done.set_exception(exc or ConnectionError("connection closed by the server"))


async def _closed_loop(
    host: str, port: int, request: bytes, connections: int, seconds: float, settle: float
) -> LatencyResult:
    loop = asyncio.get_running_loop()
    samples: list[int] = []
    start = time.perf_counter_ns()
    record_from = start + int(settle * 1e9)
    stop_at = record_from + int(seconds * 1e9)
    conns: list[_Conn] = []
    waits = []
    for _ in range(connections):
        done = loop.create_future()
        transport, proto = await loop.create_connection(
            lambda d=done: _Conn(request, samples, record_from, stop_at, d), host, port
        )
        conns.append(proto)
        waits.append((transport, done))
    try:
        await asyncio.wait_for(asyncio.gather(*(d for _, d in waits)), timeout=settle + seconds + 30)
    finally:
        for transport, _ in waits:
            transport.close()
    ms = sorted(x / 1e6 for x in samples)
    return LatencyResult(
        requests=len(ms),
        seconds=seconds,
        rps=len(ms) / seconds,
        errors=sum(c.errors for c in conns),
        p50_ms=percentile(ms, 50, ordered=True),
        p90_ms=percentile(ms, 90, ordered=True),
        p99_ms=percentile(ms, 99, ordered=True),
        mean_ms=statistics.fmean(ms) if ms else float("nan"),
        max_ms=ms[-1] if ms else float("nan"),
    )


def closed_loop(
    url: str, body: bytes, headers: dict[str, str], connections: int, seconds: float, settle: float = 0.3
) -> LatencyResult:
    """``connections`` connections each sending back-to-back for ``seconds`` after ``settle``; every
    request is timed from its first byte written to its last byte read."""
    from urllib.parse import urlsplit

    u = urlsplit(url)
    host, port = u.hostname or "127.0.0.1", u.port or 80
    lines = [f"POST {u.path} HTTP/1.1", f"host: {u.netloc}", f"content-length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    return _run(_closed_loop(host, port, request, connections, seconds, settle))


def _run(coro: Any) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


# --- streaming time to first token ------------------------------------------------------------


@dataclass
class StreamResult:
    requests: int
    errors: int
    ttft_p50_ms: float
    ttft_p99_ms: float
    ttft_mean_ms: float
    total_p50_ms: float
    total_p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: list[float], pct: float, *, ordered: bool = False) -> float:
    if not values:
        return float("nan")
    if not ordered:
        values = sorted(values)
    k = (len(values) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def _stream_client(url: str, body: bytes, headers: dict[str, str], count: int, warmup: int) -> StreamResult:
    import aiohttp

    ttft: list[float] = []
    total: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=1, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        for i in range(warmup + count):
            t0 = time.perf_counter()
            first: float | None = None
            async with session.post(url, data=body, headers=headers) as resp:
                if resp.status != 200:
                    errors += 1
                    await resp.read()
                    continue
                # A token is the first event carrying non-empty content; both sides send the same events.
                async for line in resp.content:
                    if first is None and line.startswith(b"data: ") and b'"content":"tok' in line:
                        first = time.perf_counter()
            end = time.perf_counter()
            if i < warmup:
                continue
            if first is None:
                errors += 1
                continue
            ttft.append((first - t0) * 1000)
            total.append((end - t0) * 1000)
    return StreamResult(
        requests=len(ttft),
        errors=errors,
        ttft_p50_ms=percentile(ttft, 50),
        ttft_p99_ms=percentile(ttft, 99),
        ttft_mean_ms=statistics.fmean(ttft) if ttft else float("nan"),
        total_p50_ms=percentile(total, 50),
        total_p99_ms=percentile(total, 99),
    )


def stream_ttft(url: str, body: bytes, headers: dict[str, str], count: int, warmup: int = 20) -> StreamResult:
    """Sequential streamed requests over one kept-alive connection."""
    result: StreamResult = _run(_stream_client(url, body, headers, count, warmup))
    return result
