"""Fetch the current lists from their official addresses and load each as a new version.

The addresses are data (`sources.yml`, read by `interdictor.lists.sources`); this module does
the fetching and the loading.

Why the download works the way it does:

- A file streams to a staging folder next to its destination, is checked (size limit, optional
  sha256) and only then renamed into place. A cut connection, an HTTP error, a wrong hash or an
  oversized file leave nothing behind, and an earlier download of the day stays intact.
- A set of files (the OFAC CSV sets) is staged completely before any file moves, so a folder
  never holds half of one publication and half of another.
- Every source is fetched and loaded on its own: one failing source is reported with its URL and
  the HTTP status or network error, and the others still run.
- Loading goes through `read_list` and `Store.load`, exactly like `lists load`: the store
  recognises a publication it already holds by its hash and reports it as unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field

from interdictor import __version__
from interdictor.exc import (
    BackendUnavailable,
    ChecksumError,
    InputRejected,
    InterdictorError,
    Problem,
    UsageError,
)
from interdictor.lists.base import ParsedList, published_from_filename, readers
from interdictor.lists.load import read_list
from interdictor.lists.sources import SourceFileSpec, SourceSpec
from interdictor.store import ListVersion, Store

__all__ = [
    "DEFAULT_MAX_SIZE_MB",
    "DEFAULT_TIMEOUT",
    "Downloader",
    "PlannedSource",
    "UpdateOutcome",
    "destination",
    "exit_code_for",
    "fetch_source",
    "load_source",
    "make_client",
    "plan",
    "today",
    "update_source",
]

DEFAULT_MAX_SIZE_MB = 1024
DEFAULT_TIMEOUT = 60.0
_CHUNK = 1 << 16
_STALE_STAGING_SECONDS = 24 * 3600

Advance = Callable[[int], None]
#: Makes a progress reporter for one step: (description, total or None) -> context giving `advance`.
ProgressFactory = Callable[[str, int | None], AbstractContextManager[Advance]]


def no_progress(description: str, total: int | None) -> AbstractContextManager[Advance]:
    """The default when nobody watches: progress is dropped."""
    return nullcontext(lambda _count: None)


# -- downloading --------------------------------------------------------------------------------


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An HTTP client that follows redirects (OFAC redirects to its file store) and names itself."""
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
        follow_redirects=True,
        headers={"User-Agent": f"interdictor/{__version__} (sanctions list update)"},
    )


def _too_big(url: str, size: int, limit: int) -> InputRejected:
    return InputRejected(
        f"{url}: refused, larger than the limit of {limit // (1024 * 1024)} MB",
        [Problem(url, f"the download reached {size:,} bytes", hint="raise max_size_mb for this source")],
    )


def _network_error(url: str, exc: httpx.HTTPError) -> BackendUnavailable:
    if isinstance(exc, httpx.TimeoutException):
        what = f"timed out ({type(exc).__name__})"
    elif isinstance(exc, httpx.ConnectError):
        what = f"cannot connect ({exc})"
    elif isinstance(exc, httpx.RemoteProtocolError):
        what = f"the connection broke during the download ({exc})"
    else:
        what = f"{type(exc).__name__}: {exc}"
    return BackendUnavailable(f"{url}: {what}")


def today() -> str:
    """The name of today's download folder (UTC, so two machines agree)."""
    return datetime.now(UTC).date().isoformat()


def destination(root: Path, source: SourceSpec, day: str | None = None) -> Path:
    """What the reader is given: the file of a one-file source, the folder of a set."""
    folder = root / source["name"] / (day or today())
    files = source["files"]
    return folder / files[0]["filename"] if len(files) == 1 else folder


class Downloader:
    """Fetches the files of a source into `<root>/<source>/<YYYY-MM-DD>/`, all or nothing."""

    def __init__(
        self,
        root: Path,
        client: httpx.Client,
        *,
        progress: ProgressFactory = no_progress,
        day: str | None = None,
    ) -> None:
        self.root = root
        self.client = client
        self.progress = progress
        self.day = day or today()

    def folder(self, source: SourceSpec) -> Path:
        return self.root / source["name"] / self.day

    def destination(self, source: SourceSpec) -> Path:
        return destination(self.root, source, self.day)

    def fetch(self, source: SourceSpec) -> Path:
        """Download every file of `source`; on any failure nothing is moved into place."""
        source_dir = self.root / source["name"]
        source_dir.mkdir(parents=True, exist_ok=True)
        _sweep_stale_staging(source_dir)
        max_bytes = source.get("max_size_mb", DEFAULT_MAX_SIZE_MB) * 1024 * 1024
        staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=source_dir))
        try:
            staged = [self._download(spec, staging, max_bytes) for spec in source["files"]]
            folder = self.folder(source)
            folder.mkdir(exist_ok=True)
            for path in staged:
                os.replace(path, folder / path.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                source_dir.rmdir()  # only succeeds when nothing was ever downloaded for it
        return self.destination(source)

    def _download(self, spec: SourceFileSpec, staging: Path, max_bytes: int) -> Path:
        url = spec["url"]
        target = staging / spec["filename"]
        digest = hashlib.sha256()
        size = 0
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code != 200:
                    moved = f" (redirected to {response.url})" if str(response.url) != url else ""
                    raise BackendUnavailable(
                        f"{url}: HTTP {response.status_code} {response.reason_phrase}{moved}".rstrip()
                    )
                length = response.headers.get("content-length", "")
                declared = int(length) if length.isdigit() else None
                if declared is not None and declared > max_bytes:
                    raise _too_big(url, declared, max_bytes)
                with (
                    target.open("wb") as out,
                    self.progress(f"downloading {spec['filename']}", declared) as advance,
                ):
                    for chunk in response.iter_bytes(_CHUNK):
                        size += len(chunk)
                        if size > max_bytes:
                            raise _too_big(url, size, max_bytes)
                        digest.update(chunk)
                        out.write(chunk)
                        advance(len(chunk))
        except httpx.HTTPError as exc:
            raise _network_error(url, exc) from exc
        expected = spec.get("sha256")
        if expected is not None and digest.hexdigest() != expected.lower():
            raise ChecksumError(url, expected.lower(), digest.hexdigest())
        return target


def _sweep_stale_staging(source_dir: Path) -> None:
    """Remove staging folders left by a run that was killed; recent ones may belong to a live run."""
    now = time.time()
    for leftover in source_dir.glob(".partial-*"):
        try:
            if now - leftover.stat().st_mtime > _STALE_STAGING_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue


# -- updating -----------------------------------------------------------------------------------


class PlannedSource(BaseModel):
    """What `--dry-run` shows: a source that would be fetched, and where it would land."""

    source: str
    list_name: str
    format: str
    title: str
    licence: str
    enabled: bool
    urls: list[str]
    destination: str


class UpdateOutcome(BaseModel):
    """What happened to one source; failures are outcomes too, so every source gets a line."""

    source: str
    list_name: str
    status: Literal["loaded", "unchanged", "failed"]
    urls: list[str]
    path: str | None = Field(default=None, description="The downloaded file, or folder of a set.")
    version: ListVersion | None = Field(
        default=None, description="The new version, or the identical earlier one."
    )
    previous_version_id: int | None = None
    added: int = 0
    removed: int = 0
    changed: int = 0
    error: str | None = None
    exit_code: int = Field(default=0, description="The exit code this outcome alone would give.")


def plan(sources: Sequence[SourceSpec], root: Path, day: str | None = None) -> list[PlannedSource]:
    """What an update would fetch and where it would land, without touching the network."""
    return [
        PlannedSource(
            source=s["name"],
            list_name=s["list"],
            format=s["format"],
            title=s["title"],
            licence=s["licence"].strip(),
            enabled=s.get("enabled", True),
            urls=[f["url"] for f in s["files"]],
            destination=str(destination(root, s, day)),
        )
        for s in sources
    ]


def _forget_download_day(parsed: ParsedList, source: SourceSpec) -> None:
    """The day folder says when we fetched the files, not when the publisher published them.

    `read_list` takes a date in a folder name for the publication date (right for an archive
    like `sdn-2021-07-07/`, wrong here). Only a date in the source's own file name is kept; a
    date the file itself states is still recorded by the reader, which reads later.
    """
    ctx = parsed.context
    if ctx.published_source != "filename":
        return
    files = source["files"]
    own = published_from_filename(Path(files[0]["filename"])) if len(files) == 1 else None
    ctx.published, ctx.published_source = own, ("filename" if own else None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, InputRejected):
        return exc.render()
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def _base(source: SourceSpec) -> dict[str, Any]:
    return {
        "source": source["name"],
        "list_name": source["list"],
        "urls": [f["url"] for f in source["files"]],
    }


def _failed(source: SourceSpec, exc: InterdictorError | OSError) -> UpdateOutcome:
    code = exc.exit_code if isinstance(exc, InterdictorError) else 70
    return UpdateOutcome(**_base(source), status="failed", error=_describe(exc), exit_code=code)


def fetch_source(source: SourceSpec, downloader: Downloader) -> Path | UpdateOutcome:
    """Download phase: the path to load, or the failure. Needs no store, so holds no lock on it."""
    try:
        if source["format"] not in readers():
            known = ", ".join(sorted(readers()))
            raise UsageError(
                f"source {source['name']!r}: no reader for format {source['format']!r} (known: {known})"
            )
        return downloader.fetch(source)
    except (InterdictorError, OSError) as exc:
        return _failed(source, exc)


def load_source(
    store: Store,
    source: SourceSpec,
    path: Path,
    *,
    force: bool = False,
    progress: ProgressFactory = no_progress,
) -> UpdateOutcome:
    """Load phase: read the downloaded files and store them as a version (or find them unchanged)."""
    try:
        parsed = read_list(path, format=source["format"], list_name=source["list"])
        _forget_download_day(parsed, source)
        with progress(f"loading {source['name']}", None) as advance:
            report = store.load(parsed, force=force, progress=advance)
    except (InterdictorError, OSError) as exc:
        return _failed(source, exc)
    return UpdateOutcome(
        **_base(source),
        status="unchanged" if report.skipped else "loaded",
        path=str(path),
        version=report.version,
        previous_version_id=report.previous_version_id,
        added=report.added,
        removed=report.removed,
        changed=report.changed,
    )


def update_source(
    store: Store,
    source: SourceSpec,
    downloader: Downloader,
    *,
    force: bool = False,
    progress: ProgressFactory = no_progress,
) -> UpdateOutcome:
    """Fetch one source and load it; never raises for a problem of this source alone."""
    fetched = fetch_source(source, downloader)
    if isinstance(fetched, UpdateOutcome):
        return fetched
    return load_source(store, source, fetched, force=force, progress=progress)


def exit_code_for(outcomes: Sequence[UpdateOutcome]) -> int:
    """0 when every source is loaded or unchanged, else the exit code of the first failure."""
    return next((o.exit_code for o in outcomes if o.status == "failed"), 0)
