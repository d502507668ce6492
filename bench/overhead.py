"""What Orkester adds on top of calling the upstream directly: latency, CPU, throughput, memory.

One run starts a fake OpenAI-compatible upstream (bench/upstream.py) and, for comparison, the
bare uvicorn + aiohttp relay (bench/relay.py), then Orkester (`orkester serve`) with a master
key so auth is on and one model alias with a price so routing and accounting run. Orkester and
the relay are pinned to one core; the upstream, wrk and this driver share the other.

For each concurrency (default 1, 16 and 64 connections) and each target (the upstream called
directly, the relay, Orkester), after a warm-up:

  * wrk for a fixed time: requests/s, and the target's CPU time from /proc/<pid>/stat, hence CPU
    per request and requests per CPU-second ("per core");
  * a closed-loop client for a fixed time: p50/p99 latency of every request, and the difference
    to calling the upstream directly;

then the same for streamed answers, time to first token (sequential streams on one connection,
an aiohttp client), and the peak RSS (VmHWM) of each process.

Everything targets 127.0.0.1 and every load is bounded in time. Results are printed and written
as JSON under bench/results/.

    .venv/bin/python bench/overhead.py            # or: make bench
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import loadgen

BENCH = Path(__file__).resolve().parent
MASTER_KEY = "bench-master-key"
UPSTREAM_KEY = "bench-upstream-key"
ALIAS = "bench"
CHAT_PATH = "/v1/chat/completions"
TARGETS = {"ttft_overhead_ms": 1.0, "added_p50_ms_c1": 1.0, "requests_per_cpu_second": 2000.0, "peak_rss_mib": 150.0}


def chat_body(model: str, *, stream: bool) -> bytes:
    body: dict[str, Any] = {
        "model": model,
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Say hello in one short sentence."},
        ],
        "max_tokens": 64,
        "temperature": 0.2,
    }
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return json.dumps(body, separators=(",", ":")).encode()


def gateway_config(port: int, upstream_port: int, guardrails: bool = True) -> str:
    """Default features: auth (master key), data protection (classification, residency, the audit log in
    SQLite), routing (an alias), accounting (a price). ``guardrails=False`` measures the core without them."""
    region = "    region: eu\n" if guardrails else ""
    off = "guardrails:\n  enabled: false\n" if not guardrails else ""
    return (
        off
        + f"""\
server:
  host: 127.0.0.1
  port: {port}
  master_key_env: ORKESTER_MASTER_KEY
providers:
  fake:
    type: openai_compatible
    base_url: http://127.0.0.1:{upstream_port}/v1
    api_key_env: BENCH_UPSTREAM_KEY
{region}models:
  {ALIAS}:
    deployments:
      - provider: fake
        model: fake-model
        price: {{input: 0.15, output: 0.6}}
        context_window: 128000
        capabilities: [chat, streaming, tools, json]
routing:
  default_model: {ALIAS}
"""
    )


# --- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pinned(cpu: int | None) -> Any:
    if cpu is None:
        return None

    def pin() -> None:
        os.sched_setaffinity(0, {cpu})

    return pin


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    base_url: str

    @property
    def pid(self) -> int:
        return self.popen.pid

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=5)


def start(name: str, cmd: list[str], port: int, workdir: Path, cpu: int | None, env: dict[str, str]) -> Proc:
    log = workdir / f"{name}.log"
    with log.open("wb") as fh:
        popen = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, preexec_fn=pinned(cpu))
    proc = Proc(name, popen, log, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"{name} exited with {popen.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(proc.base_url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    proc.stop()
    raise RuntimeError(f"{name} did not answer /healthz within 60 s; see {log}")


def check_answers(proc: Proc, model: str, headers: dict[str, str]) -> None:
    """One plain and one streamed request must succeed before any load is applied."""
    for stream in (False, True):
        req = urllib.request.Request(
            proc.base_url + CHAT_PATH, data=chat_body(model, stream=stream), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                text = r.read().decode()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{proc.name} answered {e.code}: {e.read()[:500]!r}") from None
        expected = "[DONE]" if stream else "Hello!"
        if expected not in text:
            raise RuntimeError(f"{proc.name} answered unexpectedly: {text[:500]!r}")


# --- measurement --------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    model: str
    headers: dict[str, str]
    pid: int | None  # the process whose CPU is charged to this target (None: the upstream itself)
    scripts: dict[bool, Path] = field(default_factory=dict)


def _snapshot(pids: dict[str, int], core: int | None) -> dict[str, float]:
    snap = {k: loadgen.cpu_seconds(p) for k, p in pids.items()}
    if core is not None:
        snap["core"] = loadgen.core_busy_seconds(core)
    return snap


def _cpu_figures(before: dict[str, float], after: dict[str, float], requests: int, seconds: float) -> dict[str, Any]:
    used = {k: after[k] - before[k] for k in before}
    out: dict[str, Any] = {"upstream_cpu_ms_per_req": 1000 * used["upstream"] / requests if requests else None}
    g = used.get("gateway")
    if g is not None:
        out["gateway_cpu_s"] = g
        out["gateway_cpu_util"] = g / seconds if seconds else None
        out["gateway_cpu_ms_per_req"] = 1000 * g / requests if requests else None
        out["requests_per_cpu_second"] = requests / g if g else None
        if "core" in used and seconds:
            # Whatever else ran on the gateway's core meanwhile (other processes, interrupts, softirq
            # work for loopback traffic); more than a few percent means a noisy run.
            out["gateway_core_foreign_util"] = max(0.0, used["core"] - g - used.get("spinner", 0.0)) / seconds
    return out


def measure(
    wrk: str,
    target: Target,
    stream: bool,
    connections: int,
    args: argparse.Namespace,
    upstream_pid: int,
    gateway_core: int | None,
    spinner_pid: int | None,
) -> dict[str, Any]:
    """wrk for throughput and CPU per request, then the closed-loop client for per-request latency."""
    script = target.scripts[stream]
    if args.warmup > 0:
        loadgen.run_wrk(wrk, target.url, script, connections, args.warmup)
    pids = {"upstream": upstream_pid} | ({"gateway": target.pid} if target.pid else {})
    if spinner_pid is not None:
        pids["spinner"] = spinner_pid
    core = gateway_core if target.pid else None
    before = _snapshot(pids, core)
    res = loadgen.run_wrk(wrk, target.url, script, connections, args.duration)
    wrk_fig = res.as_dict() | _cpu_figures(before, _snapshot(pids, core), res.requests, res.seconds)
    row: dict[str, Any] = {"target": target.name, "stream": stream, "connections": connections, "wrk": wrk_fig}
    row |= {k: wrk_fig.get(k) for k in ("rps", "gateway_cpu_ms_per_req", "requests_per_cpu_second")}
    row["gateway_cpu_util"] = wrk_fig.get("gateway_cpu_util")
    row["gateway_core_foreign_util"] = wrk_fig.get("gateway_core_foreign_util")
    row |= {"p50_ms": res.p50_ms, "p99_ms": res.p99_ms, "latency_source": "wrk (coordinated-omission corrected)"}
    errors = res.errors
    if args.latency_duration > 0:
        body = chat_body(target.model, stream=stream)
        before = _snapshot(pids, core)
        lat = loadgen.closed_loop(target.url, body, target.headers, connections, args.latency_duration)
        row["closed_loop"] = lat.as_dict() | _cpu_figures(before, _snapshot(pids, core), lat.requests, lat.seconds)
        row |= {"p50_ms": lat.p50_ms, "p99_ms": lat.p99_ms, "latency_source": "closed-loop client"}
        errors += lat.errors
    row["errors"] = errors
    if errors:
        print(f"  warning: {target.name} c={connections}: {errors} errors (non-2xx, timeouts, resets)")
    foreign = row["gateway_core_foreign_util"]
    if foreign is not None and foreign > 0.05:
        print(f"  warning: other work used {100 * foreign:.0f}% of the gateway's core during this run")
    return row


def machine() -> dict[str, Any]:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    versions = {}
    for pkg in ("orkester", "uvicorn", "uvloop", "httptools", "starlette", "aiohttp", "pydantic", "orjson"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout.split("\n", 1)[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": versions,
        "wrk": wrk.strip(),
    }


# --- report -------------------------------------------------------------------------------------


def _f(v: float | None, spec: str = ".2f") -> str:
    return "-" if v is None else format(v, spec)


def summarize(rows: list[dict[str, Any]], ttft: dict[str, dict[str, Any]], rss: dict[str, dict[str, float]]) -> Any:
    by = {(r["target"], r["stream"], r["connections"]): r for r in rows}
    conns = sorted({r["connections"] for r in rows if not r["stream"]})
    gateways = [t for t in ("relay", "orkester") if any(r["target"] == t for r in rows)]
    summary: dict[str, Any] = {"per_connections": {}}
    for c in conns:
        d = by[("direct", False, c)]
        entry: dict[str, Any] = {"direct_rps": d["rps"], "direct_p50_ms": d["p50_ms"], "direct_p99_ms": d["p99_ms"]}
        for g in gateways:
            r = by[(g, False, c)]
            entry[g] = {
                "rps": r["rps"],
                "rps_ratio_to_direct": r["rps"] / d["rps"] if d["rps"] else None,
                "p50_ms": r["p50_ms"],
                "p99_ms": r["p99_ms"],
                "added_p50_ms": r["p50_ms"] - d["p50_ms"],
                "added_p99_ms": r["p99_ms"] - d["p99_ms"],
                "cpu_ms_per_req": r.get("gateway_cpu_ms_per_req"),
                "requests_per_cpu_second": r.get("requests_per_cpu_second"),
                "cpu_util": r.get("gateway_cpu_util"),
            }
        summary["per_connections"][c] = entry
    if "direct" in ttft:
        for g in gateways:
            if g in ttft:
                summary.setdefault("ttft_overhead_ms", {})[g] = {
                    "p50": ttft[g]["ttft_p50_ms"] - ttft["direct"]["ttft_p50_ms"],
                    "p99": ttft[g]["ttft_p99_ms"] - ttft["direct"]["ttft_p99_ms"],
                }
    summary["rss_mib"] = rss
    if "orkester" in gateways:
        best_c = max(conns, key=lambda c: summary["per_connections"][c]["orkester"]["requests_per_cpu_second"] or 0)
        best = summary["per_connections"][best_c]["orkester"]["requests_per_cpu_second"] or 0.0
        added = summary["per_connections"][conns[0]]["orkester"]["added_p50_ms"] if conns[0] == 1 else None
        tt = summary.get("ttft_overhead_ms", {}).get("orkester", {}).get("p50")
        peak = rss.get("orkester", {}).get("VmHWM")
        summary["targets"] = {
            "added_p50_ms_c1": _verdict(added, "added_p50_ms_c1"),
            "requests_per_cpu_second": _verdict(best, "requests_per_cpu_second", higher_is_better=True)
            | {"at_connections": best_c},
            "ttft_overhead_ms": _verdict(tt, "ttft_overhead_ms"),
            "peak_rss_mib": _verdict(peak, "peak_rss_mib"),
        }
    return summary


def _verdict(value: float | None, name: str, *, higher_is_better: bool = False) -> dict[str, Any]:
    target = TARGETS[name]
    met = None if value is None else (value >= target if higher_is_better else value <= target)
    return {"value": value, "target": target, "met": met}


def print_report(rows: list[dict[str, Any]], summary: dict[str, Any], ttft: dict[str, dict[str, Any]]) -> None:
    print()
    print("Non-streaming chat completions; gateway pinned to one core")
    print("(req/s, CPU: wrk; p50/p99: closed-loop client timing every request; +: minus calling the upstream directly)")
    hdr = f"{'target':<9}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'+p50 ms':>9}{'+p99 ms':>9}"
    hdr += f"{'x direct':>10}{'CPU ms/req':>12}{'req/CPU-s':>11}{'CPU%':>6}"
    print(hdr)
    for c, e in summary["per_connections"].items():
        print(f"{'direct':<9}{c:>6}{e['direct_rps']:>10.0f}{e['direct_p50_ms']:>9.3f}{e['direct_p99_ms']:>9.3f}")
        for g in ("relay", "orkester"):
            if g not in e:
                continue
            o = e[g]
            util = None if o["cpu_util"] is None else 100 * o["cpu_util"]
            print(
                f"{g:<9}{c:>6}{o['rps']:>10.0f}{o['p50_ms']:>9.3f}{o['p99_ms']:>9.3f}{o['added_p50_ms']:>9.3f}"
                f"{o['added_p99_ms']:>9.3f}{_f(o['rps_ratio_to_direct'], '.3f'):>10}"
                f"{_f(o['cpu_ms_per_req'], '.3f'):>12}"
                f"{_f(o['requests_per_cpu_second'], '.0f'):>11}{_f(util, '.0f'):>6}"
            )
    streams = [r for r in rows if r["stream"]]
    if streams:
        print()
        print("Streamed chat completions (wrk; 20 content chunks + usage + [DONE] each)")
        for r in streams:
            print(
                f"{r['target']:<9}{r['connections']:>6}{r['rps']:>10.0f}{r['p50_ms']:>9.3f}{r['p99_ms']:>9.3f}"
                f"{'':>28}{_f(r.get('gateway_cpu_ms_per_req'), '.3f'):>12}"
                f"{_f(r.get('requests_per_cpu_second'), '.0f'):>11}"
            )
    if ttft:
        print()
        print("Time to first token (sequential streams on one connection, aiohttp client)")
        print(f"{'target':<9}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'+p50 ms':>9}{'+p99 ms':>9}{'total p50':>11}")
        d = ttft.get("direct")
        for name, t in ttft.items():
            add50 = t["ttft_p50_ms"] - d["ttft_p50_ms"] if d else None
            add99 = t["ttft_p99_ms"] - d["ttft_p99_ms"] if d else None
            print(
                f"{name:<9}{t['requests']:>6}{t['ttft_p50_ms']:>9.3f}{t['ttft_p99_ms']:>9.3f}"
                f"{_f(add50, '.3f'):>9}{_f(add99, '.3f'):>9}{t['total_p50_ms']:>11.3f}"
            )
    print()
    print(
        "Memory (MiB): "
        + ", ".join(f"{k} peak {v['VmHWM']:.1f} (now {v['VmRSS']:.1f})" for k, v in summary["rss_mib"].items())
    )
    if "targets" in summary:
        print()
        print("Targets for Orkester:")
        for k, t in summary["targets"].items():
            verdict = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
            print(f"  {k:<26}{_f(t['value'], '.3f'):>10}  target {t['target']:g}  -> {verdict}")


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", default="1,16,64", help="comma-separated concurrency levels (default %(default)s)")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds of wrk per run (default %(default)s)")
    ap.add_argument(
        "--latency-duration",
        type=float,
        default=3.0,
        help="seconds of closed-loop latency timing per run; 0 falls back to wrk's percentiles (default %(default)s)",
    )
    ap.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of warm-up before each run (default %(default)s)"
    )
    ap.add_argument("--stream-requests", type=int, default=300, help="streams timed for TTFT (default %(default)s)")
    ap.add_argument("--stream-connections", type=int, default=16, help="wrk connections for streams (0 skips)")
    ap.add_argument("--gateway-cpu", type=int, default=0, help="core for Orkester and the relay (default 0)")
    ap.add_argument("--client-cpu", type=int, default=1, help="core for upstream, wrk and the driver (default 1)")
    ap.add_argument("--no-relay", action="store_true", help="skip the bare uvicorn + aiohttp relay")
    ap.add_argument(
        "--no-guardrails",
        action="store_true",
        help="turn data protection off (no classification, residency or audit log) to measure the core alone",
    )
    ap.add_argument(
        "--keep-awake",
        action="store_true",
        help="keep the gateway's core out of idle with a SCHED_IDLE busy loop (takes the idle wake-up "
        "latency of a virtual CPU out of the low-concurrency tail)",
    )
    ap.add_argument("--first-token-ms", type=float, default=0.0, help="upstream delay before a stream's first event")
    ap.add_argument("--output", type=Path, help="JSON result file (default bench/results/overhead-<time>.json)")
    ap.add_argument(
        "--profile", type=Path, help="after measuring, record Orkester with py-spy under load into this file"
    )
    ap.add_argument(
        "--profile-format", default="flamegraph", choices=["flamegraph", "raw", "speedscope"], help="py-spy format"
    )
    ap.add_argument("--profile-stream", action="store_true", help="profile streamed requests instead of plain ones")
    ap.add_argument("--profile-seconds", type=float, default=10.0, help="seconds to profile (default %(default)s)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = loadgen.require_wrk()
    load1 = float(Path("/proc/loadavg").read_text().split()[0])
    if load1 > 0.5:
        print(f"warning: load average is {load1:.2f} before starting; other work on this machine will skew the figures")
    cores = sorted(os.sched_getaffinity(0))
    gw_cpu: int | None = args.gateway_cpu
    cl_cpu: int | None = args.client_cpu
    if gw_cpu not in cores or cl_cpu not in cores or gw_cpu == cl_cpu:
        print(f"warning: cannot pin to cores {gw_cpu} and {cl_cpu} (available: {cores}); running unpinned")
        gw_cpu = cl_cpu = None
    if cl_cpu is not None:
        os.sched_setaffinity(0, {cl_cpu})  # wrk and the TTFT client inherit this
    connections = [int(x) for x in args.connections.split(",") if x.strip()]
    py = sys.executable
    orkester_bin = shutil.which("orkester", path=str(Path(py).parent)) or "orkester"

    with tempfile.TemporaryDirectory(prefix="orkester-bench-") as tmp, contextlib.ExitStack() as stack:
        work = Path(tmp)
        env = dict(os.environ)
        env["PYTHONUNBUFFERED"] = "1"
        env.pop("ORKESTER_CONFIG", None)
        up_port = free_port()
        upstream_cmd = [py, str(BENCH / "upstream.py"), "--port", str(up_port)]
        upstream_cmd += ["--first-token-ms", str(args.first_token_ms)]
        upstream = start("upstream", upstream_cmd, up_port, work, cl_cpu, env)
        stack.callback(upstream.stop)
        procs = {"upstream": upstream}

        if not args.no_relay:
            port = free_port()
            cmd = [py, str(BENCH / "relay.py"), "--port", str(port), "--upstream", upstream.base_url]
            relay = start("relay", cmd, port, work, gw_cpu, env)
            stack.callback(relay.stop)
            procs["relay"] = relay

        gw_port = free_port()
        cfg = work / "orkester.yaml"
        cfg.write_text(gateway_config(gw_port, up_port, not args.no_guardrails), encoding="utf-8")
        gw_env = env | {"ORKESTER_MASTER_KEY": MASTER_KEY, "BENCH_UPSTREAM_KEY": UPSTREAM_KEY}
        gw_cmd = [orkester_bin, "serve", "--config", str(cfg), "--port", str(gw_port), "--log-level", "warning"]
        orkester = start("orkester", gw_cmd, gw_port, work, gw_cpu, gw_env)
        stack.callback(orkester.stop)
        procs["orkester"] = orkester
        rss_idle = loadgen.memory_mib(orkester.pid)["VmRSS"]
        spinner = keep_awake(gw_cpu, stack) if args.keep_awake else None

        json_h = {"content-type": "application/json"}
        targets = [Target("direct", upstream.base_url + CHAT_PATH, "fake-model", json_h | _bearer(UPSTREAM_KEY), None)]
        if "relay" in procs:
            r = procs["relay"]
            targets.append(Target("relay", r.base_url + CHAT_PATH, "fake-model", json_h | _bearer(UPSTREAM_KEY), r.pid))
        targets.append(
            Target("orkester", orkester.base_url + CHAT_PATH, ALIAS, json_h | _bearer(MASTER_KEY), orkester.pid)
        )
        for t in targets:
            check_answers(procs.get(t.name, upstream), t.model, t.headers)
            for stream in (False, True):
                body = chat_body(t.model, stream=stream)
                t.scripts[stream] = loadgen.wrk_script(work, f"{t.name}-{int(stream)}", body, t.headers)

        rows: list[dict[str, Any]] = []
        for c in connections:
            for t in targets:
                row = measure(wrk, t, False, c, args, upstream.pid, gw_cpu, spinner)
                print(
                    f"  {t.name:<9} c={c:<3} {row['rps']:8.0f} req/s  p50 {row['p50_ms']:.3f} ms"
                    f"  p99 {row['p99_ms']:.3f} ms",
                    flush=True,
                )
                rows.append(row)
        if args.stream_connections > 0:
            for t in targets:
                row = measure(wrk, t, True, args.stream_connections, args, upstream.pid, gw_cpu, spinner)
                print(f"  {t.name:<9} c={args.stream_connections:<3} {row['rps']:8.0f} streams/s", flush=True)
                rows.append(row)
        ttft: dict[str, dict[str, Any]] = {}
        if args.stream_requests > 0:
            for t in targets:
                res = loadgen.stream_ttft(t.url, chat_body(t.model, stream=True), t.headers, args.stream_requests)
                print(f"  {t.name:<9} TTFT x{args.stream_requests}  p50 {res.ttft_p50_ms:.3f} ms", flush=True)
                ttft[t.name] = res.as_dict()

        rss = {name: loadgen.memory_mib(p.pid) for name, p in procs.items()}
        summary = summarize(rows, ttft, rss)
        summary["orkester_idle_rss_mib"] = rss_idle
        if args.profile:
            profile(args, orkester.pid, wrk, targets[-1])

    print_report(rows, summary, ttft)
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(py).name, *sys.argv]),
        "machine": machine(),
        "pinning": {"gateway_cpu": gw_cpu, "client_cpu": cl_cpu},
        "load_average_before": load1,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "summary": summary,
        "runs": rows,
        "ttft": ttft,
    }
    out = args.output or BENCH / "results" / f"overhead-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


def keep_awake(cpu: int | None, stack: contextlib.ExitStack) -> int | None:
    """A busy loop at SCHED_IDLE priority on the gateway's core: it only runs when nothing else
    wants the core, so the gateway never waits for a halted virtual CPU to be woken."""
    if cpu is None:
        print("note: --keep-awake needs pinning; ignored")
        return None

    def setup() -> None:
        os.sched_setaffinity(0, {cpu})
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=setup)
    stack.callback(lambda: (proc.kill(), proc.wait()))
    return proc.pid


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def profile(args: argparse.Namespace, pid: int, wrk: str, target: Target) -> None:
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        print("note: py-spy is not installed (`.venv/bin/pip install py-spy`); skipping the profile")
        return
    secs = args.profile_seconds
    cmd = [spy, "record", "--pid", str(pid), "--duration", str(round(secs)), "--rate", "500", "--nonblocking"]
    cmd += ["--format", args.profile_format, "--output", str(args.profile)]
    kind = "streamed" if args.profile_stream else "plain"
    print(f"  profiling orkester for {secs:.0f} s under c=16 load of {kind} requests -> {args.profile}")
    with _running(cmd) as spy_proc:
        time.sleep(0.5)
        loadgen.run_wrk(wrk, target.url, target.scripts[args.profile_stream], 16, secs + 1)
        spy_proc.wait(timeout=secs + 30)


@contextlib.contextmanager
def _running(cmd: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
