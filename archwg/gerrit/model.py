"""A Gerrit change as archwg sees it, and its one review state. Pure: no I/O, no clock.

``change_from_json`` accepts every shape Gerrit's REST API has sent since
2.8: ``kind``/``_sortkey`` and owners with only a ``name`` (2.8), labels with
only the ``approved``/``rejected``/``recommended``/``disliked`` summary or
with every vote in ``all`` (DETAILED_LABELS), ``id`` as
``project~branch~Change-Id`` or ``project~number`` (the key is always
``_number``), and modern ``submit_requirements``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from archwg.errors import BadInput
from archwg.gerrit.config import LabelMap

STATES = (
    "merged",
    "abandoned",
    "wip",
    "blocked",
    "conflict",
    "failing",
    "approved",
    "changes-requested",
    "ready",
    "needs-review",
)
OPEN = "NEW"
CLOSED_STATES = ("merged", "abandoned")
WIP_PREFIXES = ("[wip]", "wip:")
# Submit requirement results that do not stand in a change's way.
SATISFIED = ("SATISFIED", "OVERRIDDEN", "NOT_APPLICABLE", "FORCED")


@dataclass(frozen=True)
class Vote:
    value: int
    by: str
    date: datetime | None = None


@dataclass(frozen=True)
class Requirement:
    name: str
    status: str
    is_legacy: bool = False


@dataclass(frozen=True)
class Change:
    number: int
    project: str
    branch: str
    subject: str
    owner: str
    status: str  # NEW, MERGED, ABANDONED (DRAFT on old servers)
    topic: str | None
    created: datetime
    updated: datetime
    work_in_progress: bool
    mergeable: bool | None  # None: the server did not say (modern Gerrit computes it only on demand)
    labels: tuple[tuple[str, tuple[Vote, ...]], ...]
    files: tuple[str, ...]  # paths the current revision touches
    url: str | None
    renames: tuple[tuple[str, str], ...] = ()  # (old path, new path) in the current revision
    submit_requirements: tuple[Requirement, ...] = ()
    change_id: str | None = None
    revision: str | None = None  # the current revision's commit
    # Paths the revision edits in place with lines both deleted and inserted: what a changed line takes.
    rewritten: tuple[str, ...] = ()
    # (path, its :Status: in the current revision): read during sync for the files of status_edits().
    spec_statuses: tuple[tuple[str, str | None], ...] = ()

    def votes(self, label: str) -> tuple[Vote, ...]:
        for name, votes in self.labels:
            if name == label:
                return votes
        return ()

    @property
    def is_open(self) -> bool:
        return self.status not in ("MERGED", "ABANDONED")

    @property
    def touched_paths(self) -> frozenset[str]:
        """Every path the revision touches, the old side of renames included."""
        return frozenset(self.files) | {old for old, _ in self.renames}


def parse_timestamp(value: str) -> datetime:
    """Gerrit's ``2017-03-09 20:01:06.000000000`` (always UTC) as an aware datetime."""
    if not isinstance(value, str):
        raise BadInput(f"not a Gerrit timestamp: {value!r}")
    text = value.strip()
    whole, _, fraction = text.partition(".")
    try:
        if not whole.isascii():  # strptime takes other scripts' digits, which int() then refuses
            raise ValueError(whole)
        stamp = datetime.strptime(whole, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise BadInput(f"not a Gerrit timestamp: {value!r}") from None
    micro = int((fraction + "000000")[:6]) if fraction.isascii() and fraction.isdigit() else 0
    return stamp.replace(microsecond=micro, tzinfo=timezone.utc)


def format_timestamp(value: datetime) -> str:
    """The inverse of parse_timestamp, in Gerrit's own nanosecond form."""
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond:06d}000"


def account_name(account: Any) -> str:
    """A readable name for an AccountInfo of any era (2.8 sends only ``name``)."""
    if not isinstance(account, dict):
        return "?"
    for key in ("name", "display_name", "username", "email"):
        if isinstance(account.get(key), str) and account[key]:
            return account[key]
    if "_account_id" in account:
        return f"account {account['_account_id']}"
    return "?"


def _label_range(info: dict) -> tuple[int, int] | None:
    values = info.get("values")
    if isinstance(values, dict) and values:
        try:
            numbers = [int(str(key).strip()) for key in values]
        except ValueError:
            return None
        return min(numbers), max(numbers)
    return None


def _summary_votes(name: str, info: dict, roles: LabelMap) -> tuple[Vote, ...]:
    """Votes from LABELS' summary: one account per extreme, without ``all``.

    Without ``values`` the extremes are guessed from the label's role: the
    review label runs from -2 to +2, the others from -1 to +1.
    """
    low, high = _label_range(info) or ((-2, 2) if name == roles.review else (-1, 1))
    votes = []
    for key, default in (("approved", high), ("rejected", low), ("recommended", 1), ("disliked", -1)):
        if key in info:
            value = default
            # 2.8 puts the recommending/disliking account's vote in "value".
            if key in ("recommended", "disliked") and isinstance(info.get("value"), int):
                value = info["value"]
            votes.append(Vote(value=value, by=account_name(info[key])))
    return tuple(votes)


def _vote(name: str, vote: dict) -> Vote:
    value = vote.get("value")
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadInput(f"labels.{name}.all: vote value {str(value)[:20]!r} is not a whole number")
    try:
        date = parse_timestamp(vote["date"]) if vote.get("date") is not None else None
    except BadInput as error:
        raise BadInput(f"labels.{name}.all: vote date: {error}") from None
    return Vote(value=value, by=account_name(vote), date=date)


def _labels(data: Any, roles: LabelMap) -> tuple[tuple[str, tuple[Vote, ...]], ...]:
    if not isinstance(data, dict):
        return ()
    labels = []
    for name in sorted(data):
        info = data[name] if isinstance(data[name], dict) else {}
        if isinstance(info.get("all"), list):
            votes = tuple(
                _vote(name, vote)
                for vote in info["all"]
                if isinstance(vote, dict) and vote.get("value")  # 0 is "no vote" (a reviewer not voting)
            )
        else:
            votes = _summary_votes(name, info, roles)
        labels.append((name, votes))
    return tuple(labels)


def _count(info: dict, key: str) -> int:
    value = info.get(key)  # Gerrit leaves out counts of 0
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _files(data: dict) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    revisions = data.get("revisions")
    if not isinstance(revisions, dict) or not revisions:
        return (), (), ()
    current = data.get("current_revision")
    if current is not None and not isinstance(current, str):
        raise BadInput(f"current_revision: {str(current)[:20]!r} is not a revision id")
    revision = revisions.get(current) or next(iter(revisions.values()))
    files = revision.get("files") if isinstance(revision, dict) else None
    if not isinstance(files, dict):
        return (), (), ()
    paths = tuple(sorted(path for path in files if path != "/COMMIT_MSG"))
    renames = tuple(
        sorted(
            (info["old_path"], path)
            for path, info in files.items()
            if isinstance(info, dict) and isinstance(info.get("old_path"), str)
        )
    )
    rewritten = tuple(
        sorted(
            path
            for path, info in files.items()
            if isinstance(info, dict) and path in paths and not isinstance(info.get("old_path"), str)
            and info.get("status", "M") == "M" and _count(info, "lines_inserted") and _count(info, "lines_deleted")
        )
    )
    return paths, renames, rewritten


def change_number(data: dict) -> int:
    number = data.get("_number")
    if isinstance(number, int) and not isinstance(number, bool):
        return number
    # Some bodies (and hand-saved ones) carry only "id" as "project~number".
    tail = str(data.get("id", "")).rsplit("~", 1)[-1]
    if tail.isdigit():
        return int(tail)
    raise BadInput(f"a change without a number (_number): {str(data)[:60]}")


def change_url(server_url: str | None, number: int) -> str | None:
    # Every Gerrit since 2.x redirects /<number> to the change's page.
    return f"{server_url.rstrip('/')}/{number}" if server_url else None


def _optional_text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise BadInput(f"{key}: {str(value)[:20]!r} is not a string")
    return value or None


def _requirements(data: dict) -> tuple[Requirement, ...]:
    items = data.get("submit_requirements")
    if items is None:
        return ()
    if not isinstance(items, list):
        raise BadInput(f"submit_requirements: {str(items)[:20]!r} is not a list")
    return tuple(
        Requirement(
            name=str(item.get("name", "?")),
            status=str(item.get("status", "")).upper(),
            is_legacy=bool(item.get("is_legacy", False)),
        )
        for item in items
        if isinstance(item, dict)
    )


def change_from_json(data: Any, server_url: str | None, roles: LabelMap = LabelMap()) -> Change:
    """A ``Change`` from one ChangeInfo of any era; a body that is none, or a field of the wrong type, is BadInput."""
    if not isinstance(data, dict):
        raise BadInput(f"not a Gerrit ChangeInfo object: {str(data)[:60]}")
    number = change_number(data)
    try:
        return _change(data, number, server_url, roles)
    except BadInput as error:
        raise BadInput(f"change {number}: {error}") from None


def _change(data: dict, number: int, server_url: str | None, roles: LabelMap) -> Change:
    stamps = {}
    for key in ("created", "updated"):
        if key not in data:
            raise BadInput(f"no {key} timestamp")
        try:
            stamps[key] = parse_timestamp(data[key])
        except BadInput as error:
            raise BadInput(f"{key}: {error}") from None
    files, renames, rewritten = _files(data)
    mergeable = data.get("mergeable")
    return Change(
        number=number,
        project=str(data.get("project", "")),
        branch=str(data.get("branch", "")),
        subject=str(data.get("subject", "")),
        owner=account_name(data.get("owner")),
        status=str(data.get("status", OPEN)).upper(),
        topic=_optional_text(data, "topic"),
        created=stamps["created"],
        updated=stamps["updated"],
        work_in_progress=bool(data.get("work_in_progress", False)),
        mergeable=mergeable if isinstance(mergeable, bool) else None,
        labels=_labels(data.get("labels"), roles),
        files=files,
        url=change_url(server_url, number),
        renames=renames,
        submit_requirements=_requirements(data),
        change_id=_optional_text(data, "change_id"),
        revision=_optional_text(data, "current_revision"),
        rewritten=rewritten,
    )


def changes_from_body(data: Any, server_url: str | None, roles: LabelMap = LabelMap()) -> tuple[Change, ...]:
    """Every change of a REST answer: a list, a single ChangeInfo, or a list of lists (several q=)."""
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise BadInput("not a Gerrit answer: expected a list of changes or one change")
    flat: list = []
    for item in data:
        flat.extend(item if isinstance(item, list) else [item])
    return tuple(change_from_json(item, server_url, roles) for item in flat)


SPEC_PATH = re.compile(r"^(specs|workstreams)/[^/]+[.]rst$")


def status_edits(change: Change) -> tuple[str, ...]:
    """The spec files whose :Status: an open change may change: edited in place, a line out and a line in.

    Only for these does a sync read the file at the change's revision: a
    rename is read from the files list, and an edit that only adds or only
    removes lines cannot have changed the one :Status: line.
    """
    if not change.is_open:
        return ()
    return tuple(path for path in change.rewritten if SPEC_PATH.match(path))


def moves_to_workstreams(change: Change, slug: str | None = None) -> bool:
    """Whether the change renames specs/X.rst to workstreams/X.rst (of *slug*, or of any spec): an accept."""
    return any(
        old.startswith("specs/") and new.startswith("workstreams/") and old[6:] == new[12:]
        and (slug is None or old == f"specs/{slug}.rst")
        for old, new in change.renames
    )


def target_status(change: Change) -> str | None:
    """The status an open change would give the spec whose file it touches, or None.

    Read from the revision's files: a rename from specs/ to workstreams/
    accepts a proposal (it becomes active); an edit of a spec file carries
    the :Status: the sync read from the file at that revision. Without the
    spec at hand this may be its status already; archwg/report.py:pending_target
    compares it with the spec's own.
    """
    if not change.is_open:
        return None
    if moves_to_workstreams(change):
        return "active"
    return next((status for _, status in change.spec_statuses if status), None)


def _lowest(change: Change, label: str) -> int:
    return min((vote.value for vote in change.votes(label)), default=0)


def _highest(change: Change, label: str) -> int:
    return max((vote.value for vote in change.votes(label)), default=0)


def _requirements_met(change: Change, roles: LabelMap) -> bool | None:
    """What submit requirements say about readiness, or None to use the label map.

    The approval and verification requirements are left out: "ready" means
    the reviewers are done and only the +A is missing, whatever CI says yet.
    """
    relevant = [req for req in change.submit_requirements
                if not req.is_legacy and req.name not in (roles.approve, roles.verify)]
    if not relevant:  # all([]) would call every such change ready: nothing here speaks of review
        return None
    return all(req.status in SATISFIED for req in relevant)


def review_state(change: Change, roles: LabelMap = LabelMap()) -> str:
    """The one review state of *change*: the first rule that matches wins."""
    if change.status == "MERGED":
        return "merged"
    if change.status == "ABANDONED":
        return "abandoned"
    if (
        change.work_in_progress
        or change.status == "DRAFT"
        or _lowest(change, roles.approve) < 0
        or change.subject.strip().lower().startswith(WIP_PREFIXES)
    ):
        return "wip"
    if _lowest(change, roles.review) <= -2:
        return "blocked"
    if change.mergeable is False:
        return "conflict"
    if _lowest(change, roles.verify) < 0:
        return "failing"
    if _highest(change, roles.approve) >= 1:
        return "approved"
    if _lowest(change, roles.review) <= -1:
        return "changes-requested"
    met = _requirements_met(change, roles)
    if met is True or (met is None and _highest(change, roles.review) >= roles.ready_value):
        return "ready"
    return "needs-review"


def days(span_seconds: float) -> int:
    return max(0, int(span_seconds // 86400))


def plural_days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def ready_since(change: Change, roles: LabelMap) -> datetime:
    """When the change became ready: its latest top review vote when dated, else its last update."""
    dated = [
        vote.date for vote in change.votes(roles.review) if vote.date and vote.value >= roles.ready_value
    ]
    return max(dated) if dated else change.updated


def state_summary(change: Change, now: datetime, roles: LabelMap = LabelMap()) -> str:
    """'ready, no +A for 21 days': the state and how long it has been so, for people."""
    state = review_state(change, roles)
    if state in CLOSED_STATES:
        return state
    if state == "ready":
        return f"ready, no +A for {plural_days(days((now - ready_since(change, roles)).total_seconds()))}"
    if state == "approved":
        return "approved, in the gate"
    idle = days((now - change.updated).total_seconds())
    return f"{state}, idle {plural_days(idle)}" if idle else state
