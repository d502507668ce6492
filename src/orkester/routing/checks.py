"""Start-up validation of ``routing.routes``: every name they use exists, and no route
delegates back to itself."""

from __future__ import annotations

from ..catalog.resolve import Catalog
from ..errors import ConfigError
from ..settings import RouteSpec


def _targets(spec: RouteSpec) -> list[tuple[str, str]]:
    """(where, name) for every model or route name the spec refers to."""
    out = [(f"tasks.{task}", target) for task, target in spec.tasks.items()]
    if spec.default:
        out.append(("default", spec.default))
    if spec.cascade:
        out += [(f"cascade.tiers[{i}].model", t.model) for i, t in enumerate(spec.cascade.tiers)]
    if spec.ensemble:
        out += [(f"ensemble.members[{i}]", m) for i, m in enumerate(spec.ensemble.members)]
        if spec.ensemble.judge:
            out.append(("ensemble.judge", spec.ensemble.judge))
    return out


def check_routes(catalog: Catalog) -> None:
    routes = catalog.routes
    for name, spec in routes.items():
        for where, target in _targets(spec):
            in_tiers = where.startswith(("cascade", "ensemble"))
            if target in catalog.aliases or (target in routes and not in_tiers):
                continue
            what = "a model alias" if in_tiers else "a model alias or route"
            raise ConfigError(f"routing.routes.{name}.{where}: {target!r} is not {what}")

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise ConfigError("routing.routes delegate in a circle: " + " -> ".join([*path, name]))
        for _where, target in _targets(routes[name]):
            if target in routes:
                visit(target, [*path, name])

    for name in routes:
        visit(name, [])
