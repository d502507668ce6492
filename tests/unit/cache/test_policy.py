"""Who reads and keeps cached answers: the request, then the key or team, then the configuration;
and only for the data classes the configuration lists."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from orkester.cache.policy import CachePolicy, cacheable_classes
from orkester.errors import ConfigError, RequestError
from orkester.guardrails.classify import Classification
from orkester.keys.model import Principal
from orkester.pipeline.context import RequestContext
from orkester.settings import validate_settings
from orkester.types import ChatRequest, EmbeddingRequest

KEY = Principal("k1", "app", "t1", "team", None, None, None, ())


def ctx(data_class: str | None = "internal", controls: dict[str, str] | None = None, **key: Any) -> RequestContext:
    req = ChatRequest.model_validate({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    c = RequestContext("r1", "chat", req, controls=controls or {}, key=replace(KEY, **key) if key else None)
    if data_class is not None:
        c.classification = Classification(declared=None, detected=data_class, final=data_class, floor="public")
    return c


def policy(**cache: Any) -> CachePolicy:
    return CachePolicy(validate_settings({"cache": cache}))


def test_off_unless_someone_opts_in() -> None:
    assert policy().decide(ctx()) is None
    d = policy().decide(ctx(controls={"cache": "exact"}))
    assert d is not None and d.mode == "exact" and d.read and d.write
    d = policy().decide(ctx(cache="semantic"))
    assert d is not None and d.semantic
    d = policy(mode="exact").decide(ctx())
    assert d is not None and d.mode == "exact"


def test_the_request_wins_over_the_key_and_the_key_over_the_configuration() -> None:
    assert policy(mode="exact").decide(ctx(cache="off")) is None
    assert policy(mode="exact").decide(ctx(controls={"cache": "off"}, cache="semantic")) is None
    d = policy().decide(ctx(controls={"cache": "SEMANTIC "}, cache="exact"))
    assert d is not None and d.semantic


def test_refresh_calls_the_model_and_keeps_the_answer_in_the_mode_in_force() -> None:
    d = policy().decide(ctx(controls={"cache": "refresh"}, cache="semantic"))
    assert d is not None and not d.read and d.write and d.semantic
    d = policy().decide(ctx(controls={"cache": "refresh"}))
    assert d is not None and not d.read and d.mode == "exact"


def test_confidential_and_unclassified_requests_are_not_cached_unless_listed() -> None:
    for data_class in ("confidential", "strictly_confidential", None):
        d = policy(mode="exact").decide(ctx(data_class))
        assert d is not None and d.bypass is not None and not d.read and not d.write
    assert policy(mode="exact").decide(ctx("confidential")).bypass == "data_class=confidential"  # type: ignore[union-attr]
    allowed = policy(mode="exact", classes=["public", "internal", "confidential"])
    assert allowed.decide(ctx("confidential")).bypass is None  # type: ignore[union-attr]
    assert policy(mode="exact", classes=["unclassified"]).decide(ctx(None)).bypass is None  # type: ignore[union-attr]


def test_default_classes_follow_the_configured_ones_and_unknown_names_are_refused() -> None:
    guard = {"classes": ["open", "internal", "secret"], "min_class": "open", "policies": {}}
    custom = validate_settings({"guardrails": guard})
    assert cacheable_classes(custom) == {"internal"}
    with pytest.raises(ConfigError, match=r"cache\.classes: unknown data class 'secrett'"):
        validate_settings({"cache": {"classes": ["secrett"]}})


def test_a_bad_mode_is_a_400_and_embeddings_are_not_cached() -> None:
    with pytest.raises(RequestError) as e:
        policy().decide(ctx(controls={"cache": "always"}))
    assert e.value.param == "x-orkester-cache"
    emb = RequestContext("r2", "embeddings", EmbeddingRequest(model="e", input="x"), controls={"cache": "exact"})
    assert policy(mode="exact").decide(emb) is None
