"""``orkester prompts …`` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.prompts import PromptService

TEMPLATE = "You write quotes for {{ customer }} in a {{ tone }} tone.\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "o.db"


def run(db: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--url", f"sqlite:///{db}"], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def render(db: Path, ref: str, **values: str) -> str | None:
    async def go() -> str | None:
        service = await PromptService.open(f"sqlite:///{db}", create=False)
        try:
            return (await service.render(ref, values)).system
        finally:
            await service.close()

    return asyncio.run(go())


def test_push_from_stdin_with_variable_flags_then_list_and_show(db: Path) -> None:
    code, out, err = run(
        db,
        *("prompts", "push", "quote", "--var", "customer", "--var", "tone=friendly", "--task", "quote"),
        *("--description", "Quotes", "--by", "ann"),
        input=TEMPLATE,
    )
    assert (code, out) == (0, "pushed quote@1, now served as quote\n"), err
    assert render(db, "quote", customer="Ada") == "You write quotes for Ada in a friendly tone."
    code, out, _ = run(db, "prompts", "list")
    header, line = out.splitlines()
    assert header.split()[:4] == ["NAME", "ACTIVE", "LATEST", "TASK"] and line.split()[:4] == [
        "quote",
        "1",
        "1",
        "quote",
    ]
    code, out, _ = run(db, "prompts", "show", "quote@1")
    assert out.splitlines()[:3] == ["ref:          quote@1", "active:       True", "task_type:    quote"]
    assert "  customer (required)\n  tone (default 'friendly')\n---\n" + TEMPLATE in out
    shown = json.loads(run(db, "prompts", "show", "quote", "--json")[1])
    assert shown["body"] == TEMPLATE and shown["created_by"] == "ann" and shown["variables"][1]["default"] == "friendly"


def test_push_from_a_file_with_a_variables_file(db: Path, tmp_path: Path) -> None:
    (tmp_path / "q.j2").write_text("{% block user %}Quote for {{ customer }}{{ suffix }}{% endblock %}")
    (tmp_path / "vars.yaml").write_text("customer: the customer's name\nsuffix:\n  default: '!'\n")
    code, out, err = run(db, "prompts", "push", "quote", str(tmp_path / "q.j2"), "--vars", str(tmp_path / "vars.yaml"))
    assert code == 0, err
    (tmp_path / "vars.json").write_text(json.dumps([{"name": "customer", "description": "who"}, {"name": "suffix"}]))
    code, out, err = run(db, "prompts", "push", "quote", str(tmp_path / "q.j2"), "--vars", str(tmp_path / "vars.json"))
    assert (code, out) == (0, "pushed quote@2, now served as quote\n"), err
    versions = json.loads(run(db, "prompts", "list", "quote", "--json")[1])
    assert [v["variables"] for v in versions] == [
        [
            {"name": "customer", "required": True, "default": None, "description": "the customer's name"},
            {"name": "suffix", "required": False, "default": "!", "description": ""},
        ],
        [
            {"name": "customer", "required": True, "default": None, "description": "who"},
            {"name": "suffix", "required": True, "default": None, "description": ""},
        ],
    ]


def test_a_bad_template_or_variable_file_is_one_line_and_exit_2(db: Path, tmp_path: Path) -> None:
    code, _, err = run(db, "prompts", "push", "quote", input="Hi {{ customr }}")
    assert code == 2 and err == "error: variables: the template uses customr but does not declare it\n"
    code, _, err = run(db, "prompts", "push", "quote", "--var", "x", input="{% for %}")
    assert code == 2 and err.startswith("error: body: line 1:")
    (tmp_path / "v.yaml").write_text("- name: x\n  colour: red\n")
    code, _, err = run(db, "prompts", "push", "quote", "--vars", str(tmp_path / "v.yaml"), input="x")
    assert code == 2 and "unknown field(s) colour" in err


def test_versions_diff_and_rollback(db: Path) -> None:
    run(db, "prompts", "push", "quote", "--var", "customer", "--by", "ann", input="Hello {{ customer }}.\nBye.\n")
    run(db, "prompts", "push", "quote", "--var", "customer", "--by", "bob", input="Hi {{ customer }}!\nBye.\n")
    code, out, _ = run(db, "prompts", "push", "quote", "--var", "customer", input="Hi {{ customer }}!\nBye.\n")
    assert (code, out) == (0, "quote@2 already says this: no new version\n")
    code, out, _ = run(db, "prompts", "push", "quote", "--var", "customer", "--no-activate", input="Yo {{ customer }}")
    assert out == "pushed quote@3 (not served: `orkester prompts rollback quote --to 3` serves it)\n"

    code, out, _ = run(db, "prompts", "diff", "quote")  # the active version (2) against the one before
    assert out.splitlines()[:2] == ["--- quote@1", "+++ quote@2"]
    assert "-Hello {{ customer }}." in out.splitlines() and "+Hi {{ customer }}!" in out.splitlines()
    assert run(db, "prompts", "diff", "quote", "1", "3")[1].splitlines()[:2] == ["--- quote@1", "+++ quote@3"]
    assert run(db, "prompts", "diff", "quote", "2", "2")[1] == ""

    code, out, _ = run(db, "prompts", "list", "quote")
    rows = out.splitlines()[1:]
    assert [r[:10] for r in rows] == ["      1   ", "      2  *", "      3   "]  # * marks the active version
    assert [r.split()[-3] for r in rows] == ["ann", "bob", rows[2].split()[-3]]

    code, out, _ = run(db, "prompts", "rollback", "quote", "--by", "carl")
    assert (code, out) == (0, "quote now serves quote@1 (latest pushed: quote@3)\n")
    assert render(db, "quote", customer="A") == "Hello A.\nBye."
    assert (
        run(db, "prompts", "rollback", "quote", "--to", "3")[1] == "quote now serves quote@3 (latest pushed: quote@3)\n"
    )
    assert render(db, "quote", customer="A") == "Yo A"


def test_what_does_not_exist_is_exit_1(db: Path) -> None:
    run(db, "prompts", "push", "quote", input="x")
    for args in (("show", "nope"), ("show", "quote@2"), ("rollback", "nope"), ("rollback", "quote", "--to", "5")):
        code, out, err = run(db, "prompts", *args)
        assert code == 1 and out == "" and err.startswith("error: Prompt template '") and "does not exist" in err
    code, _, err = run(db, "prompts", "diff", "quote")
    assert code == 2 and "quote@1 is the first version" in err
    code, _, err = run(db, "prompts", "show", "a b")
    assert code == 2 and "not a prompt template reference" in err


def test_an_empty_store_is_not_created_by_reading(db: Path) -> None:
    code, _, err = run(db, "prompts", "list")
    assert code == 2 and "no prompt store" in err and not db.exists()


@pytest.mark.parametrize("command", ["list", "show", "push", "diff", "rollback"])
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, ["prompts", command, "--help"])
    assert result.exit_code == 0 and "--url" in result.stdout and "--config" in result.stdout
