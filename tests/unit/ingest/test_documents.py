"""Documents (e-mail, chat, invoices, text) give mentions with positions; bad ones are reported, skipped."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from interdictor.ingest import Limits, ingest_paths, iter_mentions
from interdictor.ingest.chat import read_chat
from interdictor.ingest.scan import Scanner
from interdictor.ingest.sink import DocumentSink
from interdictor.store import Store


def mentions(store: Store, path_suffix: str) -> set[tuple[str, str, str]]:
    rows = store.con.execute(
        "SELECT m.kind, m.normalised, m.position FROM evidence_mentions m JOIN evidence_documents d"
        " USING (doc_id) WHERE d.path LIKE ?",
        [f"%{path_suffix}"],
    ).fetchall()
    return {(k, n, p) for k, n, p in rows}


def test_email_headers_bodies_and_attachments(store: Store, docs: Path) -> None:
    report = ingest_paths(store, [docs / "case" / "order.eml"], source="case")
    doc = report.documents[0]
    assert doc.status == "stored" and doc.kind == "email"
    assert doc.title == "Order FC-4410 – 4 units" and doc.doc_date == "2023-05-02"
    assert "attachment 'drawings.zip' is an archive: not opened" in doc.notes
    found = mentions(store, "order.eml")
    assert ("email", "alnoor77@gmail.com", "header From") in found
    assert ("person", "reza karimi", "header From") in found
    assert ("company", "gulf feeder logistics", "header To") in found
    assert ("iban", "DE89370400440532013000", "line 5") in found
    assert ("bic", "RHHBDEFF", "line 5") in found
    assert ("amount", "USD 12480.00", "line 4") in found
    assert ("phone", "+989121234567", "line 6") in found
    assert ("imo", "IMO9074729", "attachment specs.txt line 2") in found
    # the HTML alternative of the plain body is not read twice
    assert not any("html" in p for _, _, p in found)
    source = store.con.execute("SELECT source FROM evidence_documents").fetchone()
    assert source == ("case",)


def test_mbox_messages_are_documents(store: Store, docs: Path) -> None:
    report = ingest_paths(store, [docs / "case" / "archive.mbox"])
    statuses = [(d.path.rsplit("/", 1)[-1], d.status) for d in report.documents]
    assert statuses == [
        ("archive.mbox#1", "stored"),
        ("archive.mbox#2", "stored"),
        ("archive.mbox#3", "rejected"),
    ]
    first = mentions(store, "archive.mbox#1")
    assert ("email", "ops@alnoor-trading.ae", "line 2") in first  # '>From ' unescaped, still read
    assert ("part_number", "TMP1003LM", "line 1") in first


def test_same_file_twice_is_skipped(store: Store, docs: Path) -> None:
    first = ingest_paths(store, [docs / "case" / "invoice_4471.txt"])
    again = ingest_paths(store, [docs / "case" / "invoice_4471.txt"])
    assert first.stored == 1 and again.skipped == 1 and again.stored == 0
    assert store.con.execute("SELECT count(*) FROM evidence_documents").fetchone() == (1,)


def test_invoice_title_date_and_lines(store: Store, docs: Path) -> None:
    doc = ingest_paths(store, [docs / "case" / "invoice_4471.txt"]).documents[0]
    assert (doc.kind, doc.title, doc.doc_date) == ("invoice", "Invoice INV-2023-0412", "2023-05-05")
    found = mentions(store, "invoice_4471.txt")
    assert ("part_number", "FC4410", "line 10") in found
    assert ("company", "rhein antriebstechnik", "line 5") in found
    assert ("address", "p o box 48213 dubai uae", "line 6") in found
    assert not any(k == "part_number" and "INV" in n for k, n, _ in found)


def test_chat_exports_in_three_formats(store: Store, docs: Path) -> None:
    for name in ("chat_whatsapp.txt", "chat_telegram.json", "chat.csv"):
        doc = ingest_paths(store, [docs / "case" / name]).documents[0]
        assert (doc.status, doc.kind) == ("stored", "chat"), doc.problems
    whatsapp = mentions(store, "chat_whatsapp.txt")
    assert ("phone", "+971501234567", "line 3 sender") in whatsapp
    assert ("company", "al noor general trading", "line 4") in whatsapp  # continuation line
    assert not any(k == "date" for k, _, _ in whatsapp)  # message stamps are not mentions
    telegram = mentions(store, "chat_telegram.json")
    assert ("imo", "IMO9187629", "messages[0]") in telegram
    assert ("email", "finance@lotus-vacuum.cn", "messages[1]") in telegram
    csv_chat = mentions(store, "chat.csv")
    assert ("amount", "CNY 150000.00", "line 3") in csv_chat


def test_encodings_html_and_hostile_input(store: Store, docs: Path) -> None:
    report = ingest_paths(
        store, [docs / "memo_cp1252.txt", docs / "page.html", docs / "bomb.xml", docs / "binary.txt"]
    )
    result = {d.path.rsplit("/", 1)[-1]: d for d in report.documents}
    memo = result["memo_cp1252.txt"]
    assert memo.status == "stored" and any(n.startswith("read as cp125") for n in memo.notes)
    assert ("company", "strassburger handels", "line 1") in mentions(store, "memo_cp1252.txt")
    page = mentions(store, "page.html")
    assert ("email", "ops@gulffeeder.ae", "line 1") in page
    assert not any(n == "evil@hacker.com" for _, n, _ in page)  # script text is not document text
    assert result["bomb.xml"].status == "rejected"
    assert "entity declarations" in str(result["bomb.xml"].problems[0]["msg"])
    assert result["binary.txt"].status == "rejected"


def _nested_mime(depth: int) -> bytes:
    head = b"From: a@b.example\r\nTo: c@d.example\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
    body = b""
    for i in range(depth):
        body += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    body += b"Content-Type: text/plain\r\n\r\ncall +49 30 12345678\r\n"
    for i in reversed(range(depth)):
        body += b"--b%d--\r\n" % i
    return head + body


@pytest.mark.parametrize("depth", [20, 3000])
def test_mail_bombs_are_capped_and_said_so(store: Store, tmp_path: Path, depth: int) -> None:
    path = tmp_path / f"bomb{depth}.eml"
    path.write_bytes(_nested_mime(depth))
    doc = ingest_paths(store, [path]).documents[0]
    assert doc.status == "stored"
    assert any("limit" in n for n in doc.notes), doc.notes
    assert ("email", "c@d.example", "header To") in mentions(store, path.name)


def test_huge_attachment_is_skipped(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.eml"
    blob = ("A" * 76 + "\r\n") * 20_000
    path.write_text(
        "From: a@b.example\r\nTo: c@d.example\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
        "--x\r\nContent-Type: text/plain\r\n\r\nsee file\r\n"
        '--x\r\nContent-Type: text/plain; name="dump.txt"\r\n'
        'Content-Disposition: attachment; filename="dump.txt"'
        f"\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}--x--\r\n"
    )
    doc = ingest_paths(store, [path], limits=Limits(max_part_bytes=100_000)).documents[0]
    assert doc.status == "stored"
    assert any("'dump.txt' is over" in n for n in doc.notes)


def _chat_peak(path: Path, lines: int, monkeypatch: pytest.MonkeyPatch) -> int:
    text = "02/05/2023, 14:22 - Reza Karimi: ok, I will call the supplier in the morning\n"
    path.write_text("02/05/2023, 14:21 - Reza Karimi: pay EUR 5,000 today\n" + text * lines)
    monkeypatch.setattr("interdictor.ingest.sink._BATCH", 500)
    sink = DocumentSink(None, "doc-test", str(path))
    scanner = Scanner()
    list(scanner.line("warm the caches: Acme GmbH, EUR 5, +49 30 12345678"))
    tracemalloc.start()
    read_chat(path, sink, scanner, Limits())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sink.mentions == 2  # the amount and the one sender
    return peak


def test_large_chat_streams_in_bounded_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _chat_peak(tmp_path / "small.txt", 1_000, monkeypatch)
    large = _chat_peak(tmp_path / "large.txt", 6_000, monkeypatch)
    # Six times the file, about the same memory: the export is streamed, not loaded.
    assert large < small * 1.3 + 100_000, (small, large)


def test_transactions_go_to_record_history(store: Store, docs: Path) -> None:
    from interdictor.assess.history import RecordHistory

    report = ingest_paths(store, [docs / "case" / "transactions.jsonl", docs / "transactions_bad.jsonl"])
    result = {d.path.rsplit("/", 1)[-1]: d for d in report.documents}
    assert result["transactions.jsonl"].records == 1
    assert result["transactions_bad.jsonl"].status == "rejected"
    assert any(p["field"] == "parties[0].role" for p in result["transactions_bad.jsonl"].problems)
    assert RecordHistory(store.con).count() == 1
    row = store.con.execute("SELECT kind, records, doc_date FROM evidence_documents").fetchone()
    assert row is not None and row[:2] == ("transactions", 1) and str(row[2]) == "2023-05-02"


def test_iter_mentions_filters_kinds(store: Store, docs: Path) -> None:
    ingest_paths(store, [docs / "case" / "invoice_4471.txt"])
    kinds = {m.kind for m in iter_mentions(store.con, ["iban", "bic"])}
    assert kinds == {"iban", "bic"}
    assert list(iter_mentions(store.con, [])) == []
