"""Experiments checked against the catalog at start-up: every model they name must exist (ConfigError)."""

from __future__ import annotations

from collections.abc import Mapping

from ..catalog.resolve import Catalog
from ..errors import ConfigError, RequestError
from ..prompts import PromptRef
from ..settings import ExperimentSpec


def check_experiments(specs: Mapping[str, ExperimentSpec], catalog: Catalog, *, ledger: bool) -> None:
    known = set(catalog.aliases) | set(catalog.routes)
    listing = ", ".join(sorted(known)) or "none"
    for name, spec in specs.items():
        where = f"experiments.{name}"
        named = [(f"{where}.applies_to.models", m) for m in spec.applies_to.models]
        named += [(f"{where}.arms.{a}.model", arm.model) for a, arm in spec.arms.items() if arm.model]
        for at, model in named:
            if model not in known:
                raise ConfigError(f"{at}: no model alias or route {model!r} (known: {listing})")
        if spec.shadow is not None and spec.shadow.model not in catalog.aliases:
            aliases = ", ".join(sorted(catalog.aliases)) or "none"
            raise ConfigError(f"{where}.shadow.model: no model alias {spec.shadow.model!r} (known: {aliases})")
        refs = [(f"{where}.arms.{a}.prompt", arm.prompt) for a, arm in spec.arms.items() if arm.prompt]
        refs += [(f"{where}.applies_to.prompts", p) for p in spec.applies_to.prompts]
        for at, ref in refs:
            try:
                PromptRef.parse(ref, param=at)
            except RequestError as e:
                raise ConfigError(str(e)) from None
        if spec.auto_stop and not ledger:
            raise ConfigError(f"{where}.auto_stop needs the usage ledger (ledger.enabled: true)")
