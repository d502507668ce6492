"""Circuit breakers shared by every process and host on one Redis (``state.redis_url``).

What is shared is the *decision*: a deployment's circuit is open until a time (Redis server time),
and which half-open probes are under way. What stays in each process is the *evidence*: its own
window of recent outcomes (:class:`~.circuit.OutcomeWindow`). When a process's window calls for
opening, it opens the circuit for everyone; every process then skips the deployment until
``open_seconds`` have passed, and across all of them only ``half_open_probes`` calls probe it; the
probe's outcome closes it (for everyone) or opens it again.

Why this shape: the request path must stay cheap, and most requests meet a closed circuit. So the
store (:class:`CircuitStore`; Redis Lua scripts in :mod:`orkester.state.redis_circuit`) is called only

* when a process's cached view that a circuit is closed is older than ``refresh_ms`` (default 250 ms):
  one read, shared by the requests that arrive meanwhile — at most a few reads per second per
  deployment per process, whatever the traffic;
* when a circuit trips here, when a half-open circuit is asked for a probe, and when a probe ends.

An open circuit is cached until it ends (only a probe can close it, and probes start after that), so
skipping an open deployment costs no round trip. Outcomes of ordinary calls are not sent anywhere.
The price is staleness: after another replica opens a circuit, this one may call the deployment for
up to ``refresh_ms`` more (those calls fail over as usual). Remaining times travel as durations, so
hosts with skewed clocks agree on when a circuit half-opens.

Probe leases expire after ``open_seconds``, so a process that dies during a probe does not keep the
circuit half-open and unprobed forever. When Redis cannot be reached the board decides on this
process's own view (as :class:`~.circuit.CircuitBoard` would) and says so once in the log; it never
fails a request because circuit state is unavailable.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..errors import StorageError
from ..settings import CircuitSettings
from .circuit import OutcomeWindow, State

log = logging.getLogger("orkester.circuit")

#: a probe counted on this process's own view, while the shared state is unreachable
_LOCAL = ""


@dataclass(frozen=True, slots=True)
class SharedView:
    """A deployment's shared circuit state as the store answers it."""

    #: None: closed; else the seconds it stays open (<= 0: half-open now)
    open_for: float | None
    #: probe: a lease was granted; probe_done: the lease was still held (the outcome counted);
    #: trip: this call opened the circuit
    granted: bool = False


class CircuitStore(Protocol):
    """Where shared circuit state lives; every operation is atomic."""

    async def read(self, key: str) -> SharedView: ...

    async def trip(self, key: str, open_s: float) -> SharedView:
        """Open the circuit for ``open_s`` unless it is open already (then its end is kept)."""
        ...

    async def probe(self, key: str, lease: str, ttl_s: float, limit: int) -> SharedView:
        """A half-open circuit's probe lease, if fewer than ``limit`` leases are live."""
        ...

    async def probe_done(self, key: str, lease: str, ok: bool, open_s: float) -> SharedView:
        """A held lease's outcome: success closes the circuit, failure opens it for ``open_s`` again."""
        ...

    async def release(self, key: str, lease: str) -> None:
        """Give back a lease whose call was not made."""
        ...


class _Entry:
    __slots__ = ("checked_at", "key", "open_until", "probes", "refreshing", "version", "wait_until", "window")

    def __init__(self, key: str, settings: CircuitSettings) -> None:
        self.key = key
        self.window = OutcomeWindow(settings)
        #: this process's clock: None while closed; the circuit half-opens at this time
        self.open_until: float | None = None
        #: when the shared state was last read or written
        self.checked_at = -float("inf")
        #: half-open with every probe taken elsewhere: do not ask again before this
        self.wait_until = -float("inf")
        #: probes let through on the local view while the store is unreachable
        self.probes = 0
        #: bumped by every change, so a read that raced a change is dropped
        self.version = 0
        self.refreshing: asyncio.Future[None] | None = None


class SharedPermit:
    __slots__ = ("_board", "_entry", "_lease")

    def __init__(self, board: SharedCircuitBoard, entry: _Entry, lease: str | None) -> None:
        self._board = board
        self._entry = entry
        #: None: an ordinary call; else the probe lease (``_LOCAL``: counted locally)
        self._lease = lease

    async def outcome(self, ok: bool) -> None:
        lease, self._lease = self._lease, None
        await self._board._outcome(self._entry, lease, ok)

    def abandon(self) -> None:
        lease, self._lease = self._lease, None
        if lease is not None:
            self._board._give_back(self._entry, lease)


class SharedCircuitBoard:
    """The :class:`~.circuit.Circuits` of a gateway whose state is shared; ``store`` is attached by
    ``Gateway.start`` (until then, and without one, the board decides on this process's view)."""

    def __init__(
        self,
        settings: CircuitSettings,
        store: CircuitStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.store = store
        self._clock = clock
        self._refresh_s = settings.refresh_ms / 1000
        self._entries: dict[str, _Entry] = {}
        self._releases: set[asyncio.Task[None]] = set()
        self._degraded = False

    def _get(self, key: str) -> _Entry:
        e = self._entries.get(key)
        if e is None:
            e = self._entries[key] = _Entry(key, self.settings)
        return e

    async def allow(self, key: str) -> SharedPermit | None:
        e = self._get(key)
        now = self._clock()
        if e.open_until is None:
            if self.store is not None and now - e.checked_at >= self._refresh_s:
                await self._refresh(e)
                now = self._clock()
            if e.open_until is None:
                return SharedPermit(self, e, None)
        if now < e.open_until or now < e.wait_until:
            return None
        return await self._probe(e)

    # --- reading and applying the shared state ---------------------------------------------

    async def _refresh(self, e: _Entry) -> None:
        """One read at a time per deployment: requests arriving meanwhile wait for the same answer."""
        if e.refreshing is None:
            e.refreshing = asyncio.ensure_future(self._read(e))
        await asyncio.shield(e.refreshing)

    async def _read(self, e: _Entry) -> None:
        assert self.store is not None
        version = e.version
        try:
            view = await self.store.read(e.key)
        except StorageError as err:
            self._unreachable(err)
            e.checked_at = self._clock()  # try again after the refresh interval, not on every request
        else:
            self._reachable()
            if e.version == version:
                self._apply(e, view)
        finally:
            e.refreshing = None

    def _apply(self, e: _Entry, view: SharedView) -> None:
        now = self._clock()
        if view.open_for is None:
            if e.open_until is not None:
                e.window.clear()  # closed again, here or elsewhere: count afresh
            e.open_until = None
        else:
            e.open_until = now + view.open_for
            if view.open_for > 0:
                e.probes = 0
        e.checked_at = now
        e.wait_until = -float("inf")
        e.version += 1

    def _open_locally(self, e: _Entry) -> None:
        e.open_until = self._clock() + self.settings.open_seconds
        e.probes = 0
        e.version += 1

    def _close_locally(self, e: _Entry) -> None:
        e.open_until = None
        e.probes = 0
        e.window.clear()
        e.version += 1

    # --- probes and outcomes -----------------------------------------------------------------

    async def _probe(self, e: _Entry) -> SharedPermit | None:
        if self.store is not None:
            lease = uuid.uuid4().hex
            try:
                view = await self.store.probe(e.key, lease, self.settings.open_seconds, self.settings.half_open_probes)
            except StorageError as err:
                self._unreachable(err)
            else:
                self._reachable()
                self._apply(e, view)
                if view.granted:
                    return SharedPermit(self, e, lease)
                if e.open_until is None:
                    return SharedPermit(self, e, None)  # a probe elsewhere closed it
                if view.open_for is not None and view.open_for <= 0:
                    e.wait_until = self._clock() + self._refresh_s  # every probe is taken elsewhere
                return None
        if e.probes < self.settings.half_open_probes:
            e.probes += 1
            return SharedPermit(self, e, _LOCAL)
        return None

    async def _outcome(self, e: _Entry, lease: str | None, ok: bool) -> None:
        if lease is not None and await self._probe_done(e, lease, ok):
            return
        if e.open_until is not None:
            return  # a call that began before the circuit opened: it tells nothing new
        if not e.window.add(ok):
            return
        if self.store is None:
            self._open_locally(e)
            return
        try:
            view = await self.store.trip(e.key, self.settings.open_seconds)
        except StorageError as err:
            self._unreachable(err)
            self._open_locally(e)
        else:
            self._reachable()
            self._apply(e, view)

    async def _probe_done(self, e: _Entry, lease: str, ok: bool) -> bool:
        """Settle a probe; False when its lease had lapsed (then it counts as an ordinary outcome)."""
        if lease != _LOCAL and self.store is not None:
            try:
                view = await self.store.probe_done(e.key, lease, ok, self.settings.open_seconds)
            except StorageError as err:
                self._unreachable(err)
            else:
                self._reachable()
                self._apply(e, view)
                return view.granted
        if ok:
            self._close_locally(e)
        else:
            self._open_locally(e)
        return True

    def _give_back(self, e: _Entry, lease: str) -> None:
        if lease == _LOCAL or self.store is None:
            e.probes = max(0, e.probes - 1)
            return
        task = asyncio.ensure_future(self._release(e.key, lease))
        self._releases.add(task)
        task.add_done_callback(self._releases.discard)

    async def _release(self, key: str, lease: str) -> None:
        assert self.store is not None
        try:
            await self.store.release(key, lease)
        except StorageError as err:
            self._unreachable(err)  # the lease expires on its own

    # --- health ------------------------------------------------------------------------------

    def _unreachable(self, err: StorageError) -> None:
        if not self._degraded:
            self._degraded = True
            log.warning("shared circuit state unavailable, deciding on this process's view meanwhile: %s", err)

    def _reachable(self) -> None:
        if self._degraded:
            self._degraded = False
            log.warning("shared circuit state is reachable again")

    def snapshot(self) -> dict[str, dict[str, object]]:
        now = self._clock()
        out: dict[str, dict[str, object]] = {}
        for key, e in sorted(self._entries.items()):
            state: State = "closed" if e.open_until is None else "open" if now < e.open_until else "half_open"
            out[key] = {"state": state, "recent_calls": len(e.window), "recent_errors": e.window.failures}
        return out

    async def close(self) -> None:
        if self._releases:
            await asyncio.gather(*self._releases, return_exceptions=True)
