"""The extension's boxes and tables as docutils nodes, from the status report.

Text goes into Text nodes only (never raw HTML), so Sphinx's writers escape it.
"""

from __future__ import annotations

from docutils import nodes

from archwg.site.model import SpecStatus, StatusReport
from archwg.status_model import OpenItem


def _warn(kind: str, message: str, node) -> None:
    from archwg.sphinxext import _warn as warn

    warn(kind, message, node)


def _spec_docname(spec: SpecStatus) -> str:
    return spec.path[:-4] if spec.path.endswith(".rst") else spec.path


def _link_to_doc(app, fromdoc: str, docname: str, text: str) -> nodes.Node:
    try:
        uri = app.builder.get_relative_uri(fromdoc, docname)
    except Exception:  # a builder without pages (e.g. linkcheck): plain text
        return nodes.Text(text)
    return nodes.reference("", text, internal=True, refuri=uri)


def badge(view) -> nodes.Node:
    """A change's state as a coloured badge linking to it (*view*: archwg.report.ChangeStatus)."""
    change = view.change
    classes = ["archwg-badge", f"archwg-state-{view.state}"] + (["archwg-stale"] if view.stale else [])
    text = f"{change.number}: {view.state}" + (" · stale" if view.stale else "")
    if change.url:
        return nodes.reference("", text, refuri=change.url, classes=classes)
    return nodes.inline("", text, classes=classes)


def no_snapshot(report: StatusReport) -> nodes.Node:
    return nodes.paragraph("", report.missing_reviews, classes=["archwg-no-snapshot"])


def _table(headers: list[str], rows: list[list[nodes.Node | str]], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=["archwg-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph("", header))
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            for part in cell if isinstance(cell, list) else [cell]:
                paragraph += nodes.Text(part) if isinstance(part, str) else part
            entry += paragraph
            row += entry
        body += row
    return table


def _badges(report: StatusReport, views) -> list:
    if report.snapshot is None:
        return ["no review data"]
    parts: list = []
    for view in views:
        if parts:
            parts.append(" ")
        parts.append(badge(view))
    return parts or ["none"]


def metadata_box(app, report: StatusReport, slug: str, docname: str) -> nodes.Node:
    spec = report.spec(slug)
    box = nodes.container(classes=["archwg-metadata"])
    if spec is None:
        return box
    fields = nodes.field_list()

    def field(name: str, *value) -> None:
        item = nodes.field()
        item += nodes.field_name("", name)
        body = nodes.field_body()
        paragraph = nodes.paragraph()
        for part in value:
            paragraph += nodes.Text(part) if isinstance(part, str) else part
        body += paragraph
        item += body
        fields.append(item)

    field("Kind", spec.kind or "?")
    field("Status", nodes.inline("", spec.status or "?", classes=["archwg-status", f"archwg-status-{spec.status}"]))
    field("Champion", ", ".join(spec.champions) or "-")
    field("Created", spec.created or "-")
    if spec.topic:
        field("Topic", spec.topic)
    field("Changes", *_badges(report, spec.changes))
    for move in spec.pending:
        field("Pending", f"{move.current or '?'} → {move.target} in ",
              nodes.reference("", str(move.change.number), refuri=move.change.change.url or ""),
              f", {move.change.summary}")
    if spec.open_items:
        items = nodes.bullet_list()
        for item in spec.open_items:
            items += _item(item)
        field("Open items", items)
    if spec.problems:
        field("Problems", nodes.inline("", "; ".join(spec.problems), classes=["archwg-warning"]))
    box += fields
    return box


def _item(item: OpenItem) -> nodes.list_item:
    entry = nodes.list_item(classes=["archwg-item"] + (["archwg-stuck"] if item.stuck else []))
    paragraph = nodes.paragraph()
    if item.stuck:
        paragraph += nodes.inline("", f"stuck · {item.carried_through} meetings", classes=["archwg-stuck-flag"])
        paragraph += nodes.Text(" ")
    paragraph += nodes.Text(item.text)
    since = f" (since {item.since})" if item.since else ""
    paragraph += nodes.inline("", since, classes=["archwg-since"])
    entry += paragraph
    return entry


def aggregate(app, report: StatusReport, node, docname: str) -> nodes.Node:
    what = node["what"]
    options = node["options"]
    if what == "spec-index":
        return spec_index(app, report, options, docname)
    if what == "review-status":
        return review_status(report, options, node)
    return action_items(report, options)


def spec_index(app, report: StatusReport, options: dict, docname: str) -> nodes.Node:
    kinds = options.get("kind") or ()
    statuses = options.get("status") or ()
    rows = []
    for spec in report.specs:
        if kinds and spec.kind not in kinds:
            continue
        if statuses and spec.status not in statuses:
            continue
        rows.append([
            [_link_to_doc(app, docname, _spec_docname(spec), spec.title)],
            [nodes.inline("", spec.status or "?", classes=["archwg-status", f"archwg-status-{spec.status}"])],
            ", ".join(spec.champions) or "-",
            _badges(report, spec.changes),
        ])
    if not rows:
        return nodes.paragraph("", "No spec matches.", classes=["archwg-empty"])
    return _table(["Spec", "Status", "Champion", "Review state"], rows, ["archwg-spec-index"])


def _change_rows(views) -> list:
    return [[[badge(view)], view.change.subject, view.change.owner, view.change.updated.date().isoformat()]
            for view in views]


def review_status(report: StatusReport, options: dict, node) -> nodes.Node:
    if "spec" in options:
        spec = report.spec(options["spec"].strip())
        if spec is None:
            _warn("unknown-spec", f"review-status: no spec named {options['spec']!r}", node)
            return nodes.paragraph("", f"No spec named {options['spec']}.", classes=["archwg-empty"])
        if report.snapshot is None:
            return no_snapshot(report)
        views = spec.changes
    else:
        if report.snapshot is None:
            return no_snapshot(report)
        query = next((query for query in report.queries if query.title == options["query"].strip()), None)
        if query is None:
            _warn("unknown-query", f"review-status: no tracked query titled {options['query']!r}", node)
            return nodes.paragraph("", f"No tracked query titled {options['query']}.", classes=["archwg-empty"])
        views = query.changes
    if not views:
        return nodes.paragraph("", "No changes.", classes=["archwg-empty"])
    return _table(["Change", "Subject", "Owner", "Updated"], _change_rows(views), ["archwg-reviews"])


def action_items(report: StatusReport, options: dict) -> nodes.Node:
    meetings = report.meetings
    container = nodes.container(classes=["archwg-action-items"])
    if meetings is None:
        container += nodes.paragraph("", "No meeting logs.", classes=["archwg-empty"])
        return container
    owner = (options.get("owner") or "").strip().lower()
    for nick, items in meetings.by_person:
        if owner and nick.lower() != owner:
            continue
        container += nodes.paragraph("", "", nodes.strong("", nick), nodes.Text(f" ({len(items)})"),
                                     classes=["archwg-person"])
        listing = nodes.bullet_list()
        for item in items:
            listing += _item(item)
        container += listing
    if len(container) == 0:
        container += nodes.paragraph("", "No open action items.", classes=["archwg-empty"])
    return container
