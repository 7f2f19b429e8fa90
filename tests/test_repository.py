"""The project's own spec repository: its specs pass the lint, say what the group
decided, and build into the Sphinx site.

These read the real files at the top of the project (specs/, workstreams/,
templates/, doc/source/), not copies in tests/data: the point is that what the
group publishes stays valid as it is edited. Nothing here pins a spec's
current status: the group moves its specs on (``archwg accept``), and a
copy of the repository checks that every next step keeps these tests true.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from archwg.specs.history import read_history
from archwg.specs.lint import lint_repository, lint_spec, required_sections
from archwg.specs.model import PROPOSAL, STATUSES, TRANSITIONS, WORKSTREAM, plan_transition
from archwg.specs.parse import parse_spec, read_spec
from archwg.specs.store import find_spec_path, spec_paths

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SPEC_PATHS = spec_paths(PROJECT_ROOT)
SPEC_IDS = [f"{path.parent.name}/{path.name}" for path in SPEC_PATHS]

# What the group's documents say about each spec (seeds 000 and 002, March 2017):
# its kind and status then, which the spec has now or has moved on from.
REQUIRED_SPECS = {
    "base-services": dict(
        title="Base Services", kind="workstream", status="active", champions=("ttx",), reviews=()
    ),
    "dlm": dict(
        title="Distributed Lock Management",
        kind="workstream",
        status="active",
        champions=("harlowja",),
        reviews=(),
    ),
    "nova-compute-api": dict(
        title="Nova Compute API",
        kind="proposal",
        status="proposed",
        champions=("SpamapS",),
        reviews=(435555,),
    ),
    "messaging-patterns": dict(
        title="Messaging Patterns", kind="proposal", status="draft", champions=("harlowja",), reviews=()
    ),
    "true-microservices": dict(
        title="True Microservices", kind="proposal", status="draft", champions=("SpamapS",), reviews=()
    ),
    "error-codes-and-logging": dict(
        title="Error Codes and Logging Improvements",
        kind="proposal",
        status="draft",
        champions=("rocky_g",),
        reviews=(),
    ),
}


def lint(path: Path, text: str | None = None):
    """Problems of one spec, checked against the template of its kind, as ``archwg check`` does."""
    text = path.read_text(encoding="utf-8") if text is None else text
    spec = parse_spec(text, path)
    template = PROJECT_ROOT / "archwg" / "templates" / f"{spec.kind}.rst.j2"
    return lint_spec(spec, text, required_sections(template.read_text(encoding="utf-8")))


# -- the lint --------------------------------------------------------------------------------------


def test_the_repository_holds_the_specs_the_group_keeps():
    assert {path.stem for path in SPEC_PATHS} >= set(REQUIRED_SPECS)


@pytest.mark.parametrize("path", SPEC_PATHS, ids=SPEC_IDS)
def test_every_spec_passes_the_lint(path):
    assert [str(problem) for problem in lint(path)] == []


def test_slugs_are_unique_across_specs_and_workstreams():
    assert lint_repository(SPEC_PATHS, SPEC_PATHS) == []


def test_the_lint_would_notice_a_broken_spec():
    # Guards the test above against a lint that reports nothing at all.
    path = PROJECT_ROOT / "workstreams" / "dlm.rst"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(":Champion: harlowja\n", "").replace("Summary\n=======\n", "Summary \n=======\n", 1)

    messages = [problem.message for problem in lint(path, broken)]

    assert "missing field :Champion:" in messages
    assert "trailing whitespace" in messages


def test_archwg_check_finds_no_problems_in_the_repository(run_cli):
    result = run_cli("--repo", str(PROJECT_ROOT), "check", cwd=PROJECT_ROOT)

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"checked {len(SPEC_PATHS)} specs: no problems\n"


# -- what the specs say ----------------------------------------------------------------------------


def assert_required_spec(root: Path, slug: str) -> None:
    """The spec says what the seeds say, with the status they gave or one the lifecycle reaches from it."""
    expected = REQUIRED_SPECS[slug]

    spec = read_spec(find_spec_path(root, slug))

    assert spec.title == expected["title"]
    assert spec.champions == expected["champions"]
    assert spec.reviews == expected["reviews"]
    assert (spec.kind, spec.status) in reachable(expected["kind"], expected["status"])
    if spec.status != expected["status"]:  # moved on: its History says it was there
        assert expected["status"] in [row.status for row in read_history(spec.path.read_text(encoding="utf-8"))]
    # The group was proposed in June 2016; nothing it keeps is older.
    assert spec.created is not None and spec.created >= date(2016, 6, 1)


def reachable(kind: str, status: str) -> set[tuple[str, str]]:
    """Every (kind, status) the lifecycle reaches from *status*, itself included."""
    found = {(kind, status)}
    todo = [(kind, status)]
    while todo:
        here = todo.pop()
        for target in TRANSITIONS.get(here, ()):
            transition = plan_transition(*here, target)
            step = (transition.target_kind, transition.target_status)
            if step not in found:
                found.add(step)
                todo.append(step)
    return found


def test_reachable_follows_the_lifecycle_across_acceptance():
    assert reachable(PROPOSAL, "proposed") == {
        (PROPOSAL, "proposed"), (PROPOSAL, "rejected"), (PROPOSAL, "withdrawn"),
        (WORKSTREAM, "active"), (WORKSTREAM, "completed"), (WORKSTREAM, "tabled"), (WORKSTREAM, "abandoned"),
    }
    assert reachable(WORKSTREAM, "completed") == {(WORKSTREAM, "completed")}


@pytest.mark.parametrize("slug", sorted(REQUIRED_SPECS))
def test_required_spec_has_its_kind_status_and_champion(slug):
    assert_required_spec(PROJECT_ROOT, slug)


@pytest.mark.parametrize("path", SPEC_PATHS, ids=SPEC_IDS)
def test_history_tells_how_the_spec_got_its_status(path):
    assert_history(path)


def assert_history(path: Path) -> None:
    spec = read_spec(path)
    rows = read_history(path.read_text(encoding="utf-8"))

    assert rows, "no History rows"
    assert rows[0].date == spec.created.isoformat()
    assert rows[-1].status == spec.status
    dates = [date.fromisoformat(row.date) for row in rows]
    assert dates == sorted(dates)
    for before, after in zip(rows, rows[1:]):
        assert after.status in next_statuses(before.status), (before, after)
    assert all(row.note for row in rows)


def next_statuses(status: str) -> set[str]:
    """The statuses a History row may show after *status*, as the lifecycle writes them.

    An accepted proposal's next row reads "active": it is a workstream from then on.
    """
    kind = PROPOSAL if status in STATUSES[PROPOSAL] else WORKSTREAM
    return {
        plan_transition(kind, status, target).target_status for target in TRANSITIONS.get((kind, status), ())
    }


@pytest.fixture
def copy_of_the_repository(tmp_path):
    """specs/, workstreams/, templates/, meetings/ and archwg.toml in a git repository of their own."""
    import git

    root = tmp_path / "wg"
    for folder in ("specs", "workstreams", "meetings"):  # no templates/: the packaged defaults
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    shutil.copy(PROJECT_ROOT / "archwg.toml", root / "archwg.toml")
    repo = git.Repo.init(root)
    repo.git.add("--all")
    repo.index.commit("The group's repository, copied")
    return root


def test_every_next_lifecycle_step_keeps_the_repository_valid(copy_of_the_repository, run_cli):
    """The group accepting nova-compute-api (or any next step) must not break this suite."""
    root = copy_of_the_repository
    moved = []
    for path in spec_paths(root):
        spec = read_spec(path)
        following = TRANSITIONS.get((spec.kind, spec.status), ())
        if following:
            result = run_cli("set-status", spec.slug, following[0], "--reason", "the next step", "--repo", str(root))
            assert result.exit_code == 0, result.stderr
            moved.append(spec.slug)
    assert moved, "no spec of the repository can move on: nothing was checked"

    checked = run_cli("check", "--repo", str(root), cwd=root)
    assert checked.exit_code == 0, checked.output
    for slug in REQUIRED_SPECS:
        assert_required_spec(root, slug)
    for path in spec_paths(root):
        assert_history(path)


def test_history_rows_may_cross_from_proposal_to_workstream_on_acceptance():
    assert next_statuses("proposed") == {"active", "rejected", "withdrawn"}
    assert next_statuses("tabled") == {"active"}
    assert next_statuses("completed") == set()


def test_dlm_workstream_cites_the_openstack_specs_dlm_spec():
    text = (PROJECT_ROOT / "workstreams" / "dlm.rst").read_text(encoding="utf-8")
    # The target URL is split over two lines to stay under 80 columns; docutils joins it.
    assert "openstack-specs/specs/" in text and "chronicles-of-a-dlm.html" in text
    assert read_spec(PROJECT_ROOT / "workstreams" / "dlm.rst").kind == WORKSTREAM


# -- the Sphinx site -------------------------------------------------------------------------------

# A spec that exists only in the copy: the toctrees must pick it up with no edit to the index.
NEW_SPEC_SLUG = "graph-placement"
NEW_SPEC_TITLE = "Graph Placement"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build a copy of doc/source and the specs with a real ``sphinx-build -W``; the HTML folder."""
    root = tmp_path_factory.mktemp("site")
    # symlinks=True keeps doc/source/specs -> ../../specs pointing at the copies.
    shutil.copytree(PROJECT_ROOT / "doc" / "source", root / "doc" / "source", symlinks=True)
    for folder in ("specs", "workstreams"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    proposal = (PROJECT_ROOT / "specs" / "true-microservices.rst").read_text(encoding="utf-8")
    retitled = proposal.replace("True Microservices", NEW_SPEC_TITLE)
    (root / "specs" / f"{NEW_SPEC_SLUG}.rst").write_text(retitled, encoding="utf-8")

    output = root / "build" / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(root / "doc" / "source"), str(output)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return output


def test_sphinx_build_is_clean_and_has_an_index(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Architecture Working Group" in index
    assert "How a spec moves" in index
    assert "How meetings work" in index


@pytest.mark.parametrize("path", SPEC_PATHS, ids=SPEC_IDS)
def test_index_links_every_spec_page(site, path):
    index = (site / "index.html").read_text(encoding="utf-8")
    page = f"{path.parent.name}/{path.stem}.html"

    assert (site / page).is_file()
    link = re.search(rf'<a class="reference internal" href="{re.escape(page)}">(.*?)</a>', index)
    assert link is not None, f"no link to {page} in index.html"
    assert html.escape(read_spec(path).title) in link.group(1)


def test_a_new_spec_appears_in_the_index_without_editing_it(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="specs/{NEW_SPEC_SLUG}.html"' in index
    assert NEW_SPEC_TITLE in index


@pytest.mark.parametrize("path", SPEC_PATHS, ids=SPEC_IDS)
def test_spec_page_shows_its_title_and_metadata(site, path):
    spec = read_spec(path)
    page = (site / path.parent.name / f"{path.stem}.html").read_text(encoding="utf-8")

    assert re.search(rf"<h1>{re.escape(html.escape(spec.title))}<a ", page)
    # A field list that became docinfo would be hidden as page metadata (see doc/source/conf.py).
    fields = {
        name: re.sub(r"<[^>]+>", "", value)  # archwg.sphinxext's box wraps the status in a styled span
        for name, value in re.findall(
            r'<dt class="field-\w+">(\w+)<span class="colon">:</span></dt>\s*<dd class="field-\w+"><p>(.*?)</p>', page)
    }
    assert fields["Kind"] == spec.kind
    assert fields["Status"] == spec.status
    assert fields["Champion"] == ", ".join(spec.champions)
    assert fields["Created"] == spec.created.isoformat()
    assert "<h2>History" in page
