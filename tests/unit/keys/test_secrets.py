from __future__ import annotations

import hashlib

from orkester.keys import secrets


def test_a_secret_is_ork_and_32_url_safe_characters_and_never_repeats() -> None:
    made = {secrets.generate() for _ in range(2000)}
    assert len(made) == 2000
    for secret in made:
        assert secret.startswith("ork-") and len(secret) == 36
        assert secrets.well_formed(secret)


def test_only_the_sha256_digest_matches_and_the_prefix_is_short() -> None:
    secret = secrets.generate()
    digest = secrets.hash_secret(secret)
    assert digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in digest
    assert secrets.matches(secret, digest)
    assert not secrets.matches(secret[:-1] + ("A" if secret[-1] != "A" else "B"), digest)
    assert secrets.display_prefix(secret) == secret[:8] and secrets.shown(secret[:8]) == secret[:8] + "…"


def test_malformed_secrets_are_told_apart_without_a_lookup() -> None:
    good = secrets.generate()
    for bad in ("", "sk-" + good[3:], good[:-1], good + "x", good[:-1] + "!", "ork-" + "é" * 32):
        assert not secrets.well_formed(bad), bad
