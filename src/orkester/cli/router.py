"""``orkester router``: train the learned router and answer scorer; evaluate strategies offline.

Both commands need the ``train`` extra (``pip install 'orkester[train]'``: scikit-learn,
matplotlib); the gateway itself only needs numpy to use the trained artifacts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import cast

import click

HELD_OUT_HELP = "Share of rows held out, by a hash of sample_id (or of the prompt), stratified by task."


@click.group()
def router() -> None:
    """The learned router: train it, evaluate routing strategies on recorded answers."""


@contextmanager
def _bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
    with click.progressbar(length=max(1, total), label=label, file=sys.stderr) as bar:
        yield bar.update


@contextmanager
def _as_usage_errors() -> Iterator[None]:
    """Bad data is the user's to fix: show the message, not a traceback."""
    try:
        yield
    except (ValueError, FileNotFoundError) as e:
        raise click.ClickException(str(e)) from None


def _need_training_extra() -> None:
    try:
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise click.ClickException("training needs the train extra: pip install 'orkester[train]'") from None


@router.command()
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(exists=True),
    help="RouterBench-format CSV file or folder (repeatable).",
)
@click.option(
    "--feedback",
    "feedback",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="JSONL of logged feedback: {prompt, model, score (0/1 or 1-5), cost[, answer, id]} (repeatable).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), required=True, help="Where to write the quality predictor (.npz)."
)
@click.option(
    "--scorer-out",
    type=click.Path(dir_okay=False),
    help="Where to write the answer scorer (.npz); needs answers in the data.",
)
@click.option(
    "--heldout", "heldout_fraction", type=click.FloatRange(0, 0.9), default=0.3, show_default=True, help=HELD_OUT_HELP
)
@click.option(
    "--good-at",
    type=float,
    default=4.0,
    show_default=True,
    help="On a 1-5 feedback scale, the lowest score that counts as good.",
)
@click.option(
    "--text-chars",
    type=click.IntRange(0, 4000),
    default=None,
    help="Characters from the end of the prompt the router embeds (default: the shipped setting, 24).",
)
@click.option(
    "--head-chars",
    type=click.IntRange(0, 4000),
    default=None,
    help="Characters from the start of the prompt the router embeds (default: the shipped setting, 64; "
    "0 embeds whole trailing paragraphs up to --text-chars).",
)
@click.option(
    "--layers",
    type=click.IntRange(1, 12),
    default=None,
    help="Encoder layers of the embedding (default: the shipped setting, 4, the task detector's vector).",
)
@click.option(
    "--threads", type=click.IntRange(1, 64), default=None, help="Embedding threads (default: $OMP_NUM_THREADS or 2)."
)
def train(
    data_paths: tuple[str, ...],
    feedback: tuple[str, ...],
    out: str,
    scorer_out: str | None,
    heldout_fraction: float,
    good_at: float,
    text_chars: int | None,
    head_chars: int | None,
    layers: int | None,
    threads: int | None,
) -> None:
    """Train the router's quality predictor (and the cascade's answer scorer) on recorded outcomes.

    \b
    From RouterBench-format CSVs:   orkester router train --data ../shared/data/routerbench --out router.npz
    From your own logged feedback:  orkester router train --feedback feedback.jsonl --out router.npz

    A feedback line is {"prompt": ..., "model": ..., "score": 0|1 or 1-5, "cost": USD}, optionally
    with "answer" (needed for --scorer-out) and "id". Part of the data is held out (--heldout) and
    the artifact records its scores on it. Embeddings are cached in $ORKESTER_CACHE_DIR
    (default ~/.cache/orkester), keyed by a hash of the text.
    """
    _need_training_extra()
    if not data_paths and not feedback:
        raise click.UsageError("give --data and/or --feedback")
    with _as_usage_errors():
        from ..routing.learned.predictor import SHIPPED_VIEW as shipped

        view = (
            shipped[0] if layers is None else layers,
            shipped[1] if head_chars is None else head_chars,
            shipped[2] if text_chars is None else text_chars,
        )
        if view[1] + view[2] < 8:
            raise click.UsageError("--head-chars and --text-chars leave less than 8 characters to embed")
        _train(data_paths, feedback, out, scorer_out, heldout_fraction, good_at, view, threads)


def _train(
    data_paths: tuple[str, ...],
    feedback: tuple[str, ...],
    out: str,
    scorer_out: str | None,
    heldout_fraction: float,
    good_at: float,
    view: tuple[int, int, int],
    threads: int | None,
) -> None:
    from ..routing.learned import data as rb
    from ..routing.learned import train as tr
    from ..routing.learned.predictor import DEFAULT_TEXT_CHARS, cut_text, routing_text

    parts: list[tr.Examples] = []
    sources: list[str] = []
    if data_paths:
        parts.append(tr.from_dataset(rb.load(list(data_paths))))
        sources += [Path(p).name for p in data_paths]
    for f in feedback:
        parts.append(tr.from_feedback(f, good_at=good_at))
        sources.append(Path(f).name)
    examples = tr.Examples([e for p in parts for e in p.items], {g: a for p in parts for g, a in p.peers.items()})
    train_part = examples.split(heldout=False, fraction=heldout_fraction)
    held_part = examples.split(heldout=True, fraction=heldout_fraction) if heldout_fraction > 0 else None
    meta = {"sources": sources, "heldout_fraction": heldout_fraction, "split": "sha256(sample_id) < fraction"}
    backend = tr.default_backend(threads)
    router_cache = tr.EmbeddingCache(backend, layers=view[0])
    cache = tr.EmbeddingCache(backend)
    prompts = {e.prompt for e in examples.items}
    todo = router_cache.missing(cut_text(p, view[1], view[2]) for p in prompts)
    with _bar(f"embedding {len(todo)} new prompts", len(todo)) as tick:
        router_cache.embed(todo, progress=tick)
    if scorer_out:
        from ..routing.learned.scorer import DEFAULT_ANSWER_CHARS

        texts = [routing_text(p, DEFAULT_TEXT_CHARS) for p in prompts]
        texts += [(e.answer or "")[:DEFAULT_ANSWER_CHARS] for e in examples.items if e.answer is not None]
        todo = cache.missing(texts)
        with _bar(f"embedding {len(todo)} new texts for the answer scorer", len(todo)) as tick:
            cache.embed(todo, progress=tick)
    with _bar("training the quality predictor", len(train_part.models)) as tick:
        predictor = tr.train_predictor(
            train_part, router_cache, heldout=held_part, view=view, progress=tick, metadata=meta
        )
    predictor.save(out)
    overall = predictor.heldout.get("all", {})
    click.echo(f"wrote {out}: {len(predictor.models)} models; held-out AUC {_fmt(overall.get('auc'))}")
    if scorer_out:
        answered = [e for e in train_part.items if e.answer is not None]
        with _bar("training the answer scorer", len(answered)) as tick:
            scorer = tr.train_scorer(
                train_part, cache, heldout=held_part, prompt_chars=DEFAULT_TEXT_CHARS, progress=tick, metadata=meta
            )
        scorer.save(scorer_out)
        click.echo(f"wrote {scorer_out}: held-out AUC {_fmt(scorer.heldout.get('auc'))}")


def _fmt(x: object) -> str:
    return f"{x:.3f}" if isinstance(x, float) else "-"


@router.command(name="eval")
@click.option(
    "--data", "data_path", type=click.Path(exists=True), required=True, help="RouterBench-format CSV file or folder."
)
@click.option(
    "--strategies",
    default=None,
    help="Comma-separated names: always (every always:<model>), always:<model>, random, task_rules, "
    "cascade, ensemble, learned, oracle.",
)
@click.option(
    "--split",
    type=click.Choice(["heldout", "train", "all"]),
    default="heldout",
    show_default=True,
    help="Which rows to report on (strategies are always fitted on the train split).",
)
@click.option(
    "--heldout",
    "heldout_fraction",
    type=click.FloatRange(0.01, 0.9),
    default=0.3,
    show_default=True,
    help=HELD_OUT_HELP,
)
@click.option(
    "--router",
    "router_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Quality predictor .npz (default: the shipped one).",
)
@click.option(
    "--scorer",
    "scorer_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Answer scorer .npz (default: the shipped one).",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None, help="Write the figures as JSON.")
@click.option(
    "--plot", "plot_out", type=click.Path(dir_okay=False), default=None, help="Draw the cost-quality curves to a PNG."
)
@click.option("--threads", type=click.IntRange(1, 64), default=None, help="Embedding threads.")
def eval_(
    data_path: str,
    strategies: str | None,
    split: str,
    heldout_fraction: float,
    router_path: str | None,
    scorer_path: str | None,
    json_out: str | None,
    plot_out: str | None,
    threads: int | None,
) -> None:
    """Replay recorded answers through routing strategies and compare accuracy and cost.

    A strategy sees only the prompt; calling a model returns that model's recorded answer and
    costs its recorded cost; correctness is read only to score. Fitting (task rules, cascade
    tiers and thresholds, ensemble members) uses the train split; --split picks the rows reported.
    """
    from ..evals import routerbench_eval as ev
    from ..routing.learned import data as rb
    from ..routing.learned import train as tr
    from ..routing.learned.predictor import QualityPredictor
    from ..routing.learned.scorer import AnswerScorer

    wanted = {s.strip() for s in strategies.split(",") if s.strip()} if strategies else None
    if plot_out:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise click.ClickException("--plot needs matplotlib: pip install 'orkester[train]'") from None
    with _as_usage_errors():
        dataset = rb.load(data_path)
    if wanted:
        known = {"always", "random", "task_rules", "cascade", "ensemble", "learned", "oracle"}
        known |= {f"always:{m}" for m in dataset.models}
        unknown = sorted(wanted - known)
        if unknown:
            raise click.UsageError(f"unknown strategies: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    train_part = dataset.split("train", heldout_fraction)
    test_part = dataset.split(cast(rb.Split, split), heldout_fraction)
    if not test_part.rows or not train_part.rows:
        raise click.ClickException("the split leaves no rows to fit or to report on")
    predictor = QualityPredictor.load(router_path) if ev.selected("learned", wanted) else None
    scorer = AnswerScorer.load(scorer_path) if ev.selected("cascade", wanted) else None
    if predictor is not None and not set(predictor.models) & set(dataset.models):
        raise click.ClickException(
            "the quality predictor knows none of this data's models; train one on it: orkester router train"
        )
    backend = tr.default_backend(threads)
    cache = tr.EmbeddingCache(backend)
    router_cache = tr.EmbeddingCache(backend, layers=predictor.layers) if predictor else cache
    for what, part, texts in (
        ("prompts", router_cache, [predictor.text(r.prompt) for r in test_part.rows] if predictor else []),
        ("texts", cache, ev.CascadePlanner.texts(train_part, test_part, scorer) if scorer else []),
    ):
        todo = part.missing(texts)
        if todo:
            with _bar(f"embedding {len(todo)} new {what}", len(todo)) as tick:
                part.embed(todo, progress=tick)
    with ExitStack() as stack:

        def bar(label: str, total: int) -> Callable[[int], None]:
            return stack.enter_context(_bar(label, total))

        built = ev.build_strategies(
            train_part,
            test_part,
            predictor=predictor,
            scorer=scorer,
            embed=cache,
            embed_router=router_cache,
            wanted=wanted,
            progress=bar,
        )
    with _bar("replaying", len(built)) as tick:
        report = ev.evaluate(test_part, built, split=cast(rb.Split, split), progress=tick)
    for line in report.table():
        click.echo(line)
    if json_out:
        Path(json_out).write_text(json.dumps(report.as_json(), indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {json_out}")
    if plot_out:
        ev.plot(report, plot_out)
        click.echo(f"wrote {plot_out}")
