"""`lists update` against a real HTTP server on loopback: downloads land, load, fail cleanly.

The server runs in a thread on 127.0.0.1, port 0, and serves files from a folder the test
controls, plus a few misbehaving paths (a redirect, a cut-off body, a body without length).
Nothing here touches the internet.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
import yaml
from typer.testing import CliRunner

from interdictor.cli import app, main
from interdictor.cli.lists_update import update
from interdictor.exc import ReferenceDataError, UsageError
from interdictor.lists import readers
from interdictor.lists.sources import (
    SourceFileSpec,
    SourceSpec,
    load_sources,
    select_sources,
    sources_schema,
    validate_sources,
)
from interdictor.lists.update import Downloader, make_client, update_source
from interdictor.store import Store

LISTS = Path(__file__).resolve().parents[2] / "fixtures" / "lists"
FIXTURES = LISTS / "update"
DAY = "2026-01-15"


# -- a small file server ----------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    root: Path
    requests: list[str]

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.requests.append(self.path)
        name = self.path.lstrip("/")
        if name.startswith("redirect/"):
            self.send_response(302)
            self.send_header("Location", "/" + name.removeprefix("redirect/"))
            self.end_headers()
            return
        if name == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"id": "cut-short", "sch')
            return
        if name.startswith("unsized/"):  # no Content-Length: the size limit must act while streaming
            body = (self.root / name.removeprefix("unsized/")).read_bytes()
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
            return
        path = self.root / name
        if not path.is_file():
            self.send_error(404, "File not found")
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FileServer:
    def __init__(self, root: Path) -> None:
        self.requests: list[str] = []

        class Handler(_Handler):
            pass

        Handler.root, Handler.requests = root, self.requests
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set in the environment must not intercept requests to loopback."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FileServer]:
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(FIXTURES / "entities.ftm.json", root / "entities.ftm.json")
    running = FileServer(root)
    running.thread.start()
    try:
        yield running
    finally:
        running.httpd.shutdown()
        running.httpd.server_close()
        running.thread.join(timeout=5)


def _free_port() -> int:
    """A loopback port with nothing listening on it (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _source(name: str, *urls: str, **extra: Any) -> SourceSpec:
    filenames = extra.pop("filenames", None) or ["entities.ftm.json"] * len(urls)
    files = [{"url": url, "filename": filename} for url, filename in zip(urls, filenames, strict=True)]
    sha = extra.pop("sha256", None)
    if sha is not None:
        files[0]["sha256"] = sha
    spec = {
        "name": name,
        "list": name,
        "format": "ftm-json",
        "title": f"Test list {name}",
        "publisher": "Interdictor tests",
        "licence": "Invented test data.",
        "files": files,
        **extra,
    }
    assert validate_sources({"sources": [spec]}) == []
    return spec  # type: ignore[return-value]


def _files_under(folder: Path) -> list[str]:
    return (
        sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        if folder.exists()
        else []
    )


def _update(store: Store, source: SourceSpec, root: Path) -> Any:
    with make_client(timeout=5) as client:
        return update_source(store, source, Downloader(root, client, day=DAY))


# -- the bundled sources file -----------------------------------------------------------------


def test_bundled_sources_validate_against_their_schema() -> None:
    data = yaml.safe_load((Path(__file__).parents[3] / "src/interdictor/lists/sources.yml").read_text())
    jsonschema.Draft202012Validator.check_schema(sources_schema())
    jsonschema.validate(data, sources_schema())
    sources = {s["name"]: s for s in load_sources()}
    assert set(sources) >= {
        "us_ofac_sdn",
        "us_ofac_cons",
        "un_sc_sanctions",
        "us_bis_denied",
        "us_trade_csl",
        "opensanctions_sanctions",
    }
    for source in sources.values():
        assert all(f["url"].startswith("https://") for f in source["files"]), source["name"]
    assert [f["filename"] for f in sources["us_ofac_sdn"]["files"]] == [
        "sdn.csv",
        "add.csv",
        "alt.csv",
        "sdn_comments.csv",
    ]
    assert [f["filename"] for f in sources["us_ofac_cons"]["files"]] == [
        "cons_prim.csv",
        "cons_add.csv",
        "cons_alt.csv",
        "cons_comments.csv",
    ]
    base = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
    assert sources["us_ofac_sdn"]["files"][0]["url"] == base + "SDN.CSV"
    assert (
        sources["un_sc_sanctions"]["files"][0]["url"]
        == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    )
    # non-commercial licence: never fetched unless asked for
    assert sources["opensanctions_sanctions"]["enabled"] is False
    assert "opensanctions_sanctions" not in [s["name"] for s in select_sources(list(sources.values()))]


def test_bundled_list_names_match_the_readers() -> None:
    """`lists update` and `lists load` of the same list must add to one history, not two."""
    available = readers()
    checked = 0
    for source in load_sources():
        reader = available.get(source["format"])
        if reader is None or source["format"] == "ftm-json":  # ftm-json names lists after the file
            continue
        name = reader.default_list_name(Path(source["files"][0]["filename"]))
        assert name == source["list"], f"{source['name']}: the reader stores it as {name}"
        checked += 1
    assert checked >= 1


def test_sources_file_problems_are_reported_with_their_path(tmp_path: Path) -> None:
    good = _source("one", "https://example.org/a.json")
    bad_url = {**good, "name": "two", "files": [{"url": "ftp://example.org/a", "filename": "../a.json"}]}
    problems = validate_sources({"sources": [good, bad_url, {**good, "colour": "red"}]})
    text = "\n".join(problems)
    assert "sources[1].files[0].url" in text and "sources[1].files[0].filename" in text
    assert "sources[2]" in text and "'colour'" in text
    assert validate_sources({"sources": [good, good]}) == [
        "sources[1].name: 'one' is used by an earlier source"
    ]
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": [bad_url]}))
    with pytest.raises(ReferenceDataError, match=r"sources\.yml: 2 problem"):
        load_sources(path)


def test_selecting_sources_respects_disabled_ones() -> None:
    on = _source("on", "https://example.org/a.json")
    off = _source("off", "https://example.org/b.json", enabled=False)
    assert [s["name"] for s in select_sources([on, off])] == ["on"]
    assert [s["name"] for s in select_sources([on, off], include_disabled=True)] == ["on", "off"]
    with pytest.raises(UsageError, match="--include-disabled"):
        select_sources([on, off], ["off"])
    with pytest.raises(UsageError, match="unknown source 'nope'"):
        select_sources([on, off], ["nope"])


# -- downloading and loading ------------------------------------------------------------------


def test_download_is_loaded_as_a_version_then_reported_unchanged(
    store: Store, server: FileServer, tmp_path: Path
) -> None:
    root = tmp_path / "downloads"
    source = _source("demo", server.url("redirect/entities.ftm.json"))  # OFAC redirects, too
    first = _update(store, source, root)
    assert first.status == "loaded", first.error
    assert first.path == str(root / "demo" / DAY / "entities.ftm.json")
    assert first.version.list_name == "demo" and first.version.entity_count == 3
    # the download day is not the publication date
    assert first.version.published is None
    assert _files_under(root) == [f"demo/{DAY}/entities.ftm.json"]

    again = _update(store, source, root)
    assert again.status == "unchanged" and again.version.version_id == first.version.version_id
    assert len(store.versions("demo")) == 1

    shutil.copy(FIXTURES / "entities_v2.ftm.json", server.root / "entities.ftm.json")
    newer = _update(store, source, root)
    assert newer.status == "loaded" and newer.previous_version_id == first.version.version_id
    assert (newer.added, newer.removed, newer.changed) == (1, 0, 1)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("missing.json", "HTTP 404"),
        ("truncated", "the connection broke during the download"),
    ],
)
def test_http_failures_leave_store_and_downloads_unchanged(
    store: Store, server: FileServer, tmp_path: Path, path: str, message: str
) -> None:
    root = tmp_path / "downloads"
    outcome = _update(store, _source("demo", server.url(path)), root)
    assert outcome.status == "failed" and outcome.exit_code == 5
    assert server.url(path) in outcome.error and message in outcome.error
    assert store.versions() == []
    assert _files_under(root) == []


def test_checksum_mismatch_names_url_and_both_hashes(
    store: Store, server: FileServer, tmp_path: Path
) -> None:
    root = tmp_path / "downloads"
    actual = hashlib.sha256((FIXTURES / "entities.ftm.json").read_bytes()).hexdigest()
    wrong = "0" * 64
    outcome = _update(store, _source("demo", server.url("entities.ftm.json"), sha256=wrong), root)
    assert outcome.status == "failed" and outcome.exit_code == 4
    assert server.url("entities.ftm.json") in outcome.error
    assert wrong in outcome.error and actual in outcome.error
    assert store.versions() == [] and _files_under(root) == []
    # the right hash is accepted
    assert (
        _update(store, _source("demo", server.url("entities.ftm.json"), sha256=actual), root).status
        == "loaded"
    )


def test_connection_refused_is_backend_unavailable(store: Store, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/entities.ftm.json"
    outcome = _update(store, _source("demo", url), tmp_path / "downloads")
    assert outcome.status == "failed" and outcome.exit_code == 5
    assert url in outcome.error and "cannot connect" in outcome.error
    assert _files_under(tmp_path / "downloads") == []


@pytest.mark.parametrize("prefix", ["", "unsized/"])
def test_files_over_the_size_limit_are_refused(
    store: Store, server: FileServer, tmp_path: Path, prefix: str
) -> None:
    """Refused from Content-Length when the server sends it, while streaming when it does not."""
    big = server.root / "big.ftm.json"
    line = (FIXTURES / "entities.ftm.json").read_bytes().splitlines(keepends=True)[0]
    big.write_bytes(line * (1024 * 1024 // len(line) + 1))
    outcome = _update(
        store, _source("demo", server.url(prefix + "big.ftm.json"), max_size_mb=1), tmp_path / "dl"
    )
    assert outcome.status == "failed" and outcome.exit_code == 3
    assert "larger than the limit of 1 MB" in outcome.error
    assert _files_under(tmp_path / "dl") == []


def test_a_set_of_files_is_moved_into_place_only_when_complete(server: FileServer, tmp_path: Path) -> None:
    (server.root / "second.csv").write_text("second\n")
    root = tmp_path / "downloads"
    good = _source(
        "pair",
        server.url("entities.ftm.json"),
        server.url("second.csv"),
        filenames=["first.csv", "second.csv"],
    )
    broken = _source(
        "pair", server.url("entities.ftm.json"), server.url("gone.csv"), filenames=["first.csv", "second.csv"]
    )
    with make_client(timeout=5) as client:
        downloader = Downloader(root, client, day=DAY)
        with pytest.raises(Exception, match="HTTP 404"):
            downloader.fetch(broken)
        assert _files_under(root) == []
        assert downloader.fetch(good) == root / "pair" / DAY
    assert _files_under(root) == [f"pair/{DAY}/first.csv", f"pair/{DAY}/second.csv"]


def test_staging_left_by_a_killed_run_is_swept(server: FileServer, tmp_path: Path) -> None:
    stale = tmp_path / "downloads" / "demo" / ".partial-old"
    stale.mkdir(parents=True)
    (stale / "entities.ftm.json").write_text("half")
    os.utime(stale, (time.time() - 3 * 86400,) * 2)
    with make_client(timeout=5) as client:
        Downloader(tmp_path / "downloads", client, day=DAY).fetch(
            _source("demo", server.url("entities.ftm.json"))
        )
    assert not stale.exists()


def test_unknown_format_fails_before_downloading(store: Store, server: FileServer, tmp_path: Path) -> None:
    source = _source("demo", server.url("entities.ftm.json"), format="no-such-format")
    outcome = _update(store, source, tmp_path / "downloads")
    assert outcome.status == "failed" and "no reader for format 'no-such-format'" in outcome.error
    assert server.requests == []


@pytest.mark.parametrize(
    ("name", "fixture", "published"),
    [
        ("un_sc_sanctions", "un_sc/consolidated.xml", "2025-03-14"),
        ("us_bis_denied", "bis_dpl/dpl.txt", None),
        ("us_trade_csl", "csl/csl_current.csv", None),
    ],
)
def test_official_sources_load_from_a_mirror(
    store: Store, server: FileServer, tmp_path: Path, name: str, fixture: str, published: str | None
) -> None:
    """The bundled entries (format, list name, file name) work end to end, served from loopback."""
    path = LISTS / fixture
    if not path.is_file():
        pytest.skip(f"fixture {fixture} not written yet")
    shutil.copy(path, server.root / path.name)
    official = {s["name"]: s for s in load_sources()}[name]
    source: SourceSpec = {**official, "files": [{**official["files"][0], "url": server.url(path.name)}]}
    outcome = _update(store, source, tmp_path / "downloads")
    assert outcome.status == "loaded", outcome.error
    assert outcome.version.list_name == official["list"] and outcome.version.entity_count > 0
    # a date the file states is kept; the download day is never taken for one
    assert str(outcome.version.published) == str(published)


@pytest.mark.skipif(not (LISTS / "ofac_sdn").is_dir(), reason="no OFAC SDN fixture set yet")
def test_ofac_set_is_saved_under_the_names_the_reader_expects(
    store: Store, server: FileServer, tmp_path: Path
) -> None:
    """OFAC serves SDN.CSV, ADD.CSV...; the set lands in one folder as sdn.csv, add.csv..."""
    official = {s["name"]: s for s in load_sources()}["us_ofac_sdn"]
    files: list[SourceFileSpec] = []
    for spec in official["files"]:
        if (LISTS / "ofac_sdn" / spec["filename"]).is_file():
            served = spec["url"].rsplit("/", 1)[1]  # SDN.CSV
            shutil.copy(LISTS / "ofac_sdn" / spec["filename"], server.root / served)
            files.append({**spec, "url": server.url(served)})
    source: SourceSpec = {**official, "files": files}
    outcome = _update(store, source, tmp_path / "downloads")
    assert outcome.status == "loaded", outcome.error
    assert outcome.version.list_name == "us_ofac_sdn" and outcome.version.entity_count > 0
    downloaded = Path(outcome.path) if len(files) > 1 else Path(outcome.path).parent
    assert sorted(os.listdir(downloaded)) == sorted(f["filename"] for f in files)


# -- the command ------------------------------------------------------------------------------


def _cli() -> typer.Typer:
    """The root app with `lists update` registered, unless the lead has registered it already."""
    from interdictor.cli import lists

    names = {c.name or (c.callback.__name__ if c.callback else None) for c in lists.app.registered_commands}
    if "update" not in names:
        lists.app.command("update")(update)
    return app


def _sources_file(tmp_path: Path, *sources: SourceSpec) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(yaml.safe_dump({"sources": list(sources)}))
    return path


def test_cli_reports_every_source_and_exits_non_zero_if_one_failed(
    server: FileServer, tmp_path: Path
) -> None:
    sources = _sources_file(
        tmp_path,
        _source("missing", server.url("missing.json")),
        _source("demo", server.url("entities.ftm.json")),
    )
    db = tmp_path / "store" / "s.duckdb"
    runner = CliRunner()
    result = runner.invoke(_cli(), ["--db", str(db), "lists", "update", "--sources", str(sources), "--json"])
    assert result.exit_code == 5, result.output
    outcomes = {o["source"]: o for o in json.loads(result.stdout)}
    assert outcomes["missing"]["status"] == "failed" and "HTTP 404" in outcomes["missing"]["error"]
    assert outcomes["demo"]["status"] == "loaded"
    # downloads sit next to the store
    assert (tmp_path / "store" / "downloads" / "demo").is_dir()

    result = runner.invoke(
        _cli(), ["--db", str(db), "lists", "update", "--sources", str(sources), "-s", "demo"]
    )
    assert result.exit_code == 0, result.output
    assert "demo: unchanged, identical to version" in result.stdout
    assert "0 loaded, 1 unchanged, 0 failed" in result.stderr


def test_cli_dry_run_fetches_nothing(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/entities.ftm.json"
    sources = _sources_file(tmp_path, _source("demo", url), _source("off", url, enabled=False))
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(
        _cli(),
        ["--db", str(db), "lists", "update", "--sources", str(sources), "--dry-run", "--include-disabled"],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"GET {url}" in result.stdout and "off -> list off (ftm-json) [disabled by default]" in result.stdout
    )
    assert not db.exists() and not (tmp_path / "downloads").exists()


def test_cli_errors_give_their_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _cli()
    url = f"http://127.0.0.1:{_free_port()}/entities.ftm.json"
    sources = _sources_file(tmp_path, _source("demo", url))
    db = str(tmp_path / "s.duckdb")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "lists", "update", "--sources", str(sources), "--source", "nope"])
    assert exit_info.value.code == 2
    assert "unknown source 'nope'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "lists", "update", "--sources", str(sources)])
    assert exit_info.value.code == 5
    assert "cannot connect" in capsys.readouterr().err
    (tmp_path / "broken.yml").write_text("sources: [{name: x}]\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "lists", "update", "--sources", str(tmp_path / "broken.yml")])
    assert exit_info.value.code == 4
