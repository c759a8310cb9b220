"""Generate a whole world to disk: registry, sanctions list, transactions and their truth.

Work is cut into chunks that do not depend on each other: registry chunks of consecutive company
indices and one trade chunk per month of the world's span. Each chunk draws from its own random
stream, so the bytes do not depend on how many processes run or in which order they finish. Chunk
files are merged in a fixed order (transactions by date through a k-way merge), which keeps memory
bounded by one chunk per process.

Planted networks are planned first, in the parent process: they choose the registry indices their
companies replace, so fronts sit among ordinary companies with ordinary-looking ids; their records
join the monthly streams in the date-ordered merge.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import json
import multiprocessing
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from interdictor.generate.companies import Registry
from interdictor.generate.data import knowledge
from interdictor.generate.ftm import company_entities
from interdictor.generate.networks import Plan, plan_networks
from interdictor.generate.rng import stream
from interdictor.generate.trade import Emit, Trade

__all__ = ["WorldSummary", "generate_world"]

FORMAT_VERSION = "1"
REGISTRY_CHUNK = 20_000
WRITE_BATCH = 1_000  # companies per write: bounded memory, few system calls
RECORDS_PER_DEAL = 3.4
MAX_PLANTED_SHARE = 0.008

_CONTEXT: dict[str, Any] = {}
GC_THRESHOLD = (100_000, 50, 100)
"""Young-generation threshold while generating: the records and companies hold no reference cycles, so
the cyclic collector mostly re-scans the cache of built companies; collecting rarely saves ~10 %."""
_TRUTH_SCHEMAS = frozenset({"Company", "Person", "BankAccount"})


@dataclass
class WorldSummary:
    """What was written, for the CLI and the benchmark."""

    out: Path
    seed: int
    companies: int
    transactions: int = 0
    planted_transactions: int = 0
    entities: int = 0
    sanctions_entities: int = 0
    party_records: int = 0
    networks: int = 0
    seconds: float = 0.0
    files: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("out", "seconds")}
        data["legitimate_share"] = round(1 - self.planted_transactions / max(self.transactions, 1), 6)
        return data


def _dumps(obj: Any) -> bytes:
    return orjson.dumps(obj)


def _write_emits(emits: list[Emit], tx: BinaryIO, truth: BinaryIO, ents: BinaryIO) -> int:
    """Write records sorted by (date, id) with the sort key in front for the merge; returns party rows."""
    emits.sort(key=lambda e: (e[0]["date"], e[0]["id"]))
    dumps = orjson.dumps
    tx_lines, truth_lines, party_rows = [], [], []
    for record, record_truth, parties in emits:
        rid = record["id"]
        key = f"{record['date']}|{rid}\t".encode()
        tx_lines.append(key + dumps(record))
        truth_lines.append(key + dumps(record_truth))
        party_rows.extend([f"{rid}/{ref},party,{entity}\n" for ref, entity in parties])
    if emits:
        tx.write(b"\n".join(tx_lines) + b"\n")
        truth.write(b"\n".join(truth_lines) + b"\n")
        ents.write("".join(party_rows).encode())
    return len(party_rows)


# -- worker tasks (run in forked processes; read the parent's context) ---------------------------


def _registry_task(chunk: int) -> tuple[str, int, int, int]:
    trade: Trade = _CONTEXT["trade"]
    parts: Path = _CONTEXT["parts"]
    reg = trade.registry
    rng = stream(trade.seed, "registry", chunk)
    start, stop = chunk * REGISTRY_CHUNK, min(reg.size, (chunk + 1) * REGISTRY_CHUNK)
    dumps, build = orjson.dumps, reg._build
    count = 0
    with (
        open(parts / f"reg-{chunk:05d}.ftm", "wb") as out,
        open(parts / f"reg-{chunk:05d}.csv", "wb") as truth,
    ):
        for batch in range(start, stop, WRITE_BATCH):
            lines: list[bytes] = []
            rows: list[str] = []
            for index in range(batch, min(stop, batch + WRITE_BATCH)):
                for entity in company_entities(rng, build(index)):
                    lines.append(dumps(entity))
                    if entity["schema"] in _TRUTH_SCHEMAS:
                        rows.append(f"{entity['id']},ftm,{entity['id']}\n")
            out.write(b"\n".join(lines) + b"\n")
            truth.write("".join(rows).encode())
            count += len(lines)
    return "registry", chunk, count, 0


def _month_task(month: int) -> tuple[str, int, int, int]:
    trade: Trade = _CONTEXT["trade"]
    parts: Path = _CONTEXT["parts"]
    budget: int = _CONTEXT["budgets"][month]
    know = trade.know
    rng = stream(trade.seed, "month", month)
    first = dt.date(know.start.year + month // 12, month % 12 + 1, 1)
    length = ((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - first).days
    counter = [month << 24]

    def next_counter() -> int:
        counter[0] += 1
        return counter[0]

    emits: list[Emit] = []
    while len(emits) < budget:
        date = first + dt.timedelta(days=int(rng.random() * length))
        emits.extend(trade.legit_deal(rng, date, next_counter))
    with (
        open(parts / f"tx-{month:05d}.jsonl", "wb") as tx,
        open(parts / f"truth-{month:05d}.jsonl", "wb") as truth,
        open(parts / f"parties-{month:05d}.csv", "wb") as ents,
    ):
        rows = _write_emits(emits, tx, truth, ents)
    return "month", month, len(emits), rows


def _worker_init() -> None:
    """In each forked worker: the parent's objects are never garbage, and young objects rarely are."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


@contextmanager
def _collect_rarely() -> Iterator[None]:
    """`_worker_init` for the calling process (workers=1), undone afterwards."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def _run(task: tuple[str, int]) -> tuple[str, int, int, int]:
    kind, index = task
    return _registry_task(index) if kind == "registry" else _month_task(index)


# -- merging ---------------------------------------------------------------------------------------


def _keyed_pairs(tx: BinaryIO, truth: BinaryIO) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(sort key, record line, truth line) of one part: its two files hold the same keys in order."""
    for line, truth_line in zip(tx, truth, strict=True):
        key, _, body = line.partition(b"\t")
        yield key, body, truth_line[len(key) + 1 :]


def _merge_sorted(parts: list[tuple[Path, Path]], target: Path, truth_target: Path) -> int:
    """K-way merge by (date, id) of the record parts and, in the same pass, of their truth parts."""
    count = 0
    with ExitStack() as stack:
        out = stack.enter_context(open(target, "wb"))
        truth_out = stack.enter_context(open(truth_target, "wb"))
        streams = [
            _keyed_pairs(stack.enter_context(open(tx, "rb")), stack.enter_context(open(truth, "rb")))
            for tx, truth in parts
        ]
        batch: list[bytes] = []
        truth_batch: list[bytes] = []
        for _, body, truth_body in heapq.merge(*streams):
            batch.append(body)
            truth_batch.append(truth_body)
            if len(batch) >= 5_000:
                out.write(b"".join(batch))
                truth_out.write(b"".join(truth_batch))
                count += len(batch)
                batch.clear()
                truth_batch.clear()
        out.write(b"".join(batch))
        truth_out.write(b"".join(truth_batch))
        count += len(batch)
    return count


def _finish(job: tuple[str, list[Path], Path, Path | None]) -> int:
    """One of the independent final steps (run side by side in the worker processes)."""
    kind, paths, target, truth_target = job
    if kind == "transactions":
        assert truth_target is not None
        pairs = [(p, p.with_name(p.name.replace("tx-", "truth-", 1))) for p in paths]
        return _merge_sorted(pairs, target, truth_target)
    header = b"record_id,record_type,entity_id\n" if kind == "entity_truth" else b""
    _concat(paths, target, header)
    return 0


def _concat(paths: list[Path], target: Path, header: bytes = b"") -> None:
    with open(target, "wb") as out:
        out.write(header)
        for path in paths:
            with open(path, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)


def _finish_jobs(
    results: list[tuple[str, int, int, int]], parts: Path, out: Path
) -> list[tuple[str, list[Path], Path, Path | None]]:
    """The final merges, in a fixed order of parts whatever order the chunks finished in."""
    months = sorted(r[1] for r in results if r[0] == "month")
    regs = sorted(r[1] for r in results if r[0] == "registry")
    return [
        (
            "transactions",
            [parts / f"tx-{m:05d}.jsonl" for m in months] + [parts / "tx-planted.jsonl"],
            out / "transactions.jsonl",
            out / "truth" / "transactions.jsonl",
        ),
        (
            "entities",
            [parts / f"reg-{k:05d}.ftm" for k in regs] + [parts / "net.ftm"],
            out / "entities.ftm.json",
            None,
        ),
        (
            "entity_truth",
            [parts / f"reg-{k:05d}.csv" for k in regs]
            + [parts / "net.csv"]
            + [parts / f"parties-{m:05d}.csv" for m in months]
            + [parts / "parties-planted.csv"],
            out / "truth" / "entities.csv",
            None,
        ),
    ]


def _budgets(know_years: int, legit: int) -> list[int]:
    months = know_years * 12
    weights = [(1 + 0.4 * m / months) * (0.8 if m % 12 in (7, 11) else 1.0) for m in range(months)]
    total = sum(weights)
    return [max(1, round(legit * w / total)) for w in weights]


def generate_world(
    companies: int,
    seed: int,
    out: Path,
    *,
    transactions: int | None = None,
    workers: int = 2,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> WorldSummary:
    """Write a reproducible world of `companies` registered companies to folder `out`.

    `transactions` is the target number of transaction records (default 1.5 per company); legitimate
    trade is raised when needed so that planted records stay below 0.5 % of all records.
    """
    if companies < 50:
        raise ValueError("a world needs at least 50 companies")
    started = time.perf_counter()
    know = knowledge()
    out.mkdir(parents=True, exist_ok=True)
    parts = out / ".parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir()
    (out / "truth").mkdir(exist_ok=True)
    registry = Registry(know, seed, companies)
    trade = Trade(know, registry, seed)
    plan: Plan = plan_networks(trade)
    # companies built while planning may predate an override their parent link points to: rebuild
    registry.company.cache_clear()
    summary = WorldSummary(out=out, seed=seed, companies=companies, networks=len(plan.networks))
    planted = len(plan.emits)
    target = transactions if transactions is not None else int(companies * 1.5)
    legit = max(target - planted, int(planted * (1 / MAX_PLANTED_SHARE - 1)) + 1)
    budgets = _budgets(know.years, legit)
    with (
        open(parts / "tx-planted.jsonl", "wb") as tx,
        open(parts / "truth-planted.jsonl", "wb") as truth,
        open(parts / "parties-planted.csv", "wb") as ents,
    ):
        _write_emits(plan.emits, tx, truth, ents)
    with open(parts / "net.ftm", "wb") as net_out, open(parts / "net.csv", "wb") as net_truth:
        for entity in plan.entities:
            net_out.write(_dumps(entity) + b"\n")
        net_truth.write("".join(f"{rid},ftm,{eid}\n" for rid, eid in plan.entity_truth).encode())
    with open(out / "sanctions.ftm.json", "wb") as sanctions:
        for entity in plan.sanctions:
            sanctions.write(_dumps(entity) + b"\n")
    summary.sanctions_entities = len(plan.sanctions)
    tasks = [("registry", k) for k in range((companies + REGISTRY_CHUNK - 1) // REGISTRY_CHUNK)]
    tasks += [("month", m) for m in range(len(budgets))]
    _CONTEXT.update(trade=trade, parts=parts, budgets=budgets)
    results: list[tuple[str, int, int, int]] = []
    finished: list[int] = []
    if workers > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_worker_init) as pool:
            for done, result in enumerate(pool.imap_unordered(_run, tasks), start=1):
                results.append(result)
                if on_progress:
                    on_progress("chunks", done, len(tasks))
            if on_progress:
                on_progress("merging", 0, 1)
            finished = pool.map(_finish, _finish_jobs(results, parts, out), chunksize=1)
    else:
        with _collect_rarely():
            for done, task in enumerate(tasks, start=1):
                results.append(_run(task))
                if on_progress:
                    on_progress("chunks", done, len(tasks))
        if on_progress:
            on_progress("merging", 0, 1)
        finished = [_finish(job) for job in _finish_jobs(results, parts, out)]
    _CONTEXT.clear()
    summary.transactions = finished[0]
    summary.entities = sum(r[2] for r in results if r[0] == "registry") + len(plan.entities)
    summary.planted_transactions = planted
    summary.party_records = sum(r[3] for r in results) + sum(len(e[2]) for e in plan.emits)
    with open(out / "truth" / "networks.json", "wb") as handle:
        handle.write(orjson.dumps(plan.networks, option=orjson.OPT_INDENT_2))
    shutil.rmtree(parts)
    summary.files = {
        "entities": "entities.ftm.json",
        "sanctions": "sanctions.ftm.json",
        "transactions": "transactions.jsonl",
        "transaction_truth": "truth/transactions.jsonl",
        "entity_truth": "truth/entities.csv",
        "networks": "truth/networks.json",
    }
    manifest = {
        "format_version": FORMAT_VERSION,
        "generator": "interdictor.generate",
        **summary.to_dict(),
        "workers_do_not_change_output": True,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    summary.seconds = time.perf_counter() - started

    return summary
