"""Classification fails closed and takes the strictest class; residency cuts plans down to what a policy allows."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from orkester.errors import RequestError
from orkester.guardrails.classify import Classifier
from orkester.guardrails.entities import Entity
from orkester.guardrails.residency import permits, restrict
from orkester.routing.plan import Candidate, EnsemblePlan, Plan, Tier
from orkester.settings import ClassPolicy, Deployment, GuardrailSettings


class FakeScanner:
    def __init__(self, found: dict[str, list[Entity]] | None = None, error: Exception | None = None) -> None:
        self.found = found or {}
        self.error = error
        self.release = threading.Event()
        self.block = False
        self.scans = 0

    def load(self) -> None:
        return None

    def scan(self, text: str) -> list[Entity]:
        self.scans += 1
        if self.block:
            self.release.wait(5)
        if self.error:
            raise self.error
        return self.found.get(text, [])


def fnr(text: str) -> Entity:
    return Entity("FNR", 0, 11, text[:11], "confidential")


def classify(scanner: FakeScanner, texts: list[str], declared: str | None = None, **settings: object) -> object:
    classifier = Classifier(GuardrailSettings.model_validate(settings), lambda: scanner)
    return asyncio.run(classifier.classify(texts, declared=declared))


def test_the_class_is_the_strictest_of_floor_declared_and_detected() -> None:
    scanner = FakeScanner({"01019012345 er fnr": [fnr("01019012345")]})
    c = classify(scanner, ["hei", "01019012345 er fnr"])
    assert (c.detected, c.final, c.counts()) == ("confidential", "confidential", {"FNR": 1})  # type: ignore[attr-defined]
    # a caller may raise the class, never lower it below what was found
    assert classify(scanner, ["01019012345 er fnr"], declared="public").final == "confidential"  # type: ignore[attr-defined]
    assert classify(scanner, ["hei"], declared="strictly_confidential").final == "strictly_confidential"  # type: ignore[attr-defined]
    assert classify(scanner, ["hei"], min_class="internal").final == "internal"  # type: ignore[attr-defined]
    assert classify(scanner, ["hei"]).final == "public"  # type: ignore[attr-defined]


def test_an_unknown_declared_class_is_a_clear_400() -> None:
    with pytest.raises(RequestError, match="Known classes, least to most sensitive: public, internal"):
        classify(FakeScanner(), ["hei"], declared="secret")


def test_detection_that_raises_fails_closed() -> None:
    c = classify(FakeScanner(error=RuntimeError("spaCy missing")), ["Kari Nordmann"])
    assert (c.final, c.failed) == ("strictly_confidential", "detection failed (RuntimeError)")  # type: ignore[attr-defined]


def test_detection_that_times_out_fails_closed() -> None:
    scanner = FakeScanner()
    scanner.block = True
    classifier = Classifier(GuardrailSettings.model_validate({"detection": {"timeout_ms": 20}}), lambda: scanner)

    async def run() -> object:
        try:
            return await classifier.classify(["a long text"], declared=None)
        finally:
            scanner.release.set()  # let the abandoned scan finish so the loop can close

    c = asyncio.run(run())
    assert c.final == "strictly_confidential" and "longer than 20 ms" in c.failed  # type: ignore[attr-defined]


def test_a_repeated_text_is_scanned_once() -> None:
    scanner = FakeScanner()
    classifier = Classifier(GuardrailSettings(), lambda: scanner)
    for _ in range(3):
        asyncio.run(classifier.classify(["the same history", "a new turn"], declared=None))
    assert scanner.scans == 2


EU = Deployment(provider="azure", model="gpt-4o", region="eu")
US = Deployment(provider="openai", model="gpt-4o", region="us")
LOCAL = Deployment(provider="local", model="smol", region="local")
NOWHERE = Deployment(provider="x", model="y")
CONFIDENTIAL = ClassPolicy(regions=["eu", "local"])


def tier(alias: str, *deps: Deployment, check: dict[str, object] | None = None) -> Tier:
    return Tier(alias, [Candidate(alias, d) for d in deps], check=check)


def test_permits_by_region_and_provider_and_unknown_region_is_not_eu() -> None:
    assert permits(CONFIDENTIAL, EU) and permits(CONFIDENTIAL, LOCAL)
    assert not permits(CONFIDENTIAL, US) and not permits(CONFIDENTIAL, NOWHERE)
    assert not permits(ClassPolicy(regions=["eu"], providers=["mistral"]), EU)
    assert permits(None, US)


def test_a_fallback_plan_keeps_only_allowed_deployments_in_order() -> None:
    plan = Plan("fallback", "fallback", [Candidate("gpt", US), Candidate("gpt", EU)])
    cut, dropped = restrict(plan, CONFIDENTIAL)
    assert cut is not None and [c.deployment for c in cut.candidates] == [EU]
    assert dropped == ["openai/gpt-4o@us"] and "data residency" in cut.reasons[-1]
    assert restrict(Plan("fallback", "single", [Candidate("gpt", US)]), CONFIDENTIAL)[0] is None


def test_a_cascade_loses_forbidden_tiers_and_its_new_last_tier_answers_unchecked() -> None:
    tiers = [tier("local", LOCAL, check={"type": "structural"}), tier("gpt-us", US)]
    plan = Plan("cascade", "cascade", [c for t in tiers for c in t.candidates], tiers=tiers)
    cut, _ = restrict(plan, CONFIDENTIAL)
    assert cut is not None and cut.tiers is not None
    assert [t.alias for t in cut.tiers] == ["local"] and cut.tiers[0].check is None


def test_an_ensemble_drops_members_and_refuses_without_its_judge() -> None:
    members = [tier("a", EU), tier("b", US), tier("c", LOCAL)]
    plan = Plan("ensemble", "ensemble", [c for m in members for c in m.candidates])
    plan.ensemble = EnsemblePlan(members, "vote", None, 5.0, min_answers=3)
    cut, _ = restrict(plan, CONFIDENTIAL)
    assert cut is not None and cut.ensemble is not None
    assert [m.alias for m in cut.ensemble.members] == ["a", "c"] and cut.ensemble.min_answers == 2
    plan.ensemble = EnsemblePlan(members, "judge", tier("judge", US), 5.0)
    assert restrict(plan, CONFIDENTIAL)[0] is None


def test_configured_policies_add_to_the_defaults() -> None:
    g = GuardrailSettings.model_validate({"policies": {"confidential": {"regions": ["eu"], "on_forbidden": "refuse"}}})
    assert g.policies["strictly_confidential"].regions == ["local"]  # not silently lifted
    assert g.policies["confidential"].on_forbidden == "refuse"
    lifted = GuardrailSettings.model_validate({"policies": {"strictly_confidential": {}}})
    assert lifted.policies["strictly_confidential"].regions is None
    with pytest.raises(ValueError, match="unknown data class 'secret'"):
        GuardrailSettings.model_validate({"policies": {"secret": {}}})


def test_loading_the_detector_does_not_count_against_the_scan_time_limit() -> None:
    """The first request after start-up waits for the detector to load instead of failing closed."""
    loaded = threading.Event()

    class SlowToLoad(FakeScanner):
        def load(self) -> None:
            loaded.wait(5)  # released by the test's scan below, which cannot start before load returns

    scanner = SlowToLoad()
    classifier = Classifier(GuardrailSettings.model_validate({"detection": {"timeout_ms": 20}}), lambda: scanner)

    async def run() -> object:
        task = asyncio.create_task(classifier.classify(["hei"], declared=None))
        # The load outlasts the 20 ms scan limit (this wait is the load's duration, not synchronisation:
        # the outcome does not depend on how the threads are scheduled).
        await asyncio.sleep(0.06)
        assert not task.done()
        loaded.set()
        return await task

    c = asyncio.run(run())
    assert c.failed is None and c.final == "public"  # type: ignore[attr-defined]


class Busy(FakeScanner):
    """A scan that is CPU work (holding the GIL, as a real scan does) for ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def scan(self, text: str) -> list[Entity]:
        end = time.perf_counter() + self.seconds
        while time.perf_counter() < end:
            pass
        return super().scan(text)


def test_a_burst_waiting_for_its_turn_is_not_a_timeout() -> None:
    """Twelve requests at once, each scan 40 ms of CPU against a 100 ms limit: the later ones wait half a
    second for their turn, but no scan is slow, so none fails closed."""
    scanner = Busy(0.04)
    classifier = Classifier(GuardrailSettings.model_validate({"detection": {"timeout_ms": 100}}), lambda: scanner)

    async def run() -> list[object]:
        return list(await asyncio.gather(*(classifier.classify([f"text {i}"], declared=None) for i in range(12))))

    results = asyncio.run(run())
    assert [c.failed for c in results] == [None] * 12  # type: ignore[attr-defined]
    assert scanner.scans == 12


def test_a_scan_that_cannot_start_in_time_fails_closed_as_overloaded() -> None:
    scanner = FakeScanner()
    scanner.block = True
    settings = {"detection": {"timeout_ms": 20, "queue_timeout_ms": 30}}
    classifier = Classifier(GuardrailSettings.model_validate(settings), lambda: scanner)

    async def run() -> list[object]:
        try:
            return list(await asyncio.gather(*(classifier.classify([f"t{i}"], declared=None) for i in range(2))))
        finally:
            scanner.release.set()

    results = asyncio.run(run())
    # the one that got the thread hangs there; the other never gets it
    assert sorted(c.failed for c in results) == [  # type: ignore[attr-defined]
        "detection did not start within 30 ms (overloaded)",
        "detection took longer than 20 ms",
    ]
    assert {c.final for c in results} == {"strictly_confidential"}  # type: ignore[attr-defined]
