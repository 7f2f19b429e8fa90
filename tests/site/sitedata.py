"""A spec repository with specs, five meetings of the group's series and review data: the site's test data."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from archwg.site.reviews import ReviewChange, ReviewData, TrackedQuery

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


def change(number, subject, owner, state, updated_days, status="NEW", labels=(), files=(), topic=None,
           target=None) -> ReviewChange:
    updated = NOW - timedelta(days=updated_days)
    return ReviewChange(
        number=number, project="openstack/arch-wg", subject=subject, owner=owner, status=status, state=state,
        url=f"https://review.example.org/c/openstack/arch-wg/+/{number}", created=updated - timedelta(days=30),
        updated=updated, labels=labels, files=files, topic=topic, target_status=target,
    )


def review_data() -> ReviewData:
    return ReviewData(
        server="https://review.example.org",
        project="openstack/arch-wg",
        fetched=NOW - timedelta(hours=2),
        digest="0" * 64,
        changes=(
            # "I did that, but it hasn't been +A'd yet": the move of nova-compute-api to active.
            change(435555, "Move nova-compute-api to active", "SpamapS", "ready", 21,
                   labels=(("Code-Review", ((2, "dims"), (1, "harlowja"))), ("Verified", ((1, "Zuul"),)),
                           ("Workflow", ())),
                   files=("workstreams/nova-compute-api.rst",), target="active"),
            change(441203, "DLM: recommend tooz", "harlowja", "blocked", 3,
                   labels=(("Code-Review", ((-2, "ttx"),)),), topic="arch-wg-dlm"),
            change(440000, f"Fix {XSS_SCRIPT}", XSS_IMG, "changes-requested", 2,
                   labels=(("Code-Review", ((-1, XSS_IMG),)),), files=("specs/xss-spec.rst",)),
            change(430000, "Start the DLM workstream", "harlowja", "merged", 60, status="MERGED",
                   files=("workstreams/dlm.rst",)),
            change(450001, "Cross-project: os-profiler everywhere", "dims", "needs-review", 9,
                   files=("specs/os-profiler.rst",)),
        ),
        queries=(TrackedQuery("Cross-project specs", "status:open project:openstack/openstack-specs", (450001,)),),
    )

