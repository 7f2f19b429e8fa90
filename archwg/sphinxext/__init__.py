"""``archwg.sphinxext``: specs, review states and action items on the Sphinx spec site.

Each spec page gets a metadata box under its title, built from the spec's own
field list, which it replaces. ``spec-index``, ``review-status`` and
``action-items`` show aggregates of every spec, the Gerrit snapshot and the
meeting logs. Their data lives in a Domain keyed by document (as
sphinx.ext.todo keeps its todos), so parallel reads merge and incremental
builds purge it. The pages are resolved when written, from one status report
(archwg/site/model.py) built once per build after reading; a page that shows
an aggregate is rewritten whenever the data's fingerprint (every spec's
metadata, the snapshot's hash, the meeting logs, the day) changed, so an
incremental build gives what a clean one would.

Review data comes only from the snapshot (a build never touches the
network); meeting data from the repository's logs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from archwg import __version__

logger = logging.getLogger(__name__)

SPEC_FOLDERS = ("specs", "workstreams")
STATIC = Path(__file__).resolve().parent / "static"
CSS_FILE = "archwg.css"


class metabox(nodes.General, nodes.Element):
    """Where a spec's metadata box goes; filled in when the page is written."""


class aggregate(nodes.General, nodes.Element):
    """Where a spec-index, review-status or action-items table goes; filled in when the page is written."""


def _warn(kind: str, message: str, location: Any) -> None:
    logger.warning(message, type="archwg", subtype=kind, location=location)


class ArchwgDomain(Domain):
    """Per-document data: each spec's metadata and the documents that show aggregates."""

    name = "archwg"
    label = "archwg"
    # Bump whenever the shape of the stored data changes: Sphinx then rereads everything.
    data_version = 3
    initial_data: dict[str, Any] = {
        "specs": {},  # docname -> SpecSource
        "aggregates": {},  # docname -> True: the document shows data of every spec
        "fingerprint": None,  # what the written pages were built from (see fingerprints())
    }

    @property
    def specs(self) -> dict:
        return self.data.setdefault("specs", {})

    @property
    def aggregates(self) -> dict:
        return self.data.setdefault("aggregates", {})

    def clear_doc(self, docname: str) -> None:
        self.specs.pop(docname, None)
        self.aggregates.pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for docname in docnames:
            if docname in otherdata.get("specs", {}):
                self.specs[docname] = otherdata["specs"][docname]
            if docname in otherdata.get("aggregates", {}):
                self.aggregates[docname] = otherdata["aggregates"][docname]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def _values(argument: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in re.split(r"[,\s]+", argument or "") if part.strip())


class _AggregateDirective(SphinxDirective):
    has_content = False
    what = ""

    def run(self):
        domain = self.env.get_domain("archwg")
        domain.aggregates[self.env.docname] = True
        node = aggregate()
        node["what"] = self.what
        node["options"] = {key: value for key, value in sorted(self.options.items())}
        node["line"] = self.lineno
        self.set_source_info(node)
        return [node]


class SpecIndex(_AggregateDirective):
    """A table of the specs of some kinds and statuses: status, champion, review state."""

    what = "spec-index"
    option_spec = {"kind": _values, "status": _values}


class ReviewStatus(_AggregateDirective):
    """The review table of a tracked query (``:query:`` title) or of a spec (``:spec:`` slug)."""

    what = "review-status"
    option_spec = {"query": directives.unchanged_required, "spec": directives.unchanged_required}

    def run(self):
        if ("query" in self.options) == ("spec" in self.options):
            raise self.error("review-status needs exactly one of :query: and :spec:")
        return super().run()


class ActionItems(_AggregateDirective):
    """The open action items of the group's meeting series, by person, stuck items flagged."""

    what = "action-items"
    option_spec = {"owner": directives.unchanged_required}


# --- Reading: each spec's metadata --------------------------------------------------------


def is_spec(docname: str) -> bool:
    folder, _, name = docname.partition("/")
    return folder in SPEC_FOLDERS and "/" not in name


def _metadata_list(doctree: nodes.document) -> nodes.field_list | None:
    """The spec's metadata: the first field list right under its title (before any text or section)."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return None
    for child in section.children[1:]:
        if isinstance(child, nodes.field_list):
            return child
        if isinstance(child, (nodes.section, nodes.paragraph)):
            return None
    return None


def collect_spec(app, doctree: nodes.document) -> None:
    """doctree-read: keep a spec's metadata in the domain and put the box where its field list was."""
    from archwg.site.model import SpecSource
    from archwg.specs.history import read_history
    from archwg.specs.model import KIND_OF_FOLDER, STATUSES

    env = app.env
    docname = env.docname
    if not is_spec(docname):
        return
    field_list = _metadata_list(doctree)
    metadata = env.metadata.get(docname, {})
    fields: list[tuple[str, str]] = []
    lines: dict[str, int] = {}
    if field_list is not None:
        for field in field_list.children:
            name = field[0].astext().strip()
            fields.append((name, field[1].astext().strip()))
            lines[name.lower()] = field.line or field_list.line or 1
    else:  # a docinfo field list: Sphinx already moved it into env.metadata
        fields = [(str(key).capitalize(), str(value)) for key, value in metadata.items()
                  if key.lower() in ("kind", "status", "champion", "created", "reviews", "topic")]
    title_node = next(iter(doctree.findall(nodes.title)), None)
    title = title_node.astext() if title_node is not None else docname
    source = env.doc2path(docname)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    folder, _, slug = docname.partition("/")
    problems = []
    values = {name.lower(): value for name, value in fields}
    kind = values.get("kind", "").strip().lower() or KIND_OF_FOLDER.get(folder)
    status = values.get("status", "").strip().lower()
    for required in ("kind", "status", "champion", "created"):
        if not values.get(required, "").strip():
            problems.append(f"missing field :{required.capitalize()}:")
            _warn("bad-metadata", f"spec {slug}: missing field :{required.capitalize()}:",
                  (docname, field_list.line if field_list is not None else 1))
    if kind not in STATUSES:
        problems.append(f"unknown kind {kind!r}")
        _warn("unknown-kind", f"spec {slug}: unknown kind {kind!r}", (docname, lines.get("kind", 1)))
    elif status and status not in STATUSES[kind]:
        problems.append(f"status {status!r} is not a {kind} status")
        _warn("unknown-status", f"spec {slug}: status {status!r} is not a {kind} status "
              f"({', '.join(STATUSES[kind])})", (docname, lines.get("status", 1)))
    env.get_domain("archwg").specs[docname] = SpecSource(
        slug=slug,
        path=f"{docname}.rst",
        title=title,
        fields=tuple(fields),
        history=tuple(read_history(text)),
        problems=tuple(problems),
    )
    box = metabox()
    box["slug"] = slug
    if field_list is not None:
        field_list.replace_self(box)
    elif title_node is not None:
        title_node.parent.insert(title_node.parent.index(title_node) + 1, box)


# --- After reading: one report, and what must be rewritten --------------------------------


def repository_of(app) -> Path:
    configured = app.config.archwg_repository
    if configured:
        return Path(app.confdir, configured).resolve()
    for candidate in (Path(app.confdir).resolve(), *Path(app.confdir).resolve().parents):
        # The conf dir reaches the specs through symlinks: the repository is where they really are.
        if all((candidate / folder).is_dir() and not (candidate / folder).is_symlink() for folder in SPEC_FOLDERS):
            return candidate
    return Path(app.confdir).resolve().parent


def build_time() -> datetime:
    """The day the build describes: SOURCE_DATE_EPOCH (reproducible builds) or today, at midnight UTC.

    A day, not a second: pages show ages in days, and two builds of one day must agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _meeting_files(root: Path) -> list[tuple[str, int, int]]:
    folder = root / "meetings"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return found


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("utf-8")).hexdigest()


def settings_digest(root: Path, environ=os.environ) -> str:
    """What configures the data the pages show: archwg.toml as written and the Gerrit URL from the environment.

    archwg.toml names the snapshot, the labels that decide review states, the
    tracked queries and the meeting series; Sphinx does not watch it.
    """
    from archwg.config import CONFIG_FILE
    from archwg.gerrit.config import URL_VARIABLE
    from archwg.site.reviews import file_digest

    return _digest({"toml": file_digest(root / CONFIG_FILE), "url": environ.get(URL_VARIABLE)})


def fingerprints(specs: dict, snapshot_digest: str | None, meetings: list, now: datetime,
                 settings: str | None = None) -> dict[str, str]:
    """What the written pages were built from, in three parts.

    ``specs``: every spec's metadata, which only the aggregates show.
    ``shared``: what every spec page's box shows too: the snapshot, the meeting
    logs, the day (ages), archwg's version and its settings (settings_digest).
    ``navigation``: which specs there are and their titles, which every page's
    sidebar and previous/next links show.
    """
    return {
        "specs": _digest(sorted((docname, repr(source)) for docname, source in specs.items())),
        "shared": _digest({"snapshot": snapshot_digest, "meetings": meetings, "day": now.date().isoformat(),
                           "version": __version__, "settings": settings}),
        "navigation": _digest(sorted((docname, source.title) for docname, source in specs.items())),
    }


def repository_config(app):
    """The Config of the repository the build reads (its archwg.toml).

    A bad archwg.toml is a typed warning (so ``-W`` fails with one line), not
    a crash: Sphinx prints its crash report for any exception an extension
    raises, ConfigError included. The build then goes on without it.
    """
    from archwg.config import Config, load_config
    from archwg.errors import ArchwgError

    root = repository_of(app)
    try:
        return load_config(root)
    except ArchwgError as error:
        _warn("bad-config", f"{error}: archwg.toml is ignored (no review data, no meeting series)", None)
        return Config(root=root)




def make_report(app, env, config):
    """The status report of this build, from the specs Sphinx read, the snapshot and the logs."""
    from archwg.site.gather import group_name, read_meetings_status, read_series
    from archwg.site.model import build_report
    from archwg.errors import ArchwgError
    from archwg.site.reviews import ReviewInput, read_reviews

    now = build_time()
    specs = list(env.get_domain("archwg").specs.values())
    series = read_series(config)
    meetings = read_meetings_status(config, now, [spec.slug for spec in specs], series=series)
    try:
        reviews = read_reviews(config, now)
    except ArchwgError as error:  # a bad ARCHWG_GERRIT_URL: archwg.toml was read, the server is unknown
        _warn("bad-config", f"{error}: review states are not shown", None)
        reviews = ReviewInput(None, None, None, (str(error),))
    if reviews.damaged:  # not "no snapshot": a -W build that tolerates a missing snapshot must fail here
        _warn("bad-snapshot", f"{reviews.notices[0]}: review states are not shown", None)
    elif reviews.snapshot is None:
        for notice in reviews.notices:
            _warn("no-snapshot", f"{notice}: review states are not shown", None)
    return build_report(specs, reviews, meetings, now, group=group_name(config, series))


def check_updated(app, env) -> list[str]:
    """env-get-updated: the pages built from data that changed since they were written.

    Any spec changed: every aggregate. The snapshot, a meeting log or the
    day changed: every spec page too (its box shows them). A spec added,
    removed or retitled: every page (their navigation names it).
    """
    from archwg.errors import ArchwgError
    from archwg.site.reviews import file_digest, snapshot_path

    domain = env.get_domain("archwg")
    config = repository_config(app)
    root = config.root
    try:
        snapshot = snapshot_path(config)
    except ArchwgError:  # a bad ARCHWG_GERRIT_URL: make_report warns
        snapshot = None
    current = fingerprints(domain.specs, file_digest(snapshot) if snapshot else None, _meeting_files(root),
                           build_time(), settings_digest(root))
    app.archwg_report = make_report(app, env, config)
    previous = domain.data.get("fingerprint") or {}
    domain.data["fingerprint"] = current
    if previous == current:
        return []
    if previous.get("navigation") != current["navigation"]:
        # A spec added, removed or retitled: Sphinx rewrites only the pages it reread, but every
        # page's navigation names the specs, so a clean build would differ on all of them.
        return sorted(env.found_docs)
    if previous.get("shared") != current["shared"]:
        return sorted(set(domain.aggregates) | set(domain.specs))
    return sorted(domain.aggregates)


def check_outdated(app, env, added, changed, removed) -> list[str]:
    """env-get-outdated: a spec added or removed changes every aggregate; reread them with it.

    Rereading is not needed for their content (it is filled in when written)
    but keeps their toctree and titles in step with a clean build.
    """
    if any(is_spec(docname) for docname in (*added, *removed)):
        return sorted(env.get_domain("archwg").aggregates)
    return []


# --- Writing: fill the boxes and tables from the report -----------------------------------


def resolve(app, doctree: nodes.document, docname: str) -> None:
    from archwg.sphinxext import render

    report = getattr(app, "archwg_report", None)
    if report is None:  # a builder that writes without env-get-updated (none known): build it now
        report = app.archwg_report = make_report(app, app.env, repository_config(app))
    for node in list(doctree.findall(metabox)):
        node.replace_self(render.metadata_box(app, report, node["slug"], docname))
    for node in list(doctree.findall(aggregate)):
        node.replace_self(render.aggregate(app, report, node, docname))


def write_report(app, exception) -> None:
    """build-finished: archwg.json (the report, the document of status.json)."""
    if exception is not None or getattr(app, "archwg_report", None) is None:
        return
    from archwg.fileutil import atomic_write
    from archwg.site.model import report_json

    out = Path(app.outdir)
    atomic_write(out / "archwg.json", json.dumps(report_json(app.archwg_report), indent=2, ensure_ascii=False) + "\n")


def copy_stylesheet(app) -> None:
    """builder-inited: the stylesheet is in place before any page is written.

    Sphinx stamps a stylesheet's checksum into the pages when the file is
    already there; copied later, a clean build's pages would differ from an
    incremental build's.
    """
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STATIC / CSS_FILE, static / CSS_FILE)


def setup(app):
    app.add_config_value("archwg_repository", None, "env", types=(str, type(None)))
    app.add_domain(ArchwgDomain)
    app.add_node(metabox)
    app.add_node(aggregate)
    app.add_directive("spec-index", SpecIndex)
    app.add_directive("review-status", ReviewStatus)
    app.add_directive("action-items", ActionItems)
    app.add_css_file(CSS_FILE)
    app.connect("builder-inited", copy_stylesheet)
    app.connect("doctree-read", collect_spec)
    app.connect("env-get-outdated", check_outdated)
    app.connect("env-get-updated", check_updated)
    app.connect("doctree-resolved", resolve)
    app.connect("build-finished", write_report)
    return {
        "version": __version__,
        "env_version": ArchwgDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
