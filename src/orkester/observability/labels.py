"""Label values for metrics, bounded by configuration.

A label value comes from the catalog (aliases, routes, deployments, providers), from the configured task
types, from the key store (team names) or from a small closed set. Anything a caller can make up — a
``provider/model`` named directly, a task declared in a header, an unknown model — is counted as
``other``, so no request can add a series.
"""

from __future__ import annotations

from ..catalog.resolve import Catalog
from ..pipeline.context import RequestContext
from ..routing.task_types import BUILTIN_TASKS
from ..settings import Deployment, Settings

OTHER = "other"
#: no task was declared or detected
UNKNOWN_TASK = "unknown"
#: the request carried no virtual key (master key, open mode)
NO_TEAM = "none"


class LabelSets:
    """What each label may be; ``other`` for the rest."""

    def __init__(self, catalog: Catalog, settings: Settings | None = None) -> None:
        self.aliases = frozenset(catalog.aliases) | frozenset(catalog.routes)
        self.routes = frozenset(catalog.routes)
        self.deployments = frozenset(d.key for d in catalog.deployments())
        tasks = set(BUILTIN_TASKS)
        if settings is not None:
            tasks.update(settings.routing.task_types)
        for spec in catalog.routes.values():
            tasks.update(t for t in spec.tasks if t != "default")
        self.tasks = frozenset(tasks)

    def alias(self, name: str) -> str:
        return name if name in self.aliases else OTHER

    def model(self, dep: Deployment) -> str:
        """The deployment's model when it is configured (a direct ``provider/model`` may be anything)."""
        return dep.model if dep.key in self.deployments else OTHER

    def deployment(self, key: str) -> str:
        return key if key in self.deployments else OTHER

    def task(self, ctx: RequestContext) -> str:
        plan = ctx.plan
        task = plan.task if plan is not None and plan.task else ctx.controls.get("task")
        if not task and ctx.key is not None:
            task = ctx.key.default_task
        if not task:
            return UNKNOWN_TASK
        return task if task in self.tasks else OTHER

    @staticmethod
    def team(ctx: RequestContext) -> str:
        """The key's team name (teams are created by an administrator: bounded); ``none`` without a key."""
        return ctx.key.team_name if ctx.key is not None else NO_TEAM
