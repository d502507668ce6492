"""RouterBench-format CSV files: loading, cleaning and the deterministic held-out split.

The column format (one row per prompt, every model's recorded answer on the same row)::

    sample_id, prompt, eval_name,
    <model>                   1.0 / 0.0, was the recorded answer correct
    <model>|model_response    the recorded answer
    <model>|total_cost        USD paid for that call
    oracle_model_to_route_to

``prompt`` and ``<model>|model_response`` are stringified Python lists (``"['text']"``);
they are parsed with :func:`ast.literal_eval` and joined. Cells can be empty. Some
sample ids occur twice, each row carrying only some of the models (an artefact of how
RouterBench was assembled); such rows are merged, the row with more models giving the
prompt. A model cell still empty after merging means "no record": its answer is empty,
it counts as incorrect, and its cost is that model's mean cost on the same ``eval_name``.

Split: a row is held out when ``sha256(sample_id)`` mapped to [0, 1) is below
``heldout_fraction`` (0.3 by default). The rule looks at nothing but the id, so a row's
side never changes when more data arrives, and every ``eval_name`` is split in the same
proportion in expectation (stratified by construction: the hash is independent of the
task). Training code uses ``split="train"``; evaluation reports ``split="heldout"``.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Split = Literal["train", "heldout", "all"]
HELDOUT_FRACTION = 0.3
_RESPONSE = "|model_response"
_COST = "|total_cost"
_FIXED = {"", "sample_id", "prompt", "eval_name", "oracle_model_to_route_to"}


@dataclass(slots=True)
class Row:
    """One prompt with every model's recorded outcome. Strategies never see this type."""

    sample_id: str
    eval_name: str
    prompt: str
    correct: dict[str, float] = field(default_factory=dict)
    response: dict[str, str] = field(default_factory=dict)
    cost: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Dataset:
    models: list[str]
    rows: list[Row]

    def split(self, which: Split, fraction: float = HELDOUT_FRACTION) -> Dataset:
        if which == "all":
            return self
        keep = [r for r in self.rows if is_heldout(r.sample_id, fraction) == (which == "heldout")]
        return Dataset(self.models, keep)

    def eval_names(self) -> list[str]:
        return sorted({r.eval_name for r in self.rows})

    def mean_cost(self) -> dict[str, float]:
        n = max(1, len(self.rows))
        return {m: sum(r.cost[m] for r in self.rows) / n for m in self.models}

    def accuracy(self) -> dict[str, float]:
        n = max(1, len(self.rows))
        return {m: sum(r.correct[m] for r in self.rows) / n for m in self.models}


def is_heldout(sample_id: str, fraction: float = HELDOUT_FRACTION) -> bool:
    digest = hashlib.sha256(sample_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def parse_listish(cell: str) -> str:
    """``"['a', 'b']"`` → ``"a\\n\\nb"``; a cell that is not a list literal is returned as it is."""
    s = cell.strip()
    if s.startswith("[") and s.endswith("]"):
        try:
            value = ast.literal_eval(s)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return cell
        if isinstance(value, list):
            return "\n\n".join(str(v) for v in value)
    return cell


def csv_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv")
        if not files:
            raise FileNotFoundError(f"no .csv files in {p}")
        return files
    if not p.exists():
        raise FileNotFoundError(f"{p} does not exist")
    return [p]


def load(path: str | Path | Sequence[str | Path]) -> Dataset:
    """Read a RouterBench-format CSV file, a folder of them, or a list of either."""
    paths = [path] if isinstance(path, str | Path) else list(path)
    files = [f for p in paths for f in csv_files(p)]
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    models: list[str] = []
    raw: list[dict[str, str]] = []
    for f in files:
        with f.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            for name in header:
                if name not in _FIXED and "|" not in name and name not in models:
                    models.append(name)
            raw.extend(reader)
    if not models:
        raise ValueError(f"no model columns found in {', '.join(str(f) for f in files)}")
    return Dataset(models, _clean(_merge(raw), models))


def _filled(rec: dict[str, str], models: Iterable[str]) -> int:
    return sum(1 for m in models if (rec.get(m) or "").strip())


def _merge(raw: list[dict[str, str]]) -> list[dict[str, str]]:
    by_id: dict[str, list[dict[str, str]]] = {}
    for rec in raw:
        sid = (rec.get("sample_id") or "").strip()
        if sid:
            by_id.setdefault(sid, []).append(rec)
    merged: list[dict[str, str]] = []
    for recs in by_id.values():
        recs.sort(key=lambda r: -sum(1 for v in r.values() if v))
        base = dict(recs[0])
        for other in recs[1:]:
            for k, v in other.items():
                if k is not None and v and not base.get(k):
                    base[k] = v
        merged.append(base)
    return merged


def _float(cell: str | None) -> float | None:
    if cell is None or not cell.strip():
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def _clean(recs: list[dict[str, str]], models: list[str]) -> list[Row]:
    rows: list[Row] = []
    missing_cost: list[tuple[Row, str]] = []
    for rec in recs:
        prompt = parse_listish(rec.get("prompt") or "")
        if not prompt.strip():
            continue
        row = Row(sample_id=rec["sample_id"].strip(), eval_name=(rec.get("eval_name") or "").strip(), prompt=prompt)
        for m in models:
            row.correct[m] = _float(rec.get(m)) or 0.0
            row.response[m] = parse_listish(rec.get(m + _RESPONSE) or "")
            c = _float(rec.get(m + _COST))
            if c is None:
                missing_cost.append((row, m))
                c = 0.0
            row.cost[m] = c
        rows.append(row)
    if missing_cost:
        # A missing cost is not a free call: charge that model's mean on the same task.
        sums: dict[tuple[str, str], list[float]] = {}
        absent = {(id(r), m) for r, m in missing_cost}
        for r in rows:
            for m in models:
                if (id(r), m) not in absent:
                    sums.setdefault((r.eval_name, m), []).append(r.cost[m])
        for r, m in missing_cost:
            seen = sums.get((r.eval_name, m)) or [0.0]
            r.cost[m] = sum(seen) / len(seen)
    return rows
