from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from orkester.cli.main import cli


def test_help() -> None:
    for args in (["pii", "--help"], ["pii", "scan", "--help"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 0 and "Usage:" in r.output
    assert "--jsonl" in CliRunner().invoke(cli, ["pii", "scan", "--help"]).output


def test_plain_output_masks_values() -> None:
    r = CliRunner().invoke(cli, ["pii", "scan"], input="Ring Kari Nordmann på 912 34 567. Org.nr 923 609 016")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert [ln.split()[0] for ln in lines[:-1]] == ["PERSON", "PHONE", "ORGNR"]
    assert "Kari Nordmann" not in r.output and "912 34 567" not in r.output
    assert "K•••••••••••n" in lines[0] and "confidential" in lines[0] and "internal" in lines[2]
    assert lines[-1] == "class: confidential (3 entities)"


def test_json_output() -> None:
    r = CliRunner().invoke(cli, ["pii", "scan", "--json", "--no-ner"], input="Org.nr 923 609 016")
    assert r.exit_code == 0
    assert json.loads(r.output) == {
        "class": "internal",
        "entities": [{"type": "ORGNR", "start": 7, "end": 18, "class": "internal"}],
    }


def test_jsonl_writes_types_and_spans_never_values_and_reports_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Ola Hansen, ola@firma.no"}),
        "{not json",
        json.dumps({"id": "c"}),
        "",
        json.dumps({"id": 4, "text": "ingen personopplysninger her"}),
    ]
    r = CliRunner().invoke(cli, ["pii", "scan", "--jsonl"], input="\n".join(lines) + "\n")
    assert r.exit_code == 1
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert out[0] == {
        "id": "a",
        "class": "confidential",
        "entities": [{"type": "PERSON", "start": 0, "end": 10}, {"type": "EMAIL", "start": 12, "end": 24}],
    }
    assert out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert out[2] == {"line": 3, "error": 'expected an object with a string "text"'}
    assert out[3] == {"id": 4, "class": "public", "entities": []}
    assert "Hansen" not in r.stdout and "firma" not in r.stdout
    assert "error: line 2" in r.stderr and "Traceback" not in r.output


def test_jsonl_all_good_exits_zero() -> None:
    r = CliRunner().invoke(cli, ["pii", "scan", "--jsonl", "--no-ner"], input='{"id": 1, "text": "tlf 912 34 567"}\n')
    assert r.exit_code == 0
    assert json.loads(r.stdout)["entities"] == [{"type": "PHONE", "start": 4, "end": 14}]


def test_config_patterns_and_classes(tmp_path: Path) -> None:
    config = tmp_path / "orkester.yaml"
    config.write_text(
        "guardrails:\n"
        "  detection:\n"
        "    ner: false\n"
        "    entity_classes: {ORGNR: public}\n"
        "    patterns:\n"
        "      - {name: EMPLOYEE_ID, regex: 'EMP-\\d{5}', data_class: strictly_confidential}\n"
    )
    r = CliRunner().invoke(cli, ["pii", "scan", "--json", "--config", str(config)], input="EMP-12345, 923 609 016")
    assert r.exit_code == 0, r.output
    result = json.loads(r.output)
    assert result["class"] == "strictly_confidential"
    assert [(e["type"], e["class"]) for e in result["entities"]] == [
        ("EMPLOYEE_ID", "strictly_confidential"),
        ("ORGNR", "public"),
    ]


def test_bad_config_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("guardrails:\n  detection:\n    entity_classes: {ORGNR: nonsense}\n")
    r = CliRunner().invoke(cli, ["pii", "scan", "--config", str(config)], input="x")
    assert r.exit_code == 2
    assert "unknown data class" in r.output and "Traceback" not in r.output


def test_json_and_jsonl_together_is_a_usage_error() -> None:
    r = CliRunner().invoke(cli, ["pii", "scan", "--json", "--jsonl"], input="")
    assert r.exit_code == 2 and "choose one" in r.output
