"""``orkester keys …`` and ``orkester teams …`` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.keys import AuthResult, KeyService


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "o.db"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--url", f"sqlite:///{db}"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def authenticate(db: Path, secret: str) -> AuthResult:
    async def check() -> AuthResult:
        service = await KeyService.open(f"sqlite:///{db}", create=False)
        try:
            return await service.authenticate(secret)
        finally:
            await service.close()

    return asyncio.run(check())


def test_create_prints_the_secret_once_to_stdout_and_stores_only_its_hash(db: Path) -> None:
    assert run(db, "teams", "create", "payments", "--budget-month", "500", "--models", "a,b")[0] == 0
    code, out, err = run(
        db,
        *("keys", "create", "--team", "payments", "--name", "ci-bot", "--models", "b,c", "--rpm", "60"),
        *("--budget-day", "5", "--expires", "2099-01-01", "--meta", "owner=ci", "--min-class", "confidential"),
    )
    assert code == 0, err
    secret = out.strip()
    assert out.count("\n") == 1 and secret.startswith("ork-") and len(secret) == 36
    assert "not kept anywhere and cannot be shown again" in err and "created key" in err
    for f in db.parent.iterdir():  # the database, its WAL and anything else SQLite wrote
        assert secret.encode() not in f.read_bytes() and secret[8:].encode() not in f.read_bytes()
    p = authenticate(db, secret).principal
    assert p is not None and p.allowed_models == frozenset({"b"}) and p.min_data_class == "confidential"
    assert p.metadata == {"owner": "ci"} and p.expires_at is not None and p.expires_at.year == 2099
    assert [(s.kind, s.budget_day_usd, s.budget_month_usd, s.rpm) for s in p.scopes] == [
        ("key", 5.0, None, 60),
        ("team", None, 500.0, None),
    ]


def test_list_show_revoke(db: Path) -> None:
    run(db, "teams", "create", "ops")
    code, out, _ = run(db, "keys", "create", "--team", "ops", "--name", "deploy", "--json")
    created = json.loads(out)
    assert code == 0 and created["secret"].startswith("ork-") and created["status"] == "active"
    key_id = created["id"]
    code, out, _ = run(db, "keys", "list")
    (line,) = out.splitlines()[1:]
    assert line.split()[:5] == [key_id, created["prefix"], "deploy", "ops", "active"]
    code, out, _ = run(db, "keys", "show", key_id, "--json")
    shown = json.loads(out)
    assert shown["name"] == "deploy" and "secret" not in shown and created["secret"] not in out
    assert run(db, "keys", "show", key_id)[1].startswith("id:")
    assert run(db, "keys", "revoke", key_id)[1] == f"revoked key {key_id} (deploy)\n"
    assert authenticate(db, created["secret"]).reason == "revoked"
    assert json.loads(run(db, "keys", "list", "--team", "ops", "--json")[1])[0]["status"] == "revoked"
    assert run(db, "keys", "show", "nope")[:3:2] == (1, "error: no key with id 'nope'\n")
    assert run(db, "keys", "revoke", "nope")[0] == 1


def test_teams_update_show_and_list(db: Path) -> None:
    run(db, "teams", "create", "ops", "--rpm", "100", "--budget-month", "50", "--meta", "cc=1")
    run(db, "keys", "create", "--team", "ops", "--name", "a")
    code, out, _ = run(db, "teams", "update", "ops", "--tpm", "9000", "--unset", "budget_month_usd", "--name", "sre")
    assert code == 0 and out.startswith("updated team sre ")
    team = json.loads(run(db, "teams", "show", "sre", "--json")[1])
    assert (team["rpm"], team["tpm"], team["budget_month_usd"], team["metadata"]) == (100, 9000, None, {"cc": "1"})
    assert [k["name"] for k in team["keys"]] == ["a"]
    run(db, "teams", "update", "sre", "--unset", "metadata")
    assert json.loads(run(db, "teams", "show", "sre", "--json")[1])["metadata"] == {}
    listed = run(db, "teams", "list")[1].splitlines()
    assert listed[1].split()[1:4] == ["sre", "1", "rpm=100,"]
    assert run(db, "teams", "update", "sre")[0] == 2  # nothing to change
    assert run(db, "teams", "show", "ops")[0] == 1


def test_bad_input_is_one_line_and_exit_2(db: Path) -> None:
    assert run(db, "keys", "list")[0:3:2] == (2, f"error: no key store at {db} (the file does not exist)\n")
    run(db, "teams", "create", "ops")
    code, _, err = run(db, "keys", "create", "--team", "ops", "--name", "k", "--min-class", "secret")
    assert code == 2 and err.startswith("error: min_data_class: unknown data class 'secret'")
    code, _, err = run(db, "keys", "create", "--team", "nobody", "--name", "k")
    assert code == 2 and "No team with id or name 'nobody'" in err
    assert run(db, "teams", "create", "ops")[0:3:2] == (2, "error: A team named 'ops' already exists.\n")
    assert run(db, "keys", "create", "--team", "ops", "--name", "k", "--meta", "novalue")[0] == 2
    assert run(db, "keys", "create", "--team", "ops", "--name", "k", "--expires", "2001-01-01")[0] == 2
