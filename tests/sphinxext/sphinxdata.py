"""A spec repository whose doc/source uses archwg.sphinxext, and real sphinx-build runs of it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS / "site"))  # the site tests' repository maker

PROJECT_ROOT = TESTS.parent
EPOCH = "1491825600"  # 2017-04-10 12:00 UTC: the day every build describes

ORPHAN = """\
:orphan:

========
Overview
========

No toctree includes this page.

.. spec-index::
   :status: draft

.. review-status::
   :spec: nova-compute-api

.. review-status::
   :query: Cross-project specs

.. action-items::
   :owner: nikhil
"""

TOML = """\
[gerrit]
url = "https://review.example.org"
project = "openstack/arch-wg"
snapshot = ".archwg/gerrit.json"

[[gerrit.queries]]
title = "Cross-project specs"
query = "status:open project:openstack/openstack-specs"
"""


def raw_change(number, subject, owner, files=(), labels=None, status="NEW", updated="2017-03-20 10:00:00.000000000",
               project="openstack/arch-wg"):
    return {
        "_number": number, "project": project, "branch": "master", "subject": subject, "owner": {"name": owner},
        "status": status, "created": "2017-03-01 10:00:00.000000000", "updated": updated,
        "labels": labels or {}, "current_revision": "abc",
        "revisions": {"abc": {"_number": 1, "files": {path: {} for path in files}}},
    }


def write_snapshot(root: Path, changes: list[dict], queries=()) -> None:
    path = root / ".archwg" / "gerrit.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({
        "format_version": 1, "server": "https://review.example.org", "server_version": "3.9.1",
        "fetched": "2017-04-10T10:00:00+00:00", "changes": changes, "queries": list(queries),
    }))


def make_doc_repo(root: Path, extra_specs: int = 0) -> Path:
    from sitedata import make_repo

    make_repo(root)
    source = root / "doc" / "source"
    source.mkdir(parents=True)
    shutil.copyfile(PROJECT_ROOT / "doc" / "source" / "conf.py", source / "conf.py")
    shutil.copyfile(PROJECT_ROOT / "doc" / "source" / "index.rst", source / "index.rst")
    (source / "specs").symlink_to("../../specs")
    (source / "workstreams").symlink_to("../../workstreams")
    (source / "overview.rst").write_text(ORPHAN)
    (root / "archwg.toml").write_text(TOML)
    template = (root / "specs" / "messaging-patterns.rst").read_text()
    for number in range(extra_specs):
        title = f"Generated Spec {number:03d}"
        text = template.replace("Messaging Patterns", title).replace("==================", "=" * len(title))
        (root / "specs" / f"generated-spec-{number:03d}.rst").write_text(text)
    return root


def sphinx_build(root: Path, out: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    # NO_COLOR: Sphinx colours its output when CI=true is set (as CI services do),
    # and the tests read that output.
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *args, str(root / "doc" / "source"), str(out)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"sphinx-build failed:\n{result.stdout}\n{result.stderr}")
    return result


def pages(out: Path) -> dict[str, str]:
    """Every written page and archwg.json: what a clean and an incremental build must agree on."""
    found = {}
    for path in sorted(out.rglob("*.html")):
        relative = path.relative_to(out).as_posix()
        if relative in ("genindex.html", "search.html"):
            continue
        found[relative] = path.read_text(encoding="utf-8")
    found["archwg.json"] = (out / "archwg.json").read_text(encoding="utf-8")
    return found

