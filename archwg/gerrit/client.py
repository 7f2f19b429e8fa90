"""Talking to Gerrit's REST API: retries, timeouts, the XSSI prefix and pagination.

``requests`` is imported inside the functions so ``archwg --help`` stays fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from archwg import __version__
from archwg.errors import ArchwgError

PREFIX = ")]}'"
USER_AGENT = f"archwg/{__version__} (architecture working group toolchain)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 30.0  # seconds: a server asking for longer is treated as down, at once
PAGE_SIZE = 500  # Gerrit's default queryLimit for registered users


class GerritError(ArchwgError):
    """Gerrit could not be asked or answered something archwg cannot read."""

    exit_code = 1

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status the server answered with, when it answered one


class RetryAfterTooLong(Exception):
    """Raised from inside urllib3's retry loop so that no time is slept on a wait archwg will not make."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def parse_body(text: str, where: str = "the answer") -> Any:
    """JSON of a Gerrit body, with or without the ``)]}'`` prefix that guards against XSSI."""
    body = text.lstrip("\ufeff")
    if body.startswith(PREFIX):
        body = body[len(PREFIX):]
    stripped = body.lstrip()
    if stripped[:1] == "<":
        raise GerritError(f"{where} is an HTML page, not Gerrit's JSON (an error or login page?)")
    try:
        return json.loads(body)
    except json.JSONDecodeError as error:
        if not stripped:
            raise GerritError(f"{where} is empty") from None
        raise GerritError(f"{where} is not valid JSON (truncated or garbled: {error.msg} at character {error.pos})") from None


@dataclass
class Counter:
    """How many HTTP requests a sync made (benchmarks and tests read it)."""

    requests: int = 0


@dataclass
class GerritClient:
    url: str
    auth: tuple[str, str] | None = None
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    page_size: int = PAGE_SIZE
    counter: Counter = field(default_factory=Counter)
    _session: Any = field(default=None, repr=False)

    def __repr__(self) -> str:  # never show credentials
        return f"GerritClient(url={self.url!r}, authenticated={self.auth is not None})"

    @property
    def base(self) -> str:
        # Authenticated calls go through /a/; a path prefix such as "/r" stays in front.
        return self.url.rstrip("/") + ("/a" if self.auth else "")

    def session(self):
        if self._session is None:
            self._session = make_session(self.retries, self.backoff)
            if self.auth:
                self._session.auth = self.auth
        return self._session

    def get(self, path: str, params: list[tuple[str, str]] | None = None) -> Any:
        """GET *path* below the server and return its JSON; every failure is one GerritError."""
        shown, response = self._get(path, params)
        content_type = response.headers.get("Content-Type", "")
        if "html" in content_type.lower():
            raise GerritError(f"{shown}: answered an HTML page, not JSON (an error or login page?)")
        return parse_body(response.text, shown)

    def file_content(self, project: str, number: int, revision: str | None, path: str) -> str | None:
        """The text of *path* at *revision* of a change (None: not there), as Gerrit sends it: base64."""
        import base64
        import binascii
        from urllib.parse import quote

        change = f"{quote(project, safe='')}~{number}"
        try:
            shown, response = self._get(
                f"changes/{change}/revisions/{revision or 'current'}/files/{quote(path, safe='')}/content")
        except GerritError as error:
            if error.status == 404:
                return None
            raise
        if "html" in response.headers.get("Content-Type", "").lower():
            raise GerritError(f"{shown}: answered an HTML page, not the file (an error or login page?)")
        try:
            return base64.b64decode(response.text.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            raise GerritError(f"{shown}: not the base64 text of a file") from None

    def _get(self, path: str, params: list[tuple[str, str]] | None = None):
        import requests

        url = f"{self.base}/{path.lstrip('/')}"
        shown = f"{self.url}/{path.lstrip('/')}".split("?")[0]
        self.counter.requests += 1
        try:
            response = self.session().get(url, params=params, timeout=self.timeout)
        except RetryAfterTooLong as error:
            raise GerritError(f"{shown}: Gerrit asks to retry after {error.seconds:g} s") from None
        except requests.exceptions.RetryError as error:
            raise GerritError(f"{shown}: {_retry_reason(error)} after {self.retries + 1} tries") from None
        except requests.exceptions.Timeout:
            raise GerritError(f"{shown}: no answer within {self.timeout:g} s after {self.retries + 1} tries") from None
        except requests.exceptions.ConnectionError as error:
            if "read timed out" in str(error).lower():
                raise GerritError(
                    f"{shown}: no answer within {self.timeout:g} s after {self.retries + 1} tries"
                ) from None
            raise GerritError(f"{shown}: cannot connect ({_connection_reason(error)})") from None
        except requests.exceptions.RequestException as error:
            raise GerritError(f"{shown}: {type(error).__name__}") from None
        # Count what the server actually saw: each retry is one more request.
        history = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
        self.counter.requests += len(history)
        if response.status_code == 401 and self._digest_wanted(response):
            return self._get(path, params)  # the same request, answering the Digest challenge
        if response.status_code in (401, 403):
            who = "the credentials were refused" if self.auth else "it needs credentials (~/.netrc or ARCHWG_GERRIT_USER)"
            raise GerritError(f"{shown}: HTTP {response.status_code}: {who}", response.status_code)
        if response.status_code >= 400:
            tries = f" after {len(history) + 1} tries" if history else ""
            raise GerritError(f"{shown}: HTTP {response.status_code}{tries}: {_first_line(response.text)}",
                              response.status_code)
        return shown, response

    def _digest_wanted(self, response) -> bool:
        """Gerrit before 2.14 takes the HTTP password by Digest, not Basic, unless auth.gitBasicAuth
        is set: on its challenge, the session answers with Digest from then on (once a client)."""
        from requests.auth import HTTPDigestAuth

        session = self.session()
        offered = response.headers.get("WWW-Authenticate", "").lower()
        if not (self.auth and offered.startswith("digest") and not isinstance(session.auth, HTTPDigestAuth)):
            return False
        session.auth = HTTPDigestAuth(*self.auth)
        return True

    def server_version(self) -> str | None:
        """The server's version string, or None when it does not say (very old servers: 404)."""
        try:
            version = self.get("config/server/version")
        except GerritError as error:
            if error.status == 404:
                return None
            raise
        return version if isinstance(version, str) else None

    def query(self, query: str, options: tuple[str, ...] = (),
              progress: Callable[[int], None] | None = None) -> list[dict]:
        """Every change matching *query*, following ``_more_changes`` page after page."""
        changes: list[dict] = []
        seen: set = set()
        while True:
            params = [("q", query), *(("o", option) for option in options), ("n", str(self.page_size))]
            if changes:  # the first page needs no start: 0 is every version's default, and 2.8 knows no S
                params.append(("S", str(len(changes))))
            try:
                page = self.get("changes/", params)
            except GerritError as error:
                if not (changes and "_sortkey" in changes[-1] and error.status == 400):
                    raise
                # Gerrit 2.8 knows no S: it resumes after the last change's sort key. (2.9 still
                # sends sort keys but pages by S, which is why S is asked for first.)
                params[-1] = ("N", str(changes[-1]["_sortkey"]))
                page = self.get("changes/", params)
            if isinstance(page, dict):  # one ChangeInfo: some proxies unwrap single answers
                page = [page]
            if not isinstance(page, list) or not all(isinstance(item, dict) for item in page):
                raise GerritError(f"{self.url}/changes/: the answer is not a list of changes")
            more = bool(page) and bool(page[-1].get("_more_changes"))
            keys = {item.get("_number", item.get("id")) for item in page}
            if more and keys <= seen:
                # A server (or a proxy before it) that ignores S and N sends its first page forever.
                raise GerritError(f"{self.url}/changes/: the server sent the same changes again for the next page "
                                  "(it ignores S and N)")
            seen |= keys
            changes.extend(page)
            if progress:
                progress(len(page))
            if not more:
                return changes


def make_session(retries: int, backoff: float):
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry

    class CappedRetry(Retry):
        """Retry-After is honoured up to a bound; past it the server is down for now, said at once."""

        def get_retry_after(self, response):
            try:
                value = super().get_retry_after(response)
            except InvalidHeader:  # not seconds nor an HTTP date: fall back to the backoff
                return None
            if value is not None and value > MAX_RETRY_AFTER:
                raise RetryAfterTooLong(value)
            return value

    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    return session


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if line.startswith("<"):
        return "an HTML error page"
    return line[:120] or "no message"


def _retry_reason(error: Exception) -> str:
    reason = getattr(error.args[0], "reason", None) if error.args else None
    text = str(reason or error)
    for status in RETRY_STATUSES:
        if f"{status} error" in text or f"too many {status}" in text:
            return f"HTTP {status}"
    if "timed out" in text.lower():
        return "timed out"
    return "the server kept failing"


def _connection_reason(error: Exception) -> str:
    text = str(error)
    if "timed out" in text.lower():
        return "timed out"
    if "refused" in text.lower():
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    return "network error"


def client_for(config, environ=None) -> GerritClient:
    """A client for *config*'s server, with credentials from the environment or ~/.netrc."""
    import os

    from archwg.gerrit.config import credentials

    environ = os.environ if environ is None else environ
    return GerritClient(
        url=config.url, auth=credentials(config.url, environ), timeout=config.timeout, retries=config.retries
    )
