from __future__ import annotations

import pytest

from orkester.errors import ConfigError
from orkester.keys import open_mode_notice
from orkester.keys.openmode import is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_without_keys_loopback_runs_open_and_says_so(host: str) -> None:
    notice = open_mode_notice(host, has_keys=False, admin_key_env="ORKESTER_ADMIN_KEY")
    assert notice is not None and notice.startswith("open mode:") and "$ORKESTER_ADMIN_KEY" in notice
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "gateway.internal"])
def test_without_keys_any_other_interface_refuses_to_start(host: str) -> None:
    with pytest.raises(ConfigError, match="open to anyone who can reach"):
        open_mode_notice(host, has_keys=False, admin_key_env=None)


def test_with_keys_there_is_nothing_to_say() -> None:
    assert open_mode_notice("0.0.0.0", has_keys=True, admin_key_env="X") is None
