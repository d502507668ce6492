"""Open mode: with no key at all (no virtual key, no master key) the gateway serves anyone, so only on loopback."""

from __future__ import annotations

import ipaddress

from ..errors import ConfigError

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_mode_notice(host: str, *, has_keys: bool, admin_key_env: str | None) -> str | None:
    """What to say at start-up when no key protects the API; None when one does.

    Raises ConfigError when there is no key and ``host`` is reachable from other machines.
    """
    if has_keys:
        return None
    how = (
        f"set ${admin_key_env} and create one with `orkester keys create` or POST /admin/keys"
        if admin_key_env
        else "create one with `orkester keys create`"
    )
    if not is_loopback(host):
        raise ConfigError(
            f"No API key is configured, so the gateway would be open to anyone who can reach {host}. "
            f"Bind to 127.0.0.1, or {how}."
        )
    return (
        f"open mode: no API key is configured, so anyone on this machine can use the gateway ({host}). "
        f"To require keys, {how}."
    )
