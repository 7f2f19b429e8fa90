"""The ``[gerrit]`` table of archwg.toml, and where credentials come from.

Credentials are looked up here and handed to the client only: they are never
part of ``GerritConfig`` so that no repr, log line or snapshot can carry them.
"""

from __future__ import annotations

import netrc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from archwg.errors import BadInput

DEFAULT_SNAPSHOT = ".archwg/gerrit.json"
URL_VARIABLE = "ARCHWG_GERRIT_URL"
USER_VARIABLE = "ARCHWG_GERRIT_USER"
PASSWORD_VARIABLE = "ARCHWG_GERRIT_PASSWORD"


@dataclass(frozen=True)
class LabelMap:
    """Which label plays which role on this server (stock Gerrit by default).

    Pre-2.8 servers call the approval label ``Approved``, governance-style
    repositories review with ``Rollcall-Vote``, some cap Code-Review at +1
    (then ``ready_value = 1``).
    """

    review: str = "Code-Review"
    approve: str = "Workflow"
    verify: str = "Verified"
    ready_value: int = 2


@dataclass(frozen=True)
class TrackedQuery:
    title: str
    query: str


@dataclass(frozen=True)
class GerritConfig:
    url: str
    project: str | None = None
    snapshot: str = DEFAULT_SNAPSHOT
    queries: tuple[TrackedQuery, ...] = ()
    labels: LabelMap = field(default_factory=LabelMap)
    timeout: float = 10.0  # seconds, for every request
    retries: int = 3  # tries after the first one, on 429/5xx and connection errors

    @classmethod
    def from_table(cls, table: dict, source: str) -> GerritConfig:
        """Build from the ``[gerrit]`` table; a bad value raises one line naming the key."""
        if not isinstance(table, dict):
            raise BadInput(f"{source}: gerrit: must be a table")
        known = {"url", "project", "snapshot", "queries", "labels", "timeout", "retries"}
        for key in table:
            if key not in known:
                raise BadInput(f"{source}: gerrit.{key}: unknown key (known: {', '.join(sorted(known))})")
        url = _string(table, "url", source, required=True)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadInput(f"{source}: gerrit.url: must be an http(s) URL, not {url!r}")
        if parts.username or parts.password:
            raise BadInput(f"{source}: gerrit.url: must not hold credentials (use ~/.netrc or {USER_VARIABLE})")
        timeout = table.get("timeout", 10.0)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise BadInput(f"{source}: gerrit.timeout: must be a positive number of seconds")
        retries = table.get("retries", 3)
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
            raise BadInput(f"{source}: gerrit.retries: must be a whole number from 0 to 10")
        return cls(
            url=normalise_url(url),
            project=_string(table, "project", source),
            snapshot=_string(table, "snapshot", source) or DEFAULT_SNAPSHOT,
            queries=_queries(table.get("queries", []), source),
            labels=_labels(table.get("labels", {}), source),
            timeout=float(timeout),
            retries=retries,
        )

    def with_environment(self, environ: Mapping[str, str]) -> GerritConfig:
        """``ARCHWG_GERRIT_URL`` points archwg at another server (tests, mirrors)."""
        url = environ.get(URL_VARIABLE)
        if not url:
            return self
        return GerritConfig.from_table({**self.as_table(), "url": url}, URL_VARIABLE)

    def as_table(self) -> dict[str, Any]:
        return {
            "url": self.url,
            **({"project": self.project} if self.project else {}),
            "snapshot": self.snapshot,
            "queries": [{"title": q.title, "query": q.query} for q in self.queries],
            "labels": {
                "review": self.labels.review,
                "approve": self.labels.approve,
                "verify": self.labels.verify,
                "ready_value": self.labels.ready_value,
            },
            "timeout": self.timeout,
            "retries": self.retries,
        }

    def snapshot_path(self, root: Path | None) -> Path:
        path = Path(self.snapshot).expanduser()
        return path if path.is_absolute() or root is None else root / path


def normalise_url(url: str) -> str:
    # A path prefix such as Wikimedia's "/r" is kept; only the trailing slash goes.
    return url.rstrip("/")


def _string(table: dict, key: str, source: str, required: bool = False) -> str | None:
    if key not in table:
        if required:
            raise BadInput(f"{source}: gerrit.{key}: missing")
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"{source}: gerrit.{key}: must be a non-empty string")
    return value.strip()


def _queries(value: Any, source: str) -> tuple[TrackedQuery, ...]:
    if not isinstance(value, list):
        raise BadInput(f"{source}: gerrit.queries: must be an array of tables ([[gerrit.queries]])")
    queries = []
    for index, item in enumerate(value):
        where = f"gerrit.queries[{index}]"
        if not isinstance(item, dict):
            raise BadInput(f"{source}: {where}: must be a table with title and query")
        for key in item:
            if key not in ("title", "query"):
                raise BadInput(f"{source}: {where}.{key}: unknown key (known: query, title)")
        for key in ("title", "query"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise BadInput(f"{source}: {where}.{key}: must be a non-empty string")
        queries.append(TrackedQuery(title=item["title"].strip(), query=item["query"].strip()))
    return tuple(queries)


def _labels(value: Any, source: str) -> LabelMap:
    if not isinstance(value, dict):
        raise BadInput(f"{source}: gerrit.labels: must be a table")
    defaults = LabelMap()
    names = {}
    for key in value:
        if key not in ("review", "approve", "verify", "ready_value"):
            raise BadInput(f"{source}: gerrit.labels.{key}: unknown key (known: approve, ready_value, review, verify)")
    for role in ("review", "approve", "verify"):
        name = value.get(role, getattr(defaults, role))
        if not isinstance(name, str) or not name.strip():
            raise BadInput(f"{source}: gerrit.labels.{role}: must be a label name such as {getattr(defaults, role)!r}")
        names[role] = name.strip()
    ready = value.get("ready_value", defaults.ready_value)
    if isinstance(ready, bool) or not isinstance(ready, int) or ready < 1:
        raise BadInput(f"{source}: gerrit.labels.ready_value: must be a positive integer (the vote that makes a change ready)")
    return LabelMap(ready_value=ready, **names)


def gerrit_config(config, environ: Mapping[str, str] = os.environ) -> GerritConfig | None:
    """The Gerrit server of *config* (archwg's Config), with ``ARCHWG_GERRIT_URL`` applied; None when none."""
    found = config.gerrit if config is not None else None
    url = environ.get(URL_VARIABLE)
    if found is None:
        return GerritConfig.from_table({"url": url}, URL_VARIABLE) if url else None
    return found.with_environment(environ)


def load_gerrit_config(root: Path | None, environ: Mapping[str, str] = os.environ) -> GerritConfig | None:
    """The Gerrit configuration of the repository at *root* (archwg.toml read through Config)."""
    from archwg.config import load_config

    return gerrit_config(load_config(root), environ)


def credentials(url: str, environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """(user, HTTP password) from the environment, else ~/.netrc; None means anonymous."""
    user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
    if user and password:
        return user, password
    if user or password:
        missing = PASSWORD_VARIABLE if user else USER_VARIABLE
        raise BadInput(f"{missing} is not set: set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
    host = urlsplit(url).hostname or ""
    home = environ.get("HOME") or os.path.expanduser("~")
    path = Path(environ.get("NETRC") or Path(home) / ".netrc")
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as error:
        # The message of a parse error may quote the line, password included.
        raise BadInput(f"{path}: cannot be read as a netrc file (line {getattr(error, 'lineno', '?')})") from None
    if not found or not found[0] or not found[2]:
        return None
    return found[0], found[2]
