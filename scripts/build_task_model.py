"""Train the built-in task detector and write src/orkester/routing/data/task_model.npz.

    .venv/bin/python scripts/build_task_model.py [--threads 2]

Reads the shipped examples (src/orkester/routing/data/task_examples.jsonl; the held-out set in
evals/tasks/ is never read here), embeds them with the default ``Embedder``, adds the lexical features,
and fits the logistic regression. The softmax temperature is fitted on out-of-fold predictions of a
5-fold cross-validation stratified by task and language, so confidences are calibrated on prompts the
model did not train on; the cross-validated accuracy is printed too. Deterministic: same inputs, same file.
Rerun after editing the examples or the defaults of ``EmbedSpec``, ``Lexical`` or ``Hyper`` (a detector
refuses a model whose examples digest does not match the shipped examples when it has to refit).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from orkester.routing.embeddings import Embedder
from orkester.routing.tasks import (
    BUILTIN_TASKS,
    EXAMPLES_FILE,
    MODEL_FILE,
    EmbedSpec,
    Hyper,
    Lexical,
    TaskModel,
    design_matrix,
    examples_digest,
    fit_temperature,
    read_examples,
    softmax,
    train_weights,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "orkester" / "routing" / "data"


def stratified_folds(rows: list[dict[str, str]], k: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fold = np.empty(len(rows), dtype=np.int64)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((r["task"], r["lang"]), []).append(i)
    for members in groups.values():
        order = rng.permutation(len(members))
        for rank, j in enumerate(order):
            fold[members[j]] = rank % k
    return fold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=Path, default=DATA / EXAMPLES_FILE)
    ap.add_argument("--out", type=Path, default=DATA / MODEL_FILE)
    ap.add_argument("--threads", type=int, default=2, help="engine threads while embedding (build time only)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    rows = read_examples(args.examples)
    tasks = tuple(BUILTIN_TASKS)
    unknown = {r["task"] for r in rows} - set(tasks)
    if unknown:
        print(f"unknown task types in {args.examples}: {sorted(unknown)}", file=sys.stderr)
        return 2
    texts = [r["text"] for r in rows]
    y = np.array([tasks.index(r["task"]) for r in rows], dtype=np.int64)
    embedder = Embedder(num_threads=args.threads)
    spec, lexical, hyper = EmbedSpec(), Lexical(), Hyper()

    t0 = time.perf_counter()
    emb = spec.embed(embedder, texts)
    lex = lexical.matrix(texts)
    print(f"embedded {len(texts)} examples in {time.perf_counter() - t0:.1f} s ({spec})")

    fold = stratified_folds(rows, args.folds, args.seed)
    oof = np.zeros((len(rows), len(tasks)), dtype=np.float32)
    for k in range(args.folds):
        tr = fold != k
        mean, scale = emb[tr].mean(axis=0), emb[tr].std(axis=0) + 1e-6
        w, b = train_weights(design_matrix(emb[tr], lex[tr], mean, scale, hyper.alpha), y[tr], len(tasks), hyper)
        oof[~tr] = design_matrix(emb[~tr], lex[~tr], mean, scale, hyper.alpha) @ w + b
    temperature = fit_temperature(oof, y)
    cv_acc = float((oof.argmax(axis=1) == y).mean())
    conf = softmax(oof / temperature).max(axis=1)
    print(f"cross-validated accuracy {cv_acc:.3f}; temperature {temperature:.2f}; mean confidence {conf.mean():.3f}")

    mean, scale = emb.mean(axis=0), emb.std(axis=0) + 1e-6
    w, b = train_weights(design_matrix(emb, lex, mean, scale, hyper.alpha), y, len(tasks), hyper)
    model = TaskModel(
        tasks=tasks,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=w,
        bias=b,
        temperature=temperature,
        lexical=lexical,
        hyper=hyper,
        embedding=spec,
        examples_digest=examples_digest(rows),
        train_embeddings=emb,
        train_labels=y,
    )
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
