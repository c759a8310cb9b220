"""Evidence ingestion: throughput and memory on generated exports, extraction accuracy vs a regex baseline.

1. A generated WhatsApp-style chat export (default 100 MB, INGEST_BENCH_MB to change) ingested into a
   fresh store: MB/s, lines/s, CPU seconds next to wall seconds, peak RSS above the start.
2. A generated mbox of a few thousand e-mails: documents/s (each message is one document).
3. Precision and recall per kind on labelled synthetic documents (identifiers planted with valid and
   invalid checksums, distractors around them) for interdictor.ingest and for a plain regex baseline,
   compared as ratios. The generator draws names from syllables, so nothing here is a fixed list.

Usage: nice -n 10 .venv/bin/python benchmarks/bench_ingest.py
"""

from __future__ import annotations

import os
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from common import write_results
from interdictor.ingest import ingest_paths
from interdictor.ingest.names import company_key
from interdictor.ingest.patterns import normalise_amount_number, parse_date
from interdictor.ingest.scan import Scanner
from interdictor.store import Store

SEED = 20261122
SYLLABLES = [
    "al",
    "noor",
    "zen",
    "ith",
    "ro",
    "tek",
    "mar",
    "sun",
    "vo",
    "lex",
    "dra",
    "kon",
    "shi",
    "pa",
    "tra",
    "gul",
    "fe",
    "der",
    "ori",
    "on",
    "lo",
    "tus",
    "kar",
    "imi",
    "chen",
    "wei",
    "han",
    "sa",
    "bel",
    "mir",
]
WORDS = [
    "Precision",
    "Trading",
    "Logistics",
    "Industrial",
    "Vacuum",
    "Technology",
    "Engineering",
    "Supply",
    "General",
    "Ocean",
    "Star",
    "Global",
    "Machinery",
    "Electronics",
    "Systems",
]
FORMS = ["GmbH", "LLC", "Ltd", "FZE", "FZCO", "Co., Ltd.", "JSC", "AG", "S.A.", "PJSC", "Limited", "Inc."]
CURRENCIES = ["USD", "EUR", "CNY", "AED", "GBP", "CHF"]
FILLER = [
    "ok",
    "thanks, will check tomorrow",
    "call me when you land",
    "the boss agrees",
    "send the documents please",
    "did the goods arrive?",
    "👍",
    "see you at the office at 14:30",
    "order PO 4471 is confirmed",
    "ISO 9001 certificate attached",
    "SHIPMENT DELAYED AGAIN",
    "room 1203, floor 12",
    "quantity 25 pcs, 3 boxes",
    "reference 5566778 noted",
]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def company(rng: random.Random) -> str:
    return f"{word(rng)} {rng.choice(WORDS)} {rng.choice(FORMS)}"


def imo(rng: random.Random, valid: bool = True) -> str:
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return "".join(map(str, digits)) + str(check if valid else (check + 3) % 10)


def iban(rng: random.Random, valid: bool = True) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    rearranged = bban + "DE00"
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    check = 98 - int(digits) % 97
    if not valid:
        check = (check + 7) % 97 or 11
    compact = f"DE{check:02d}{bban}"
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def phone(rng: random.Random) -> str:
    # Valid numbering plans: Berlin, UAE mobile, Dalian, Iran mobile, London, Moscow.
    prefix, groups = rng.choice(
        [
            ("+49 30", (3, 4)),
            ("+971 50", (3, 4)),
            ("+86 411", (4, 4)),
            ("+98 912", (3, 4)),
            ("+44 20 7", (3, 4)),
            ("+7 495", (3, 4)),
        ]
    )
    return " ".join([prefix, *("".join(str(rng.randint(1, 9)) for _ in range(n)) for n in groups)])


def amount(rng: random.Random) -> tuple[str, str]:
    value = rng.randint(10, 90_000) * 10
    cur = rng.choice(CURRENCIES)
    written = f"{cur} {value:,}" if rng.random() < 0.6 else f"{value:,}.00 {cur}"
    return written, f"{cur} {value:.2f}"


def date(rng: random.Random) -> tuple[str, str]:
    y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    style = rng.randrange(3)
    written = (
        f"{y}-{m:02d}-{d:02d}"
        if style == 0
        else f"{d:02d}.{m:02d}.{y}"
        if style == 1
        else f"{d} {months[m - 1]} {y}"
    )
    return written, f"{y}-{m:02d}-{d:02d}"


def labelled_line(rng: random.Random) -> tuple[str, set[tuple[str, str]]]:
    """One line of a document with what it holds: (kind, key) pairs."""
    truth: set[tuple[str, str]] = set()
    kind = rng.randrange(9)
    if kind == 0:
        name = company(rng)
        truth.add(("company", company_key(name)))
        text = f"{rng.choice(['We ordered from', 'Please ship to', 'Thanks to'])} {name} {rng.choice(FILLER)}"
    elif kind == 1:
        value = iban(rng, valid=rng.random() < 0.7)
        if value.replace(" ", "")[2:4] != "00" and _mod97(value.replace(" ", "")):
            truth.add(("iban", value.replace(" ", "")))
        text = f"pay to IBAN {value} SWIFT DEUTDEFF" if rng.random() < 0.5 else f"account {value}"
        if "SWIFT" in text:
            truth.add(("bic", "DEUTDEFF"))
    elif kind == 2:
        valid = rng.random() < 0.7
        number = imo(rng, valid)
        if valid:
            truth.add(("imo", number))
        text = f"vessel {word(rng).upper()} STAR IMO {number} arrives"
    elif kind == 3:
        written = phone(rng)
        truth.add(("phone", re.sub(r"\D", "", written)[-9:]))
        text = f"call {written} after {rng.randint(10, 12)}:00, ref {rng.randint(1_000_000, 9_999_999)}"
    elif kind == 4:
        written, key = amount(rng)
        truth.add(("amount", key))
        text = f"total {written} for {rng.randint(2, 40)} pcs"
    elif kind == 5:
        written, key = date(rng)
        truth.add(("date", key))
        text = f"delivery on {written} at 14:30"
    elif kind == 6:
        address, site = f"{word(rng).lower()}@{word(rng).lower()}.com", f"{word(rng).lower()}.ae"
        truth |= {("email", address), ("website", site)}
        text = f"write to {address} or www.{site}"
    elif kind == 7:
        part = f"{word(rng)[:3].upper()}-{rng.randint(100, 9999)}"
        truth.add(("part_number", part.replace("-", "")))
        text = f"P/N {part}, {rng.randint(2, 9)} units, order PO {rng.randint(1000, 9999)}"
    else:
        text = rng.choice(FILLER)
    return text, truth


def _mod97(compact: str) -> bool:
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


BASELINE = {
    "email": r"\S+@\S+\.\w+",
    "website": r"www\.\S+|https?://\S+",
    "phone": r"\+?\d[\d\s-]{7,}\d",
    "iban": r"\b[A-Z]{2}\d{2}[A-Z0-9 ]{11,30}\b",
    "bic": r"\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b",
    "imo": r"\b\d{7}\b",
    "amount": r"(?:USD|EUR|GBP|CNY|AED|CHF)\s?[\d,.]+|[\d,.]+\s?(?:USD|EUR|GBP|CNY|AED|CHF)",
    "date": r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b",
    "company": r"(?:[A-Z][\w&]+\s){1,4}(?:GmbH|LLC|Ltd|FZE|FZCO|JSC|AG|PJSC|Limited|Inc)\b\.?",
    "part_number": r"\b[A-Z]+-?\d+[A-Z0-9-]*\b",
}


def key_of(kind: str, value: str) -> str | None:
    """The comparison key of a raw value, the same for both systems."""
    if kind == "email":
        return value.lower().strip(".,")
    if kind == "website":
        return re.sub(r"^(https?://)?(www\.)?", "", value.lower()).split("/")[0].strip(".,")
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return digits[-9:] if len(digits) >= 8 else None
    if kind in ("iban", "bic", "part_number"):
        return re.sub(r"[^A-Z0-9]", "", value.upper())
    if kind == "imo":
        return re.sub(r"\D", "", value)
    if kind == "amount":
        cur = re.search(r"[A-Z]{3}", value)
        number = normalise_amount_number(re.sub(r"[A-Z]{3}", "", value).strip())
        return f"{cur.group(0)} {number:.2f}" if cur and number is not None else None
    if kind == "date":
        return parse_date(value)
    if kind == "company":
        return company_key(value)
    return value


def ours(line: str, scanner: Scanner) -> set[tuple[str, str]]:
    out = set()
    for found in scanner.line(line):
        key = key_of(found.kind, found.normalised if found.kind in ("amount", "date") else found.value)
        if key:
            out.add((found.kind, key))
    return out


def baseline(line: str) -> set[tuple[str, str]]:
    out = set()
    for kind, pattern in BASELINE.items():
        for m in re.finditer(pattern, line):
            key = key_of(kind, m.group(0).strip())
            if key:
                out.add((kind, key))
    return out


def accuracy(lines: int = 6000) -> dict[str, object]:
    rng = random.Random(SEED)
    scanner = Scanner()
    counts: dict[str, dict[str, dict[str, int]]] = {"ours": {}, "baseline": {}}
    for _ in range(lines):
        text, truth = labelled_line(rng)
        for system, everything in (("ours", ours(text, scanner)), ("baseline", baseline(text))):
            # Only the labelled kinds are scored (addresses, people and known parties are not planted).
            found = {(k, v) for k, v in everything if k in BASELINE}
            for kind in {k for k, _ in truth | found}:
                c = counts[system].setdefault(kind, {"tp": 0, "fp": 0, "fn": 0})
                want = {v for k, v in truth if k == kind}
                got = {v for k, v in found if k == kind}
                c["tp"] += len(want & got)
                c["fp"] += len(got - want)
                c["fn"] += len(want - got)
    table: dict[str, object] = {}
    for kind in sorted(BASELINE):
        row: dict[str, float] = {}
        for system in ("ours", "baseline"):
            c = counts[system].get(kind, {"tp": 0, "fp": 0, "fn": 0})
            row[f"{system}_precision"] = round(c["tp"] / max(1, c["tp"] + c["fp"]), 4)
            row[f"{system}_recall"] = round(c["tp"] / max(1, c["tp"] + c["fn"]), 4)
        row["precision_ratio"] = round(row["ours_precision"] / max(row["baseline_precision"], 1e-4), 2)
        row["recall_ratio"] = round(row["ours_recall"] / max(row["baseline_recall"], 1e-4), 2)
        table[kind] = row
    totals = {s: {k: sum(c[k] for c in counts[s].values()) for k in ("tp", "fp", "fn")} for s in counts}
    micro = {
        s: {
            "precision": round(t["tp"] / max(1, t["tp"] + t["fp"]), 4),
            "recall": round(t["tp"] / max(1, t["tp"] + t["fn"]), 4),
        }
        for s, t in totals.items()
    }
    return {"labelled_lines": lines, "per_kind": table, "micro": micro}


def chat_lines(rng: random.Random) -> Iterator[str]:
    senders = [f"{word(rng)} {word(rng)}" for _ in range(40)] + [phone(rng) for _ in range(10)]
    day = 0
    while True:
        day += 1
        for minute in range(0, 600, 3):
            text, _ = labelled_line(rng) if rng.random() < 0.3 else (rng.choice(FILLER), None)
            stamp = f"{1 + day % 28:02d}/{1 + day % 12:02d}/2023, {8 + minute // 60:02d}:{minute % 60:02d}"
            yield f"{stamp} - {rng.choice(senders)}: {text}\n"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ingest(folder: Path, paths: list[Path]) -> tuple[dict[str, float], int]:
    with Store(folder / "bench.duckdb") as store:
        rss_before = rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(store, paths, source="bench")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figures = {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(rss_mb(), 1),
        "rss_at_start_mb": round(rss_before, 1),
        "mentions": report.mentions,
    }
    return figures, report.stored


def main() -> int:
    megabytes = float(os.environ.get("INGEST_BENCH_MB", "100"))
    emails = int(os.environ.get("INGEST_BENCH_EMAILS", "3000"))
    rng = random.Random(SEED)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chat = folder / "chat_export.txt"
        lines = 0
        with chat.open("w", encoding="utf-8") as handle:
            for line in chat_lines(rng):
                handle.write(line)
                lines += 1
                if lines % 1000 == 0 and handle.tell() >= megabytes * 1e6:
                    break
        size = chat.stat().st_size / 1e6
        (folder / "a").mkdir()
        figures, _ = timed_ingest(folder / "a", [chat])
        figures.update(
            {
                "megabytes": round(size, 1),
                "lines": lines,
                "mb_per_cpu_s": round(size / figures["cpu_s"], 3),
                "mb_per_wall_s": round(size / figures["wall_s"], 3),
            }
        )
        results["chat_export"] = figures
        print("chat", figures, file=sys.stderr, flush=True)
        mbox = folder / "mail.mbox"
        with mbox.open("w", encoding="utf-8") as handle:
            for number in range(emails):
                body = "\n".join(labelled_line(rng)[0] for _ in range(rng.randint(3, 12)))
                handle.write(
                    f"From sender{number}@example.com Mon May  1 10:00:00 2023\n"
                    f"From: {word(rng)} {word(rng)} <{word(rng).lower()}@{word(rng).lower()}.com>\n"
                    f"To: {company(rng)} <sales@{word(rng).lower()}.de>\nSubject: order {number}\n"
                    f"Date: Mon, 01 May 2023 10:{number % 60:02d}:00 +0000\n\n{body}\n\n"
                )
        (folder / "b").mkdir()
        figures, stored = timed_ingest(folder / "b", [mbox])
        figures.update(
            {
                "emails": emails,
                "stored": stored,
                "docs_per_cpu_s": round(stored / figures["cpu_s"], 1),
                "docs_per_wall_s": round(stored / figures["wall_s"], 1),
            }
        )
        results["emails"] = figures
        print("emails", figures, file=sys.stderr, flush=True)
    started = time.process_time()
    results["extraction"] = accuracy()
    results["extraction"]["cpu_s"] = round(time.process_time() - started, 2)  # type: ignore[index]
    write_results("ingest", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
