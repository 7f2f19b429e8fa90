"""The offline snapshot of Gerrit's answers, and the sync that refreshes it.

One JSON file holds every answer of the last complete sync (the ChangeInfo
objects as the server sent them, keyed by ``_number``), the server URL, the
server's version, the format version and the time fetched. A sync is
incremental the way gertty's is, but on the server's clock: it asks only
for changes updated since the largest ``updated`` it holds, minus an
overlap, and upserts them. For open changes that edit a spec file in
place it also keeps the file's ``:Status:`` at the change's revision
(``spec_status``: number -> revision and statuses), read once per revision,
since that is what tells a pending status move. The file is replaced only by a complete answer,
atomically, and only when its content changed: the Sphinx extension
rebuilds on its mtime. When a sync changes nothing, the time of that check
goes to a small sidecar file instead (``<snapshot>.checked``), which counts
only while it names the snapshot's digest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable

from archwg.errors import ArchwgError
from archwg.fileutil import atomic_write
from archwg.gerrit.client import GerritClient, GerritError
from archwg.gerrit.config import GerritConfig, LabelMap
from archwg.gerrit.model import (
    Change,
    change_from_json,
    change_number,
    format_timestamp,
    parse_timestamp,
    status_edits,
)
from archwg.gerrit.query import Term, group_terms, incremental, query_time, spec_terms

FORMAT_VERSION = 1
# Changes updated while the last sync ran may carry an `updated` a little older than its newest one.
OVERLAP = timedelta(minutes=5)
# DETAILED_LABELS rather than LABELS: `all` says who voted what, LABELS only one account per extreme.
# DETAILED_ACCOUNTS: names rather than bare account ids. CURRENT_REVISION + CURRENT_FILES: the files
# (and renames) that tie a change to a spec and reveal a pending status move.
OPTIONS = ("DETAILED_LABELS", "DETAILED_ACCOUNTS", "CURRENT_REVISION", "CURRENT_FILES")
# Submit requirements exist since Gerrit 3.5; older servers answer 400 to an option they do not know.
SUBMIT_REQUIREMENTS = "SUBMIT_REQUIREMENTS"
SUBMIT_REQUIREMENTS_SINCE = (3, 5)


class SnapshotError(ArchwgError):
    """The snapshot file exists but cannot be read."""

    exit_code = 1


class SyncFailed(ArchwgError):
    exit_code = 1


@dataclass(frozen=True)
class QueryAnswer:
    title: str
    query: str
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Snapshot:
    server: str
    fetched: datetime  # when Gerrit last confirmed this content (aware, UTC)
    format_version: int
    server_version: str | None
    changes: tuple[Change, ...]
    queries: tuple[QueryAnswer, ...] = ()

    def change(self, number: int) -> Change | None:
        for change in self.changes:
            if change.number == number:
                return change
        return None

    def age(self, now: datetime) -> timedelta:
        return now - self.fetched


@dataclass(frozen=True)
class SyncResult:
    full: bool
    requests: int
    groups: int
    received: int  # ChangeInfo objects the server sent
    total: int  # changes in the snapshot now
    written: bool  # False when the content was already current
    warnings: tuple[str, ...] = ()


def checked_path(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_document(path: Path) -> tuple[dict, bytes] | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SnapshotError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SnapshotError(f"{path}: not a snapshot (not JSON): run `archwg gerrit sync --full`") from None
    if not isinstance(document, dict) or not isinstance(document.get("changes"), list):
        raise SnapshotError(f"{path}: not a snapshot: run `archwg gerrit sync --full`")
    return document, data


def _checked(path: Path, data: bytes) -> datetime | None:
    try:
        sidecar = json.loads(checked_path(path).read_text(encoding="utf-8"))
        if sidecar.get("digest") == _digest(data):
            return datetime.fromisoformat(sidecar["checked"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _with_statuses(change: Change, kept) -> Change:
    """*change* with the :Status: values the sync read at its revision, when they are of that revision."""
    if not isinstance(kept, dict) or kept.get("revision") != change.revision:
        return change
    statuses = kept.get("statuses")
    if not isinstance(statuses, dict):
        return change
    return replace(change, spec_statuses=tuple(sorted(
        (str(path), status if isinstance(status, str) else None) for path, status in statuses.items())))


def load_snapshot(path: Path, roles: LabelMap = LabelMap()) -> Snapshot | None:
    """The snapshot at *path*, or None when there is none; an unreadable one is SnapshotError."""
    read = _read_document(path)
    if read is None:
        return None
    document, data = read
    try:
        server = document["server"]
        fetched = datetime.fromisoformat(document["fetched"])
        kept = document.get("spec_status") or {}
        changes = tuple(
            _with_statuses(change, kept.get(str(change.number)))
            for change in (change_from_json(raw, server, roles) for raw in document["changes"])
        )
        queries = tuple(
            QueryAnswer(item["title"], item["query"], tuple(item["changes"])) for item in document.get("queries", [])
        )
    except (KeyError, TypeError, ValueError, ArchwgError) as error:
        raise SnapshotError(f"{path}: not a snapshot archwg can read ({error}): run `archwg gerrit sync --full`") from None
    checked = _checked(path, data)
    return Snapshot(
        server=server,
        fetched=max(fetched, checked) if checked else fetched,
        format_version=int(document.get("format_version", 0)),
        server_version=document.get("server_version"),
        changes=changes,
        queries=queries,
    )


def describe_age(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours < 1:
        return "less than an hour old"
    if hours < 48:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''} old"
    return f"{int(hours // 24)} days old"


def snapshot_note(path: Path, now: datetime, roles: LabelMap = LabelMap()) -> str:
    """What a failed sync leaves: 'the snapshot (3 days old) is unchanged' or 'there is no snapshot yet'."""
    try:
        snapshot = load_snapshot(path, roles)
    except SnapshotError:
        return "the unreadable snapshot is unchanged"
    if snapshot is None:
        return "there is no snapshot yet"
    return f"the snapshot of {snapshot.fetched:%Y-%m-%d %H:%M} UTC ({describe_age(snapshot.age(now))}) is unchanged"


def supports_submit_requirements(version: str | None) -> bool:
    if not version:
        return False
    numbers = []
    for part in version.split("-")[0].split(".")[:2]:
        if not part.isdigit():
            return False
        numbers.append(int(part))
    return tuple(numbers) >= SUBMIT_REQUIREMENTS_SINCE


@dataclass
class Fetcher:
    """Runs the queries of one sync; drops SUBMIT_REQUIREMENTS once if the server refuses it."""

    client: GerritClient
    options: tuple[str, ...]
    progress: Callable[[int], None] | None = None

    def __call__(self, query: str) -> list[dict]:
        try:
            return self.client.query(query, self.options, self.progress)
        except GerritError as error:
            if SUBMIT_REQUIREMENTS in self.options and error.status == 400:
                self.options = tuple(option for option in self.options if option != SUBMIT_REQUIREMENTS)
                return self.client.query(query, self.options, self.progress)
            raise


# What belongs to the page of answers, not to the change (2.8's sort key only says where a page ends).
_PAGING = frozenset({"_more_changes", "_sortkey"})


def _clean(raw: dict) -> dict:
    return {key: value for key, value in raw.items() if key not in _PAGING}


def _canonical(document: dict) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def sync(config: GerritConfig, specs: Iterable, path: Path, now: datetime, *, client: GerritClient,
         full: bool = False, progress: Callable[[int], None] | None = None) -> SyncResult:
    """Bring the snapshot at *path* up to date with the server; on any failure leave it as it was."""
    try:
        try:
            return _sync(config, list(specs), path, now, client, full, progress)
        except GerritError as error:
            if full or error.status != 400 or not _has_watermark(path):
                raise
            # An incremental query refused: Gerrit 2.8 knows no after:. The full sync asks without it
            # (and fails with the same error if after: was not what the server refused).
            result = _sync(config, list(specs), path, now, client, True, progress)
            return replace(result, warnings=(f"{config.url} refused an incremental query ({error}); synced in full",
                                             *result.warnings))
    except (GerritError, SnapshotError) as error:
        raise SyncFailed(f"gerrit sync failed: {error}; {snapshot_note(path, now, config.labels)}") from None
    except ArchwgError as error:  # the server sent JSON that is not what Gerrit sends
        raise SyncFailed(
            f"gerrit sync failed: {config.url} sent something that is not a change ({error}); "
            f"{snapshot_note(path, now, config.labels)}"
        ) from None


def _has_watermark(path: Path) -> bool:
    try:
        read = _read_document(path)
    except SnapshotError:
        return False
    return bool(read and read[0].get("watermark"))


def _sync(config, specs, path, now, client, full, progress) -> SyncResult:
    try:
        read = _read_document(path)
    except SnapshotError:
        read = None  # a broken snapshot is simply refetched in full
    previous = read[0] if read else None
    reusable = (
        previous is not None
        and previous.get("format_version") == FORMAT_VERSION
        and previous.get("server") == config.url
    )
    incremental_sync = reusable and not full and bool(previous.get("watermark"))
    before = client.counter.requests

    # Asked again on every full sync: an upgraded server (3.4 to 3.9) has submit requirements to ask for.
    server_version = (previous.get("server_version") if incremental_sync and "server_version" in previous
                      else client.server_version())
    options = OPTIONS + ((SUBMIT_REQUIREMENTS,) if supports_submit_requirements(server_version) else ())
    fetch = Fetcher(client, options, progress)

    after = None
    known: set[str] = set()
    previous_answers: dict[str, list[int]] = {}
    held: dict[int, dict] = {}
    if incremental_sync:
        after = query_time(parse_timestamp(previous["watermark"]) - OVERLAP)
        known = set(previous.get("terms", []))
        previous_answers = {item["query"]: list(item["changes"]) for item in previous.get("queries", [])}
        held = {change_number(raw): raw for raw in previous["changes"]}

    # Members of tracked queries are refreshed by number, across all statuses, so that a change
    # that left a query (merged, abandoned) is seen leaving it.
    members = {Term("change", str(n)) for query in config.queries for n in previous_answers.get(query.query, [])}
    terms = sorted(set(spec_terms(specs, config.project)) | members)
    # So is every open change held: one whose topic moved away, or whose new patch set no longer
    # touches the spec's file (Gerrit's file index knows the current patch set only), no longer
    # answers the query that found it, and would stay with the spec it left. (Not terms to remember.)
    refreshed = {Term("change", str(number)) for number, raw in held.items()
                 if raw.get("status") == "NEW"} - set(terms)
    old = {term for term in terms if term.key in known or term in members} | refreshed
    old_terms = sorted(old)
    new_terms = [term for term in terms if term not in old]
    groups = [query for _, query in group_terms(old_terms, config.project, after)]
    groups += [query for _, query in group_terms(new_terms, config.project, None)]

    received: dict[int, dict] = {}
    count = 0
    for query in groups:
        for raw in fetch(query):
            change_from_json(raw, config.url, config.labels)  # refuse what the snapshot could not load
            received[change_number(raw)] = _clean(raw)
            count += 1
    answers = []
    for tracked in config.queries:
        was = previous_answers.get(tracked.query)
        answer = fetch(incremental(tracked.query, after) if was is not None else tracked.query)
        for raw in answer:
            change_from_json(raw, config.url, config.labels)
            received[change_number(raw)] = _clean(raw)
            count += 1
        numbers = {change_number(raw) for raw in answer}
        if was is not None:
            # A member updated since the watermark that this query no longer returns has left it.
            numbers |= {n for n in was if n not in received}
        answers.append({"title": tracked.title, "query": tracked.query, "changes": sorted(numbers)})

    changes = {**held, **received}
    # A change a spec names by number that the server does not return: deleted, private, or not
    # visible to anonymous users (Gerrit then answers with nothing, not with 401).
    missing = sorted(int(term.value) for term in terms
                     if term.kind == "change" and term.value.isdigit() and int(term.value) not in changes)
    warnings = ()
    if missing:
        listed = ", ".join(map(str, missing[:10])) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        warnings = (f"{config.url} returned no change {listed} that the specs name: deleted, private, or "
                    f"not visible{'' if client.auth else ' without credentials'}",)
    spec_status, unread = _spec_statuses(changes, previous.get("spec_status") if reusable else None, client, config)
    if unread:
        warnings += (f"{config.url} answered 404 for {', '.join(unread[:5])}{' ...' if len(unread) > 5 else ''} "
                     "(files its own change lists): the :Status: moves pending there are unknown (a proxy in "
                     "front of Gerrit must pass encoded slashes: AllowEncodedSlashes On, nocanon)",)
    watermark = max((parse_timestamp(raw["updated"]) for raw in changes.values()), default=None)
    document = {
        "format_version": FORMAT_VERSION,
        "server": config.url,
        "server_version": server_version,
        "fetched": _iso(now),
        "watermark": format_timestamp(watermark) if watermark else None,
        "terms": sorted({term.key for term in terms} | (known if incremental_sync else set())),
        "queries": answers,
        "changes": [changes[number] for number in sorted(changes)],
        "spec_status": spec_status,
    }
    unchanged = reusable and {k: v for k, v in previous.items() if k != "fetched"} == {
        k: v for k, v in document.items() if k != "fetched"
    }
    if unchanged:
        data = read[1]
    else:
        text = _canonical(document)
        atomic_write(path, text, parents=True)
        data = text.encode("utf-8")
    atomic_write(checked_path(path), json.dumps({"checked": _iso(now), "digest": _digest(data)}) + "\n", parents=True)
    return SyncResult(
        full=not incremental_sync,
        requests=client.counter.requests - before,
        groups=len(groups) + len(config.queries),
        received=count,
        warnings=warnings,
        total=len(changes),
        written=not unchanged,
    )


def _spec_statuses(changes: dict[int, dict], kept, client: GerritClient, config: GerritConfig):
    """The :Status: of each spec file an open change edits in place, at its revision: number -> entry;
    and the files the server would not serve ("path of number").

    Gerrit's change queries carry no file contents, so each such file is one
    request (files/{path}/content); a revision read by an earlier sync is not
    read again, so a warm sync asks only for new revisions.
    """
    from archwg.specs.parse import parse_spec

    kept = kept if isinstance(kept, dict) else {}
    found = {}
    unread: list[str] = []
    for number in sorted(changes):
        change = change_from_json(changes[number], config.url, config.labels)
        paths = status_edits(change)
        if not paths:
            continue
        entry = kept.get(str(number))
        if (isinstance(entry, dict) and entry.get("revision") == change.revision
                and isinstance(entry.get("statuses"), dict) and set(entry["statuses"]) == set(paths)):
            found[str(number)] = entry
            continue
        statuses = {}
        for path in paths:
            text = client.file_content(change.project, number, change.revision, path)
            if text is None:
                # The path is from the revision's own file list: a 404 is the server's or a proxy's
                # doing (Apache's AllowEncodedSlashes Off, a server before 2.15 that knows no
                # project~number), not a file that is not there. Asked again next sync, not kept.
                unread.append(f"{path} of {number}")
                break
            statuses[path] = parse_spec(text, path).status
        else:
            found[str(number)] = {"revision": change.revision, "statuses": statuses}
    return found, unread
