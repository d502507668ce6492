"""The chain's pure parts: canonical form, hashing, entry checks and the verifier's verdicts."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from orkester.audit import AuditEntry, AuditRecord, ChainHead
from orkester.audit.chain import GENESIS, GENESIS_HASH, ChainVerifier, canonical_json, format_ts, record_hash, seal
from orkester.audit.export import csv_row, jsonl_line
from orkester.audit.record import RECORD_FIELDS

from .entries import at, entry

NOW = datetime(2026, 11, 26, 9, 15, 2, 123456, tzinfo=UTC)


def chain(n: int) -> list[AuditRecord]:
    records, head = [], GENESIS
    for i in range(1, n + 1):
        record = seal(entry(i), head, NOW + timedelta(seconds=i))
        records.append(record)
        head = ChainHead(record.seq, record.hash)
    return records


def head_of(records: list[AuditRecord]) -> ChainHead:
    return ChainHead(records[-1].seq, records[-1].hash)


def verdict(records: list[AuditRecord], head: ChainHead | None, expect: ChainHead | None = None) -> ChainVerifier:
    verifier = ChainVerifier(expect)
    for r in records:
        if not verifier.feed(r):
            break
    verifier.finish(head)
    return verifier


def test_entry_has_no_field_for_values() -> None:
    names = {f.name for f in dataclasses.fields(AuditEntry)}
    assert not names & {"text", "value", "values", "prompt", "content", "messages", "matches"}
    assert set(RECORD_FIELDS) == names - {"ts"} | {"seq", "ts", "prev_hash", "hash"}


def test_seal_numbers_chains_and_hashes_every_field() -> None:
    first, second = chain(2)
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert second.prev_hash == first.hash
    body = {name: getattr(first, name) for name in RECORD_FIELDS if name != "hash"}
    body["ts"] = "2026-11-26T09:15:03.123456Z"
    expected = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert first.hash == hashlib.sha256(expected).hexdigest()
    for name, value in (("seq", 9), ("prev_hash", "1" * 64), ("ts", NOW), ("team", "sales"), ("entities", {})):
        assert record_hash(dataclasses.replace(first, **{name: value})) != first.hash, name


def test_timestamps_are_utc_with_z_and_the_entry_time_wins() -> None:
    oslo = timezone(timedelta(hours=1))
    record = seal(entry(ts=datetime(2026, 11, 26, 10, 0, tzinfo=oslo)), GENESIS, NOW)
    assert format_ts(record.ts) == "2026-11-26T09:00:00.000000Z"
    assert seal(entry(), GENESIS, NOW).ts == NOW
    assert format_ts(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000000Z"  # naive is UTC


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": ["ø", None]}) == '{"a":["ø",null],"b":1}'
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


@pytest.mark.parametrize(
    "changes",
    [
        {"destinations": [{"provider": "x", "model": "m", "region": "eu", "prompt": "Ola Nordmann"}]},
        {"destinations": [{"provider": "x", "model": 3, "region": "eu"}]},
        {"entities": {"FNR": "01017012345"}},
        {"entities": {"FNR": -1}},
        {"entities": {"FNR": True}},
    ],
)
def test_entries_that_could_carry_values_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        seal(entry(**changes), GENESIS, NOW)


def test_destinations_are_normalised_to_provider_model_region() -> None:
    record = seal(entry(destinations=[{"provider": "local"}]), GENESIS, NOW)
    assert record.destinations == [{"provider": "local", "model": None, "region": None}]


def test_an_intact_chain_verifies() -> None:
    records = chain(5)
    v = verdict(records, head_of(records))
    assert v.ok and v.count == 5


def test_an_edited_row_is_named() -> None:
    records = chain(5)
    records[2] = dataclasses.replace(records[2], team="someone-else")
    v = verdict(records, head_of(records))
    assert v.first_bad_seq == 3 and "row 3 was edited" in v.problem and v.count == 2


def test_an_edited_and_rehashed_row_is_named_by_the_broken_link() -> None:
    records = chain(5)
    forged = dataclasses.replace(records[2], entities={})
    records[2] = dataclasses.replace(forged, hash=record_hash(forged))
    v = verdict(records, head_of(records))
    assert v.first_bad_seq == 3 and "row 3 is not the row that row 4 was chained to" in v.problem


@pytest.mark.parametrize(("drop", "missing"), [([0], 1), ([2], 3), ([1, 2], 2)])
def test_deleted_rows_are_named(drop: list[int], missing: int) -> None:
    records = chain(5)
    head = head_of(records)
    kept = [r for i, r in enumerate(records) if i not in drop]
    v = verdict(kept, head)
    assert v.first_bad_seq == missing and "missing" in v.problem


def test_reordered_rows_are_detected() -> None:
    records = chain(5)
    swapped = [dataclasses.replace(records[3], seq=3), dataclasses.replace(records[2], seq=4)]
    v = verdict([*records[:2], *swapped, records[4]], head_of(records))
    assert v.first_bad_seq == 3 and not v.ok


def test_a_cut_tail_is_detected_by_the_head() -> None:
    records = chain(5)
    v = verdict(records[:3], head_of(records))
    assert v.first_bad_seq == 4 and "rows 4-5 missing" in v.problem


def test_rows_behind_the_heads_back_and_a_missing_head_are_detected() -> None:
    records = chain(5)
    assert verdict(records, ChainHead(4, records[3].hash)).first_bad_seq == 5
    v = verdict(records, None)
    assert not v.ok and "head" in v.problem


def test_an_anchor_catches_a_rewritten_chain() -> None:
    records = chain(5)
    anchor = ChainHead(3, records[2].hash)
    rewritten = chain(2)
    head = head_of(rewritten)
    for i in range(3, 6):
        r = seal(entry(100 + i), head, NOW)
        rewritten.append(r)
        head = ChainHead(r.seq, r.hash)
    assert verdict(rewritten, head).ok  # without an anchor a full rewrite is consistent
    v = verdict(rewritten, head, expect=anchor)
    assert v.first_bad_seq == 3 and "anchor" in v.problem
    assert not verdict(records[:2], ChainHead(2, records[1].hash), expect=anchor).ok


def test_jsonl_line_rehashes_to_its_hash() -> None:
    record = chain(1)[0]
    data = json.loads(jsonl_line(record))
    digest = data.pop("hash")
    assert hashlib.sha256(canonical_json(data).encode()).hexdigest() == digest == record.hash


def test_csv_row_formats_entities_destinations_and_defuses_formulas() -> None:
    record = seal(
        entry(
            destinations=[
                {"provider": "mistral", "model": "small", "region": "eu"},
                {"provider": "local", "model": "smol", "region": None},
            ],
            detail="=HYPERLINK(1)",
            ts=at(26),
        ),
        GENESIS,
        NOW,
    )
    row = dict(zip(RECORD_FIELDS, csv_row(record), strict=True))
    assert row["entities"] == "EMAIL:2;FNR:1"
    assert row["destinations"] == "mistral/small@eu;local/smol"
    assert row["ts"] == "2026-11-26T12:00:00.000000Z"
    assert row["declared_class"] == "" and row["pseudonymised"] == "false"
    assert row["detail"] == "'=HYPERLINK(1)"
