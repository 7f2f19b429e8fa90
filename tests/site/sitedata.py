"""A spec repository with specs, five meetings of the group's series and review data: the site's test data."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from archwg.site.reviews import ReviewInput

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = PROJECT_ROOT / "tests" / "data"
NOW = datetime(2017, 4, 10, 12, 0, tzinfo=timezone.utc)
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(2)>'

XSS_SPEC = f"""\
=========================================================================
Evil {XSS_SCRIPT} {XSS_IMG}
=========================================================================

:Kind: proposal
:Status: draft
:Champion: {XSS_IMG}
:Created: 2017-03-01

Problem description
===================

Text.

History
=======

.. list-table::
   :header-rows: 1

   * - Date
     - Status
     - Note
   * - 2017-03-01
     - draft
     - Proposed {XSS_SCRIPT}
"""

BROKEN_SPEC = """\
=============
Broken Status
=============

:Kind: proposal
:Status: bogus
:Champion: nikhil
:Created: 2017-03-02

Problem description
===================

Text.
"""


def make_repo(root: Path) -> Path:
    for folder in ("specs", "workstreams"):  # no templates/: the packaged defaults
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    (root / "meetings" / "logs" / "arch_wg").mkdir(parents=True)
    shutil.copyfile(PROJECT_ROOT / "meetings" / "arch_wg.yaml", root / "meetings" / "arch_wg.yaml")
    for log in sorted((DATA / "site").glob("arch_wg.*.log.txt")):
        shutil.copyfile(log, root / "meetings" / "logs" / "arch_wg" / log.name)
    (root / "specs" / "xss-spec.rst").write_text(XSS_SPEC)
    (root / "specs" / "broken-status.rst").write_text(BROKEN_SPEC)
    return root


def raw_change(number, subject, owner, updated_days, status="NEW", labels=None, files=(), topic=None,
               project="openstack/arch-wg") -> dict:
    """A ChangeInfo as Gerrit's REST API sends it (o=DETAILED_LABELS, CURRENT_REVISION, CURRENT_FILES)."""
    updated = NOW - timedelta(days=updated_days)
    stamp = "%Y-%m-%d %H:%M:%S.000000000"
    return {
        "_number": number, "project": project, "branch": "master", "subject": subject, "owner": {"name": owner},
        "status": status, "topic": topic, "created": (updated - timedelta(days=30)).strftime(stamp),
        "updated": updated.strftime(stamp), "labels": labels or {}, "current_revision": "abc",
        "revisions": {"abc": {"_number": 1, "files": dict(files)}},
    }


def votes(label: str, *cast: tuple[int, str]) -> dict:
    return {label: {"all": [{"value": value, "name": name} for value, name in cast]}}


def review_data() -> ReviewInput:
    """A snapshot as archwg's Gerrit model reads it, and the [gerrit] table of the group."""
    from archwg.gerrit.config import GerritConfig
    from archwg.gerrit.model import change_from_json
    from archwg.gerrit.snapshot import QueryAnswer, Snapshot

    server = "https://review.example.org"
    raw = [
        # "I did that, but it hasn't been +A'd yet": the move of nova-compute-api to active.
        raw_change(435555, "Accept nova-compute-api", "SpamapS", 21,
                   labels={**votes("Code-Review", (2, "dims"), (1, "harlowja")), **votes("Verified", (1, "Zuul"))},
                   files={"workstreams/nova-compute-api.rst": {"status": "R",
                                                               "old_path": "specs/nova-compute-api.rst"}}),
        raw_change(441203, "DLM: recommend tooz", "harlowja", 3, labels=votes("Code-Review", (-2, "ttx")),
                   topic="arch-wg-dlm"),
        raw_change(440000, f"Fix {XSS_SCRIPT}", XSS_IMG, 2, labels=votes("Code-Review", (-1, XSS_IMG)),
                   files={"specs/xss-spec.rst": {}}),
        raw_change(430000, "Start the DLM workstream", "harlowja", 60, status="MERGED",
                   files={"workstreams/dlm.rst": {}}),
        raw_change(450001, "Cross-project: os-profiler everywhere", "dims", 9,
                   project="openstack/openstack-specs"),
    ]
    snapshot = Snapshot(
        server=server, fetched=NOW - timedelta(hours=2), format_version=1, server_version="3.9.1",
        changes=tuple(change_from_json(change, server) for change in raw),
        queries=(QueryAnswer("Cross-project specs", "status:open project:openstack/openstack-specs", (450001,)),),
    )
    config = GerritConfig(url=server, project="openstack/arch-wg")
    return ReviewInput(config, snapshot, "0" * 64)