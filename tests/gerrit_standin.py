"""A STAND-IN for Gerrit's REST API, for tests and benchmarks. It is not Gerrit.

Gerrit cannot be installed here, so this follows the documented REST API
(rest-api-changes.html, user-search.html) the way Zuul's tests fake Gerrit:
changes are ChangeInfo dicts held in memory, served on 127.0.0.1 at a free
port by the standard library's http.server in a thread. It serves:

- ``GET /changes/?q=...&o=...&n=...&S=...`` and ``/a/changes/`` (HTTP basic
  auth), answers with the ``)]}'`` prefix and ``Content-Type:
  application/json``, sorted by ``updated`` newest first as Gerrit does, and
  ``_more_changes: true`` on the last change of a page that has more;
- the query operators archwg sends: bare numbers, ``change:``, ``status:``,
  ``project:``, ``topic:``, ``file:`` (``^`` for a regex matched against
  whole paths), ``after:``, ``OR``, ``AND``, juxtaposition, parentheses and
  ``-``/``NOT``; an unknown operator or option is a 400, as Gerrit answers;
- ``GET /config/server/version``;
- ``GET /changes/{change-id}/revisions/{revision-id}/files/{file-id}/content``:
  the file at that revision (``current``, the commit or the patch set
  number), base64-encoded as ``text/plain``, 404 when the revision does not
  have it. ``make_change(contents={path: text})`` gives a revision its files'
  texts; ``patch_set=2`` makes a later patch set (a new revision).

Every request is recorded. On demand (``fail_next``) it answers a 500, a 429
with ``Retry-After``, hangs past the client's timeout, drops the prefix,
truncates the JSON, sends an HTML error page or an HTML login page.
"""

from __future__ import annotations

import base64
import hashlib
import copy
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

PREFIX = ")]}'\n"
KNOWN_OPTIONS = {
    "LABELS", "DETAILED_LABELS", "DETAILED_ACCOUNTS", "CURRENT_REVISION", "CURRENT_FILES",
    "ALL_REVISIONS", "MESSAGES", "SUBMIT_REQUIREMENTS",
}
HTML_ERROR = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
HTML_LOGIN = "<!DOCTYPE html><html><body><form action='/login'>Sign in</form></body></html>"


@dataclass
class Request:
    method: str
    path: str
    params: list[tuple[str, str]]
    authorization: str | None
    user_agent: str | None = None
    time: float = field(default_factory=time.monotonic)

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.params if key == name), None)

    def options(self) -> list[str]:
        return [value for key, value in self.params if key == "o"]


def gerrit_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") + "000"


def make_change(number: int, *, project: str = "openstack/arch-wg", subject: str | None = None,
                status: str = "NEW", topic: str | None = None, files: dict | None = None,
                updated: datetime | None = None, created: datetime | None = None,
                labels: dict | None = None, owner: str = "SpamapS", branch: str = "master",
                contents: dict[str, str] | None = None, patch_set: int = 1, **extra) -> dict:
    """A ChangeInfo as a modern server sends it with every option archwg asks for."""
    updated = updated or datetime(2017, 3, 1, 12, 0, tzinfo=timezone.utc)
    created = created or updated
    revision = f"{number:034x}{patch_set:06x}"
    change = {
        "id": f"{project.replace('/', '%2F')}~{number}",
        "project": project,
        "branch": branch,
        "change_id": f"I{number:040x}",
        "subject": subject or f"Change {number}",
        "status": status,
        "created": gerrit_time(created),
        "updated": gerrit_time(updated),
        "_number": number,
        "owner": {"_account_id": 1000 + len(owner), "name": owner, "username": owner.lower()},
        "labels": labels if labels is not None else {
            "Code-Review": {"all": [], "values": {"-2": "", "-1": "", " 0": "", "+1": "", "+2": ""}},
            "Verified": {"all": [], "values": {"-1": "", " 0": "", "+1": ""}},
            "Workflow": {"all": [], "values": {"-1": "", " 0": "", "+1": ""}},
        },
        "current_revision": revision,
        "revisions": {revision: {"_number": patch_set, "files": files or {}, "_contents": dict(contents or {})}},
    }
    if topic:
        change["topic"] = topic
    change.update(extra)
    return change


# --- the query language ------------------------------------------------------

# As Gerrit's QueryParser.g lexes: in "..." a backslash escapes the next character.
TOKEN = re.compile(r'\s*(\(|\)|-(?=\S)|[A-Za-z_]+:"(?:\\.|[^\\"])*"|"[^"]*"|[^\s()"]+)')


def tokenize(query: str) -> list[str]:
    tokens, position = [], 0
    while position < len(query):
        match = TOKEN.match(query, position)
        if not match or match.end() == position:
            if query[position:].strip():
                raise ValueError(f"cannot parse {query[position:]!r}")
            break
        tokens.append(match.group(1))
        position = match.end()
    return tokens


class QueryError(ValueError):
    pass


def parse_query(query: str):
    """A predicate over ChangeInfo dicts, or QueryError (Gerrit answers 400)."""
    tokens = tokenize(query)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def or_expr():
        left = and_expr()
        while peek() == "OR":
            take()
            right = and_expr()
            left = (lambda a, b: lambda c: a(c) or b(c))(left, right)
        return left

    def and_expr():
        left = unary()
        while peek() not in (None, ")", "OR"):
            if peek() == "AND":
                take()
            right = unary()
            left = (lambda a, b: lambda c: a(c) and b(c))(left, right)
        return left

    def unary():
        token = peek()
        if token in ("-", "NOT"):
            take()
            inner = unary()
            return lambda c: not inner(c)
        if token == "(":
            take()
            inner = or_expr()
            if take() != ")":
                raise QueryError("missing )")
            return inner
        if token is None or token == ")":
            raise QueryError("unexpected end of query")
        return term(take())

    predicate = or_expr()
    if position != len(tokens):
        raise QueryError(f"unexpected {tokens[position]!r}")
    return predicate


def _paths(change: dict) -> set[str]:
    paths = set()
    for revision in change.get("revisions", {}).values():
        for path, info in revision.get("files", {}).items():
            paths.add(path)
            if info.get("old_path"):
                paths.add(info["old_path"])
    return paths


def _time(text: str) -> datetime:
    """after:/before: times as Gerrit documents them: 2006-01-02[ 15:04:05[.890][ -0700]], UTC by default."""
    text = text.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S.%f %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S.%f",
                    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if pattern.count("%f") and len(text.split(".")[1].split()[0]) > 3:
            break  # Gerrit takes milliseconds at most
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise QueryError(f"bad time {text!r}")


def _change_time(change: dict, key: str) -> datetime:
    # ChangeInfo carries nanoseconds; Python's %f takes six digits.
    return datetime.strptime(change[key][:26], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc)


def term(token: str):
    if token.isdigit():
        return lambda c: c["_number"] == int(token)
    operator, colon, value = token.partition(":")
    if not colon:
        raise QueryError(f"unsupported bare word {token!r}")
    if value.startswith('"') and value.endswith('"') and len(value) > 1:
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    elif value.startswith("-"):
        raise QueryError(f"no viable value for {operator}: {value!r} (a bare word cannot start with '-')")
    if operator == "change":
        return lambda c: str(c["_number"]) == value or c.get("change_id") == value
    if operator in ("status", "is") and value in ("open", "pending", "new"):
        return lambda c: c["status"] == "NEW"
    if operator in ("status", "is") and value == "closed":
        return lambda c: c["status"] in ("MERGED", "ABANDONED")
    if operator in ("status", "is") and value in ("merged", "abandoned"):
        return lambda c: c["status"] == value.upper()
    if operator == "project":
        return lambda c: c["project"] == value
    if operator == "topic":
        return lambda c: c.get("topic") == value
    if operator == "file":
        if value.startswith("^"):
            pattern = re.compile(value[1:])
            return lambda c: any(pattern.fullmatch(path) for path in _paths(c))
        return lambda c: any(path == value or value in path.split("/") for path in _paths(c))
    if operator in ("after", "since"):
        when = _time(value)
        return lambda c: _change_time(c, "updated") >= when
    if operator == "before":
        when = _time(value)
        return lambda c: _change_time(c, "updated") <= when
    raise QueryError(f"unsupported operator {operator!r}")


# --- the server ----------------------------------------------------------------


def _sortkey(change: dict) -> str:
    """Gerrit 2.8's sort key: the last update and the change number, in hex (opaque to clients)."""
    updated = datetime.strptime(change["updated"][:19], "%Y-%m-%d %H:%M:%S")
    return f"{int(updated.replace(tzinfo=timezone.utc).timestamp()):08x}{change['_number']:08x}"


@dataclass
class StandinGerrit:
    """The stand-in's state; start() serves it and returns its base URL."""

    changes: dict[int, dict] = field(default_factory=dict)
    version: str = "3.7.2"
    users: dict[str, str] = field(default_factory=dict)  # user -> HTTP password for /a/
    # "digest": Gerrit before 2.14 takes the HTTP password by Digest (RFC 2617, qop=auth) unless
    # auth.gitBasicAuth is set; "basic" since.
    auth_scheme: str = "basic"
    prefix: str = ""  # a path prefix such as Wikimedia's "/r"
    known_options: set[str] = field(default_factory=lambda: set(KNOWN_OPTIONS))
    max_page: int = 500
    # "2.8": each change carries an opaque _sortkey, a query resumes after one with N, and S is
    # no option of its (a 400). "2.9": the sort keys are still sent, but pages go by S (N ignored).
    sortkeys: str | None = None
    paging: bool = True  # False: S and N are ignored, as by a broken proxy (the first page, again and again)
    requests: list[Request] = field(default_factory=list)
    faults: list[tuple[str, int | str] | None] = field(default_factory=list)  # None: answer normally
    hang_seconds: float = 3.0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, *changes: dict) -> None:
        for change in changes:
            self.changes[change["_number"]] = copy.deepcopy(change)

    def fail_next(self, kind: str, count: int = 1, retry_after: int | str = 1, after: int = 0) -> None:
        """Queue *count* faults (500, 429, hang, noprefix, truncated, html, login, 404) after *after* good answers."""
        with self._lock:
            self.faults.extend([None] * after + [(kind, retry_after)] * count)

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def start(self) -> str:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                standin._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- answering

    def _send(self, handler, status: int, body: str, content_type: str = "application/json; charset=UTF-8",
              headers: dict | None = None) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _handle(self, handler) -> None:
        parts = urlsplit(handler.path)
        params = parse_qsl(parts.query, keep_blank_values=True)
        request = Request("GET", parts.path, params, handler.headers.get("Authorization"),
                          handler.headers.get("User-Agent"))
        with self._lock:
            self.requests.append(request)
            fault = self.faults.pop(0) if self.faults else None
        path = parts.path
        if self.prefix:
            if not path.startswith(self.prefix + "/"):
                return self._send(handler, 404, "Not found", "text/plain")
            path = path[len(self.prefix):]
        authenticated = path.startswith("/a/")
        if authenticated:
            path = path[2:]
            if not self._authorized(request.authorization, handler.command, handler.path):
                challenge = ('Digest realm="Gerrit Code Review", qop="auth", nonce="6f1d2c", algorithm=MD5'
                             if self.auth_scheme == "digest" else 'Basic realm="Gerrit Code Review"')
                return self._send(handler, 401, "Unauthorized", "text/plain", {"WWW-Authenticate": challenge})
        if fault:
            kind, retry_after = fault
            if kind == "500":
                return self._send(handler, 500, "Internal server error", "text/plain")
            if kind == "429":
                return self._send(handler, 429, "Too many requests", "text/plain",
                                  {"Retry-After": str(retry_after)})
            if kind == "404":
                return self._send(handler, 404, "Not found", "text/plain")
            if kind == "hang":
                time.sleep(self.hang_seconds)
                try:  # the client gave up long ago
                    return self._send(handler, 500, "too late", "text/plain")
                except OSError:
                    return None
            if kind == "html":
                return self._send(handler, 502, HTML_ERROR, "text/html")
            if kind == "login":
                return self._send(handler, 200, HTML_LOGIN, "text/html")
        status, body = self._answer(path, request)
        if status == 200 and path.endswith("/content"):  # base64, not JSON: no prefix
            return self._send(handler, 200, body, "text/plain; charset=ISO-8859-1")
        text = json.dumps(body) if status == 200 else str(body)
        if status == 200 and fault and fault[0] == "truncated":
            text = text[: max(1, len(text) // 2)]
        if status == 200 and not (fault and fault[0] == "noprefix"):
            text = PREFIX + text
        self._send(handler, status, text, "application/json; charset=UTF-8" if status == 200 else "text/plain")

    def _authorized(self, header: str | None, method: str, uri: str) -> bool:
        if self.auth_scheme == "digest":
            return self._digest_authorized(header, method, uri)
        if not header or not header.startswith("Basic "):
            return False
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return self.users.get(user) == password

    def _digest_authorized(self, header: str | None, method: str, uri: str) -> bool:
        if not header or not header.startswith("Digest "):
            return False
        fields = {key: quoted or bare for key, quoted, bare in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', header)}
        password = self.users.get(fields.get("username", ""))
        if password is None or fields.get("uri") != uri:
            return False

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        secret = md5(f"{fields['username']}:{fields.get('realm', '')}:{password}")
        wanted = md5(f"{secret}:{fields.get('nonce', '')}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:"
                     f"{fields.get('qop', '')}:{md5(f'{method}:{uri}')}")
        return fields.get("response") == wanted

    def _answer(self, path: str, request: Request):
        if path == "/config/server/version":
            return 200, self.version
        content = re.fullmatch(r"/changes/([^/]+)/revisions/([^/]+)/files/([^/]+)/content", path)
        if content:
            return self._content(*(unquote(part) for part in content.groups()))
        if path.rstrip("/") != "/changes":
            return 404, "Not found"
        for option in request.options():
            if option not in self.known_options:
                return 400, f'"{option}" is not a valid value for "-o"'
        query = request.param("q") or "status:open"
        if self.sortkeys == "2.8" and re.search(r"\b(?:after|since|before|until):", query):
            return 400, "Unsupported operator after"  # after:/before: came with 2.9 (a0af7fe)
        try:
            predicate = parse_query(query)
        except ValueError as error:
            return 400, f"Error in operator {error}"
        with self._lock:
            found = [c for c in self.changes.values() if predicate(c)]
        found.sort(key=lambda c: (c["updated"], c["_number"]), reverse=True)
        if self.sortkeys == "2.8":
            if request.param("S") is not None or request.param("start") is not None:
                return 400, '"-S" is not a valid option'
            after = request.param("N")
            start = 0 if after is None else next(
                (index + 1 for index, change in enumerate(found) if _sortkey(change) == after), len(found))
        else:
            start = int(request.param("S") or request.param("start") or 0)
        if not self.paging:
            start = 0
        limit = min(int(request.param("n") or self.max_page), self.max_page)
        page = [self._shape(c, request.options()) for c in found[start:start + limit]]
        if self.sortkeys:
            for shaped, change in zip(page, found[start:start + limit]):
                shaped["_sortkey"] = _sortkey(change)
        if page and start + limit < len(found):
            page[-1]["_more_changes"] = True
        return 200, page

    def _content(self, change_id: str, revision_id: str, path: str):
        """A file at a revision, as Gerrit sends it: the base64 text (text/plain)."""
        with self._lock:
            found = [c for c in self.changes.values()
                     if change_id in (str(c["_number"]), c.get("change_id"), f"{c['project']}~{c['_number']}")]
        if not found:
            return 404, "Not found"
        change = found[0]
        for commit, revision in change.get("revisions", {}).items():
            if revision_id in (commit, str(revision.get("_number"))) or (
                    revision_id == "current" and commit == change.get("current_revision")):
                text = revision.get("_contents", {}).get(path)
                if text is None:
                    return 404, "Not found"
                return 200, base64.b64encode(text.encode("utf-8")).decode("ascii")
        return 404, "Not found"

    def _shape(self, change: dict, options: list[str]) -> dict:
        """What Gerrit sends for *options*: no revisions, files or votes unless asked."""
        shaped = copy.deepcopy(change)
        for revision in shaped.get("revisions", {}).values():
            revision.pop("_contents", None)  # the stand-in's own: Gerrit sends no file contents here
        if "CURRENT_REVISION" not in options and "ALL_REVISIONS" not in options:
            shaped.pop("revisions", None)
            shaped.pop("current_revision", None)
        elif "CURRENT_FILES" not in options:
            for revision in shaped.get("revisions", {}).values():
                revision.pop("files", None)
        if "DETAILED_LABELS" not in options:
            if "LABELS" in options:
                for label in shaped.get("labels", {}).values():
                    label.pop("all", None)
                    label.pop("values", None)
            else:
                shaped.pop("labels", None)
        if "SUBMIT_REQUIREMENTS" not in options:
            shaped.pop("submit_requirements", None)
        if "DETAILED_ACCOUNTS" not in options:
            shaped["owner"] = {"_account_id": shaped["owner"].get("_account_id", 1)}
        return shaped
