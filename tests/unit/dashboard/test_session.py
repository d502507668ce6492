"""The session cookie: issued cookies pass until they expire; forged, altered or foreign ones never do."""

from __future__ import annotations

from orkester.dashboard.session import Sessions


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_an_issued_cookie_is_valid_until_it_expires() -> None:
    clock = Clock(1_000_000.0)
    sessions = Sessions("admin-key", ttl_s=60, clock=clock)
    cookie = sessions.issue()
    assert sessions.valid(cookie)
    clock.now += 59
    assert sessions.valid(cookie)
    clock.now += 1
    assert not sessions.valid(cookie)


def test_forged_and_altered_cookies_are_refused() -> None:
    clock = Clock(1_000_000.0)
    sessions = Sessions("admin-key", ttl_s=60, clock=clock)
    expiry, _, signature = sessions.issue().partition(".")
    for forged in (
        None,
        "",
        "garbage",
        f"{expiry}.",
        f"{int(expiry) + 3600}.{signature}",  # a later expiry under the old signature
        f"{expiry}.{signature[:-1]}0" if signature[-1] != "0" else f"{expiry}.{signature[:-1]}1",
        f"-1.{signature}",
        f"{expiry}.{signature}extra",
    ):
        assert not sessions.valid(forged), forged


def test_another_admin_key_signs_everybody_out() -> None:
    clock = Clock(1_000_000.0)
    cookie = Sessions("old-key", clock=clock).issue()
    assert Sessions("old-key", clock=clock).valid(cookie)  # another worker with the same key accepts it
    assert not Sessions("new-key", clock=clock).valid(cookie)
