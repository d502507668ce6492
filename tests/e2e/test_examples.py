"""Every example in examples/ runs: the client scripts against a real gateway, the example configs validated
and routed as their READMEs say.

Client examples run as subprocesses (this Python, the way a user runs them) against a gateway serving the
demo catalog, with the network blocked for anything but loopback (a sitecustomize audit hook): they must
work offline. Their printed request ids are then looked up in the gateway's usage ledger, so an answer
that did not go through Orkester cannot pass.

Example configs are loaded as written, with one test-only overlay: each provider's ``base_url`` points at
a fake of its vendor (tests/fakes, real HTTP in the vendor's format) and the storage at a temporary file.
Routing, data classes and policies are the example's own.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import yaml
from click.testing import CliRunner

from orkester.audit.log import AuditLog
from orkester.ledger.query import RecordQuery
from orkester.ledger.record import LedgerRecord
from orkester.ledger.store import open_ledger_store
from tests.fakes import anthropic_server, deepl_server, openai_server
from tests.fakes.common import FakeState
from tests.support.gateway import run_gateway
from tests.support.servers import serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FNR = "15038510190"  # a valid fødselsnummer (both check digits, 15 March 1985)

# Loaded by the example's Python before anything else: any lookup or connection beyond loopback fails
# loudly, so an example that needs the internet (a tokenizer download, NLTK data) fails its test.
OFFLINE = """
import sys

def _offline(event, args):
    if event == "socket.getaddrinfo" and args[0] not in ("127.0.0.1", "localhost", "::1", None):
        raise OSError(f"examples run offline: lookup of {args[0]!r} refused")
    if event == "socket.connect" and isinstance(args[1], tuple) and args[1][0] not in ("127.0.0.1", "::1"):
        raise OSError(f"examples run offline: connection to {args[1]!r} refused")

sys.addaudithook(_offline)
"""


# --- the client examples ------------------------------------------------------------------------


def demo_config(db: Path) -> dict[str, Any]:
    return {
        "server": {"demo": True},
        "storage": {"url": f"sqlite:///{db}"},
        "routing": {"warm_up": False},
        "guardrails": {"detection": {"ner": False}},
    }


def run_example(command: list[str], base_url: str, tmp_path: Path) -> str:
    guard = tmp_path / "offline"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORKESTER_")}
    env |= {
        "ORKESTER_BASE_URL": f"{base_url}/v1",
        "ORKESTER_API_KEY": "example-key",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(guard), env.get("PYTHONPATH")])),
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=90, cwd=tmp_path)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    assert "examples run offline" not in done.stderr
    return done.stdout


def python_example(name: str, base_url: str, tmp_path: Path) -> str:
    return run_example([sys.executable, str(EXAMPLES / name)], base_url, tmp_path)


def printed(out: str, label: str) -> list[str]:
    """The values printed after ``label`` (e.g. ``x-request-id:``), in order."""
    return [line.split(label, 1)[1].split(",")[0].strip() for line in out.splitlines() if label in line]


def ledger(db: Path) -> list[LedgerRecord]:
    async def read() -> list[LedgerRecord]:
        store = await open_ledger_store(f"sqlite:///{db}", create=False)
        try:
            return await store.records(RecordQuery(limit=1000))
        finally:
            await store.close()

    return asyncio.run(read())


def metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_openai_sdk_example(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with run_gateway(demo_config(db)) as gw:
        out = python_example("openai_sdk.py", gw.url, tmp_path)
        metrics = httpx.get(f"{gw.url}/metrics").text
    assert "chat: Simulated answer from sim-small" in out
    assert "stream: Simulated answer from sim-small" in out and "stream usage:" in out
    assert 'tool call: stock_level({"article": "simulated"})' in out
    assert "after the tool: Simulated answer" in out
    assert "x-orkester-alias: demo-cheap" in out and "x-orkester-region: eu" in out
    assert float(printed(out, "x-orkester-cost-usd:")[0]) > 0
    # five calls, each in the ledger; the controlled one with the task its header declared
    assert metric(metrics, "orkester_requests_total", alias="demo-cheap") == 5
    records = {r.request_id: r for r in ledger(db)}
    assert len(records) == 5 and {r.model for r in records.values()} == {"sim-small"}
    chat_id = printed(out, "chat id:")[0].removeprefix("chatcmpl-")
    controlled = records[printed(out, "x-request-id:")[0]]
    assert records[chat_id].task is None and controlled.task == "quote"
    assert sum(r.ttft_ms is not None for r in records.values()) == 1  # the stream


def test_anthropic_sdk_example(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with run_gateway(demo_config(db)) as gw:
        out = python_example("anthropic_sdk.py", gw.url, tmp_path)
    assert "message: Simulated answer from sim-small" in out
    assert "stream: Simulated answer from sim-small" in out and "stream stop: end_turn" in out
    assert "tool use: stock_level({'article': 'simulated'})" in out
    assert "after the tool: Simulated answer" in out
    assert "x-orkester-alias: demo-cheap" in out
    records = {r.request_id: r for r in ledger(db)}
    assert len(records) == 5 and {r.alias for r in records.values()} == {"demo-cheap"}
    assert records[printed(out, "x-request-id:")[0]].task == "quote"


def test_langchain_example(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with run_gateway(demo_config(db)) as gw:
        out = python_example("langchain_chat.py", gw.url, tmp_path)
    assert "invoke: Simulated answer from sim-small" in out and "answered by sim-eu/sim-small" in out
    assert "stream: Simulated answer from sim-small" in out
    assert "structured: StockQuery(article='simulated')" in out
    assert "quote: Simulated answer" in out
    records = {r.request_id: r for r in ledger(db)}
    assert len(records) == 4
    first, quote = printed(out, "x-request-id:")
    assert records[first].task is None and records[quote].task == "quote"


def test_llamaindex_example(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with run_gateway(demo_config(db)) as gw:
        out = python_example("llamaindex_chat.py", gw.url, tmp_path)
    assert "chat: Simulated answer from sim-small" in out and "model: sim-small" in out
    assert "stream: Simulated answer from sim-small" in out
    records = ledger(db)
    chat_id = out.split(" id: chatcmpl-", 1)[1].split()[0]
    assert len(records) == 2 and chat_id in {r.request_id for r in records}
    # the default header reached the gateway as a control on both calls
    assert {r.task for r in records} == {"technical_documentation"}


def test_curl_example(tmp_path: Path) -> None:
    assert shutil.which("curl"), "curl is a system tool the example needs"
    db = tmp_path / "ledger.db"
    with run_gateway(demo_config(db)) as gw:
        out = run_example(["bash", str(EXAMPLES / "curl.sh")], gw.url, tmp_path)
    assert '"id":"demo-cheap"' in out and '"id":"auto"' in out
    assert "x-orkester-provider: sim-eu" in out
    assert out.count("data: [DONE]") == 1 and '"usage":{"prompt_tokens"' in out
    rid = printed(out, "x-request-id:")[0]
    assert f'"request_id":"{rid}","feedback":{{"value":1.0,"raw":"5"' in out
    records = {r.request_id: r for r in ledger(db)}
    assert len(records) == 2
    assert records[rid].task == "general_chat" and records[rid].feedback == 1.0
    assert records[rid].feedback_labels == ("helpful",)


# --- the example configs ------------------------------------------------------------------------


@dataclass
class Fake:
    app: Callable[[Any], Any]
    base_url: Callable[[str], str]
    key: str


FAKES = {
    "openai": Fake(openai_server.create_app, lambda url: f"{url}/v1", "sk-test"),
    "mistral": Fake(openai_server.create_app, lambda url: f"{url}/v1", "sk-test"),
    "vllm": Fake(openai_server.create_app, lambda url: f"{url}/v1", "sk-test"),
    "azure": Fake(lambda s: openai_server.create_app(s, azure=True), lambda url: url, "sk-test"),
    "anthropic": Fake(anthropic_server.create_app, lambda url: url, "sk-ant-test"),
    "deepl": Fake(deepl_server.create_app, lambda url: url, "deepl-test"),
}


@dataclass
class Faked:
    url: str
    db: Path
    #: what each configured provider received, by provider name
    upstream: dict[str, FakeState] = field(default_factory=dict)

    def client(self) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{self.url}/v1", api_key="k", max_retries=0)

    def ask(self, model: str, prompt: str, **headers: str) -> Any:
        return (
            self.client()
            .chat.completions.with_raw_response.create(
                model=model, messages=[{"role": "user", "content": prompt}], extra_headers=headers or None
            )
            .headers
        )

    def seen(self, provider: str) -> str:
        """Everything the provider's fake received, as one text."""
        return repr(self.upstream[provider].requests)


def completion(text: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    """A fake's next answer (``FakeState.fail_next``): a well-formed chat completion saying ``text``."""
    message = {"role": "assistant", "content": text}
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}
    usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    body = {"id": "chatcmpl-next", "object": "chat.completion", "created": 1700000000, "model": "m"}
    return 200, body | {"choices": [choice], "usage": usage}, {}


def example_config(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / name / "orkester.yaml").read_text(encoding="utf-8"))
    return data


@contextmanager
def faked(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Faked]:
    """The example config served with every provider replaced by a fake of its vendor (the overlay)."""
    data = example_config(name)
    db = tmp_path / f"{name}.db"
    with ExitStack() as stack:
        upstream: dict[str, FakeState] = {}
        for provider, spec in data["providers"].items():
            fake = FAKES[spec["type"]]
            state = upstream[provider] = deepl_server.DeepLState() if spec["type"] == "deepl" else FakeState()
            srv = stack.enter_context(serve(fake.app(state)))
            env = f"EXAMPLE_FAKE_KEY_{provider.upper().replace('-', '_')}"
            monkeypatch.setenv(env, fake.key)
            spec |= {"base_url": fake.base_url(srv.url), "api_key_env": env}
        data["storage"] = {"url": f"sqlite:///{db}"}
        data["server"]["master_key_env"] = None  # open mode on loopback
        data.setdefault("reliability", {})["retries"] = {"max_attempts": 1}
        gw = stack.enter_context(run_gateway(data))
        yield Faked(gw.url, db, upstream)


@pytest.mark.parametrize("name", ["machine-shop", "hr", "it-department"])
def test_example_config_checks(name: str, tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("orkester")
    config = EXAMPLES / name / "orkester.yaml"
    keys = {spec["api_key_env"] for spec in example_config(name)["providers"].values()}
    env = {k: v for k, v in os.environ.items() if k not in keys and k != "ORKESTER_CONFIG"}
    check = [str(exe), "config", "check", "--config", str(config)]
    done = subprocess.run(check, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ")
    # every provider names its key's variable, so the check can say which are missing before serving
    warned = {line.split("$")[1].split()[0] for line in done.stderr.splitlines() if line.startswith("warning:")}
    assert warned == keys


def readme_sessions(readme: Path) -> list[tuple[list[str], list[str]]]:
    """Each ``$ orkester route explain …`` shown in the README's code blocks, with the lines shown after it."""
    sessions: list[tuple[list[str], list[str]]] = []
    for block in readme.read_text(encoding="utf-8").split("```")[1::2]:
        for line in block.splitlines():
            if line.startswith("$ orkester route explain") or line.startswith("orkester route explain"):
                sessions.append((shlex.split(line.removeprefix("$ "))[1:], []))
            elif line.startswith("$ ") or not line.strip():
                continue
            elif sessions and block.count("$ orkester"):
                sessions[-1][1].append(line.strip())
    return sessions


@pytest.mark.parametrize("name", ["machine-shop", "hr", "it-department", "."])
def test_readme_route_explanations_are_what_the_command_prints(name: str) -> None:
    """The decisions each README shows are the ones `orkester route explain` makes for its config."""
    from orkester.cli.main import cli

    sessions = readme_sessions(EXAMPLES / name / "README.md")
    assert sessions, "every example README shows a routing decision"
    for args, shown in sessions:
        args = [str(EXAMPLES.parent / a) if a.startswith("examples/") else a for a in args]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        printed_lines = [line.strip() for line in result.output.splitlines()]
        missing = [line for line in shown if line not in printed_lines]
        assert not missing, f"{args[-1]!r}: README shows {missing}, the command printed:\n{result.output}"


def test_machine_shop_routes_as_its_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with faked("machine-shop", tmp_path, monkeypatch) as shop:
        quote = shop.ask("auto", "Skriv et tilbud på 40 freste braketter i aluminium 6082, levering uke 12.")
        assert (quote["x-orkester-provider"], quote["x-orkester-model"]) == ("anthropic", "claude-sonnet-4-5")
        assert quote["x-orkester-alias"] == "writer" and quote["x-orkester-route"].startswith("rules")

        # a quote naming a customer on the list is confidential: written in the EU, never sent to the US
        before = len(shop.upstream["anthropic"].requests)
        named = shop.ask("auto", "Skriv et tilbud til Vestby Marine på 40 freste braketter, levering uke 12.")
        assert (named["x-orkester-provider"], named["x-orkester-model"]) == ("azure-eu", "gpt-4o")
        assert named["x-orkester-data-class"] == "confidential"
        assert len(shop.upstream["anthropic"].requests) == before

        spec = shop.ask("auto", "Lag en teknisk spesifikasjon for en akselhylse i 42CrMo4: toleranser og herding.")
        assert (spec["x-orkester-alias"], spec["x-orkester-model"]) == ("analyst", "o4-mini")

        # translations go to DeepL, Norwegian to the language the instruction names; a chat model when it is down
        words = "Oversett til engelsk: planfresing, gjengeboring, senkeboring, slettdreiing."
        translated = shop.ask("auto", words)
        assert (translated["x-orkester-alias"], translated["x-orkester-provider"]) == ("translator", "deepl")
        sent = shop.upstream["deepl"].requests[-1]
        assert (sent["source_lang"], sent["target_lang"], sent["text"]) == (
            "NB",
            "EN-GB",
            ["planfresing, gjengeboring, senkeboring, slettdreiing."],
        )
        shop.upstream["deepl"].down = True
        fallback = shop.ask("auto", words)
        assert (fallback["x-orkester-alias"], fallback["x-orkester-model"]) == (
            "translator-llm",
            "mistral-medium-latest",
        )

        # CNC code: codestral writes it, the analyst grades it; a good grade ends the cascade there ...
        gcode = "Skriv et G-kode-program for Fanuc som planfreser en 100x50 mm aluminiumsblokk, 1 mm dybde."
        shop.upstream["openai"].fail_next.append(completion("SCORE: 9"))
        accepted = shop.ask("auto", gcode)
        assert accepted["x-orkester-model"] == "codestral-latest" and "x-orkester-escalations" not in accepted
        graded = repr(shop.upstream["openai"].requests[-1])
        assert "planfreser" in graded and "M30" in graded  # the verifier saw the request and the rubric
        # ... a poor one escalates to the premium coder
        shop.upstream["openai"].fail_next.append(completion("SCORE: 4"))
        escalated = shop.ask("auto", gcode)
        assert (escalated["x-orkester-alias"], escalated["x-orkester-escalations"]) == ("coder-premium", "1")

        chat = shop.ask("auto", "Hva er åpningstidene i kantina i julen?")
        assert (chat["x-orkester-alias"], chat["x-orkester-model"]) == ("cheap", "mistral-small-latest")


def test_hr_keeps_applicants_in_the_eu_and_special_categories_on_premises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with faked("hr", tmp_path, monkeypatch) as hr:
        # a job ad without personal data may use the US writer ...
        ad = hr.ask("auto", "Lag en stillingsannonse for en regnskapsfører i full stilling.")
        assert (ad["x-orkester-alias"], ad["x-orkester-provider"]) == ("job-ads", "openai")
        us_before = len(hr.upstream["openai"].requests)

        # ... an application with a fødselsnummer never reaches it, whichever model is asked for
        application = f"Vurder søknaden fra Kari Nordmann, fødselsnummer {FNR}, mot kravene til lønnsmedarbeider."
        screened = hr.ask("auto", application)  # an assessment: task extraction -> screening
        assert (screened["x-orkester-alias"], screened["x-orkester-provider"]) == ("screening", "azure-eu")
        assert screened["x-orkester-data-class"] == "confidential"
        routine = hr.ask("staff-messages", application)
        assert (routine["x-orkester-provider"], routine["x-orkester-region"]) == ("mistral", "eu")
        assert len(hr.upstream["openai"].requests) == us_before and FNR not in hr.seen("openai")
        assert FNR in hr.seen("mistral")

        # special categories (health here) are answered only by the on-premises model
        sick = hr.ask("screening", "Vurder søknaden: Per Olsen, 12 års erfaring, var sykmeldt med depresjon i fjor.")
        assert (sick["x-orkester-provider"], sick["x-orkester-region"]) == ("onprem", "local")
        assert sick["x-orkester-data-class"] == "strictly_confidential"
        assert "depresjon" not in hr.seen("azure-eu") + hr.seen("mistral") + hr.seen("openai")

        # min_class internal: even a harmless reminder is at least internal; it goes to the cheap US model
        reminder = hr.ask("auto", "Lag en påminnelse til alle ansatte om å levere timelister innen fredag.")
        assert (reminder["x-orkester-alias"], reminder["x-orkester-model"]) == ("staff-messages", "gpt-4.1-nano")
        assert reminder["x-orkester-data-class"] == "internal"

    rows = audit_rows(hr.db)  # the gateway has closed: the audit trail is complete and its chain intact
    sent: dict[str, list[tuple[str, str]]] = {r.final_class: [] for r in rows}
    for r in rows:
        sent[r.final_class] += [(d["provider"], d["region"]) for d in r.destinations]
    assert sent == {
        "internal": [("openai", "us"), ("openai", "us")],
        "confidential": [("azure-eu", "eu"), ("mistral", "eu")],
        "strictly_confidential": [("onprem", "local")],
    }
    assert {r.action for r in rows if r.final_class == "confidential"} == {"allowed", "rerouted"}


def audit_rows(db: Path) -> list[Any]:
    async def read() -> list[Any]:
        log = await AuditLog.open(f"sqlite:///{db}")
        try:
            assert (await log.verify()).ok
            return [r async for r in log.records()]
        finally:
            await log.close()

    return asyncio.run(read())


def test_it_department_keeps_easy_questions_cheap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with faked("it-department", tmp_path, monkeypatch) as it:
        easy = it.ask("helpdesk", "How do I reset my password?")
        assert easy["x-orkester-model"] == "gpt-4.1-nano" and "x-orkester-escalations" not in easy
        assert easy["x-orkester-route"].startswith("cascade")

        # an unusable cheap answer ("I don't know") goes one tier up
        it.upstream["openai"].fail_next.append(completion("I don't know."))
        hard = it.ask("helpdesk", "Why do websocket upgrades fail behind our ingress since we enabled HTTP/2?")
        assert (hard["x-orkester-alias"], hard["x-orkester-escalations"]) == ("helpdesk-mid", "1")

        # a question naming an internal host is confidential: the cheap tier's EU deployment answers
        internal = it.ask("helpdesk", "Why can't I log in to vault.corp since this morning?")
        assert (internal["x-orkester-provider"], internal["x-orkester-model"]) == ("mistral", "mistral-small-latest")
        assert "vault.corp" not in it.seen("openai")

        # code review: the premium reviewer, unless the code holds personal data (an IP address here)
        review = it.ask("auto", "Can you review this bash script: for f in *.log; do gzip $f; done")
        assert (review["x-orkester-alias"], review["x-orkester-provider"]) == ("code-review", "anthropic")
        ip_review = it.ask("auto", "Review this Python: requests.get('http://10.20.30.40/health', timeout=1)")
        assert (ip_review["x-orkester-provider"], ip_review["x-orkester-model"]) == ("mistral", "codestral-latest")

        # document search: embeddings from the EU deployment
        vectors = it.client().embeddings.with_raw_response.create(model="docs-embed", input=["VPN setup guide"])
        assert vectors.headers["x-orkester-model"] == "mistral-embed" and len(vectors.parse().data) == 1
