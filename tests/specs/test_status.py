"""``archwg accept`` and ``archwg set-status``, and the text edits under them."""

from __future__ import annotations

from datetime import date, datetime, timezone

import git
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archwg.errors import InvalidSpec
from archwg.specs.history import HistoryRow, add_missing_sections, append_history_row, read_history, set_field
from archwg.specs.model import FOLDER_OF_KIND, STATUSES, TRANSITIONS
from archwg.specs.parse import parse_spec, read_spec
from archwg.specs.render import new_spec_text
from specdata import without_placeholders, write_out

CREATED = date(2017, 3, 9)


def add_spec(root, kind, status, slug="nova-compute-api", title="Nova Compute API"):
    """Commit a spec of *kind* already at *status*, as if its earlier steps had happened."""
    text = new_spec_text(root, kind, title=title, champions=("rockyg",), created=CREATED)
    path = root / FOLDER_OF_KIND[kind] / f"{slug}.rst"
    path.write_text(without_placeholders(root, set_field(text, "Status", status)))
    repo = git.Repo(root)
    repo.index.add([path.relative_to(root).as_posix()])
    repo.index.commit(f"Add {slug}")
    return path


def snapshot(root):
    """Everything a refused or failed command must leave as it was."""
    repo = git.Repo(root)
    files = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("specs", "workstreams")
        for path in sorted((root / folder).iterdir())
    }
    return repo.head.commit.hexsha, repo.git.status("--porcelain", "--untracked-files=all"), files


# -- happy paths ---------------------------------------------------------------------------------


def test_accept_moves_the_proposal_to_workstreams_in_one_commit(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")
    before = datetime.now(timezone.utc).date()  # archwg's clock is UTC

    result = run_cli("accept", "nova-compute-api", "--reason", "Agreed at the 9 March meeting",
                     "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "nova-compute-api: proposal proposed -> workstream active (workstreams/nova-compute-api.rst), "
        "committed: Accept Nova Compute API: proposed -> active workstream\n"
    )
    assert not (spec_repo / "specs" / "nova-compute-api.rst").exists()
    spec = read_spec(spec_repo / "workstreams" / "nova-compute-api.rst")
    assert (spec.kind, spec.status) == ("workstream", "active")
    assert spec.messages == ()
    history = read_history(spec.path.read_text())
    assert history[0] == HistoryRow("2017-03-09", "draft", "Proposed by rockyg")
    assert history[-1].status == "active" and history[-1].note == "Agreed at the 9 March meeting"
    assert history[-1].date in (before.isoformat(), datetime.now(timezone.utc).date().isoformat())
    # A workstream needs the workstream template's sections: the proposal's stay, the others are added.
    assert [section.title for section in spec.sections if section.level == 1] == [
        "Problem Description", "Background", "Proposed Work",
        "Summary", "Rationale", "Analysis", "Proposal", "Implementation", "History",
    ]
    checked = run_cli("check", "workstreams/nova-compute-api.rst", cwd=spec_repo)
    assert checked.exit_code == 0, checked.stdout

    repo = git.Repo(spec_repo)
    commit = repo.head.commit
    assert commit.message == (
        "Accept Nova Compute API: proposed -> active workstream\n\nAgreed at the 9 March meeting\n"
    )
    # git sees a rename, so the spec's history follows it into workstreams/.
    assert repo.git.show("--name-status", "--format=", "HEAD").split("\t")[0].startswith("R")
    assert repo.git.status("--porcelain") == ""


@pytest.mark.parametrize(
    "kind, status, target",
    [(kind, status, target) for (kind, status), targets in TRANSITIONS.items() for target in targets
     if (kind, target) != ("proposal", "accepted")],
)
def test_every_allowed_step_that_keeps_the_kind(spec_repo, run_cli, kind, status, target):
    path = add_spec(spec_repo, kind, status)

    result = run_cli("set-status", "nova-compute-api", target, "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    spec = read_spec(path)
    assert (spec.kind, spec.status) == (kind, target)
    assert read_history(path.read_text())[-1].note == f"Moved from {status} to {target}"
    headline = git.Repo(spec_repo).head.commit.message.splitlines()[0]
    assert headline.endswith(f" Nova Compute API: {status} -> {target}")


def test_set_status_accepted_is_the_same_as_accept(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")

    result = run_cli("set-status", "nova-compute-api", "accepted", "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert read_spec(spec_repo / "workstreams" / "nova-compute-api.rst").status == "active"
    assert git.Repo(spec_repo).head.commit.message == "Accept Nova Compute API: proposed -> active workstream\n"


def test_the_full_lifecycle_from_new_to_completed(spec_repo, run_cli):
    repo_args = ("--repo", str(spec_repo))
    steps = [
        ("new", "proposal", "Nova Compute API", "--champion", "rockyg"),
        ("set-status", "nova-compute-api", "proposed", "--reason", "Ready for review"),
        ("accept", "nova-compute-api"),
        ("set-status", "nova-compute-api", "tabled", "--reason", "Nobody has time this cycle"),
        ("set-status", "nova-compute-api", "active"),
        ("set-status", "nova-compute-api", "completed", "--reason", "Merged in Gerrit: 435555"),
    ]
    for step in steps:
        result = run_cli(*step, *repo_args)
        assert result.exit_code == 0, (step, result.stderr)
        if step[0] in ("new", "accept"):  # the champion writes the template's examples out
            folder = "specs" if step[0] == "new" else "workstreams"
            write_out(spec_repo, spec_repo / folder / "nova-compute-api.rst")

    text = (spec_repo / "workstreams" / "nova-compute-api.rst").read_text()
    assert [(row.status, row.note) for row in read_history(text)] == [
        ("draft", "Proposed by rockyg"),
        ("proposed", "Ready for review"),
        ("active", "Accepted: now an active workstream"),
        ("tabled", "Nobody has time this cycle"),
        ("active", "Moved from tabled to active"),
        ("completed", "Merged in Gerrit: 435555"),
    ]
    assert parse_spec(text, "x.rst").messages == ()
    log = [line for line in git.Repo(spec_repo).git.log("--format=%s").splitlines() if not line.startswith("Write")]
    assert log[:6] == [
        "Complete Nova Compute API: active -> completed",
        "Resume Nova Compute API: tabled -> active",
        "Table Nova Compute API: active -> tabled",
        "Accept Nova Compute API: proposed -> active workstream",
        "Propose Nova Compute API: draft -> proposed",
        "Propose Nova Compute API",
    ]


# -- refusals ------------------------------------------------------------------------------------

REFUSED = [
    (kind, status, target)
    for kind, statuses in STATUSES.items()
    for status in statuses
    for target in statuses
    if target not in TRANSITIONS.get((kind, status), ())
]


@pytest.mark.parametrize("kind, status, target", REFUSED)
def test_every_step_outside_the_lifecycle_is_refused(spec_repo, run_cli, kind, status, target):
    add_spec(spec_repo, kind, status)
    before = snapshot(spec_repo)

    result = run_cli("set-status", "nova-compute-api", target, "--repo", str(spec_repo))

    allowed = TRANSITIONS.get((kind, status))
    hint = f"allowed from {status}: {', '.join(allowed)}" if allowed else f"{status} is final for a {kind}"
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: cannot move a {kind} from {status} to {target} ({hint})\n"
    assert snapshot(spec_repo) == before


def test_accept_on_a_draft_names_the_allowed_step(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "draft")

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: cannot move a proposal from draft to accepted (allowed from draft: proposed)\n"
    )


@pytest.mark.parametrize(
    "kind, target, statuses",
    [("proposal", "completed", "draft, proposed, accepted, rejected, withdrawn"),
     ("workstream", "done", "active, completed, tabled, abandoned")],
)
def test_a_status_the_kind_does_not_have_is_refused(spec_repo, run_cli, kind, target, statuses):
    add_spec(spec_repo, kind, "active" if kind == "workstream" else "proposed")
    before = snapshot(spec_repo)

    result = run_cli("set-status", "nova-compute-api", target, "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: unknown status {target!r} for a {kind} (statuses: {statuses})\n"
    assert snapshot(spec_repo) == before


def test_an_unknown_slug_names_the_known_ones(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")

    result = run_cli("accept", "nova-compute", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: no spec named 'nova-compute' in {spec_repo} (known: nova-compute-api)\n"
    )


def test_a_spec_whose_status_is_not_in_its_lifecycle_is_refused_with_its_line(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "pending")

    result = run_cli("set-status", "nova-compute-api", "proposed", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: specs/nova-compute-api.rst:6: status 'pending' is not a proposal status "
        "(draft, proposed, accepted, rejected, withdrawn)\n"
    )


def test_a_spec_without_a_kind_is_refused_with_the_title_line(spec_repo, run_cli):
    path = add_spec(spec_repo, "proposal", "proposed")
    path.write_text(path.read_text().replace(":Kind: proposal\n", ""))
    git.Repo(spec_repo).git.commit("-qam", "Lose the kind")

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: specs/nova-compute-api.rst:2: no :Kind: field (proposal or workstream)\n"
    )


def test_a_workstream_sitting_in_specs_is_refused(spec_repo, run_cli):
    path = add_spec(spec_repo, "proposal", "proposed")
    path.write_text(set_field(path.read_text(), "Kind", "workstream"))
    git.Repo(spec_repo).git.commit("-qam", "Mislabel it")

    result = run_cli("set-status", "nova-compute-api", "completed", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: specs/nova-compute-api.rst:5: a workstream must live in workstreams/ (run archwg check)\n"
    )


UNTRACKED_HINT = " ('git stash -u' stashes untracked files too)"


@pytest.mark.parametrize(
    "dirt, shown",
    [
        (lambda root: _append(root / "specs" / "nova-compute-api.rst"),
         "uncommitted changes (specs/nova-compute-api.rst): commit or stash them first"),
        (lambda root: (root / "workstreams" / "stray.rst").write_text("stray\n"),
         "untracked files (workstreams/stray.rst): commit or stash them first" + UNTRACKED_HINT),
        (lambda root: git.Repo(root).index.add([_write(root / "notes.txt")]),
         "uncommitted changes (notes.txt): commit or stash them first"),
    ],
    ids=["modified spec", "untracked spec", "staged file"],
)
def test_a_dirty_work_tree_is_refused(spec_repo, run_cli, dirt, shown):
    add_spec(spec_repo, "proposal", "proposed")
    dirt(spec_repo)
    before = snapshot(spec_repo)

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: the work tree has {shown}\n"
    assert snapshot(spec_repo) == before


def test_accepting_a_workstream_says_it_already_is_one(spec_repo, run_cli):
    """Defect 6: it said "unknown status 'accepted' for a workstream"."""
    add_spec(spec_repo, "workstream", "active")
    before = snapshot(spec_repo)
    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: nova-compute-api is already an active workstream\n"
    assert snapshot(spec_repo) == before


def test_a_dry_run_on_a_dirty_work_tree_runs_and_mentions_it(spec_repo, run_cli):
    """Defect 7: a dry run touches nothing, so a dirty tree does not stop it."""
    add_spec(spec_repo, "proposal", "proposed")
    (spec_repo / "specs" / "stray.rst").write_text("stray\n")
    before = snapshot(spec_repo)
    result = run_cli("accept", "nova-compute-api", "--dry-run", "--repo", str(spec_repo))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, nothing changed; would:\n")
    assert result.stderr == (
        "archwg: warning: dry run on a dirty work tree; the real run will refuse it: the work tree has "
        "untracked files (specs/stray.rst): commit or stash them first" + UNTRACKED_HINT + "\n"
    )
    assert snapshot(spec_repo) == before


def _append(path):
    path.write_text(path.read_text() + "\nAn edit nobody committed.\n")


def _write(path):
    path.write_text("notes\n")
    return path.name


def test_untracked_files_outside_the_spec_folders_do_not_count(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")
    (spec_repo / "notes.txt").write_text("scratch\n")

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert git.Repo(spec_repo).untracked_files == ["notes.txt"]
    assert "notes.txt" not in git.Repo(spec_repo).git.show("--name-only", "--format=", "HEAD")


def test_without_a_git_identity_nothing_changes(spec_repo, run_cli, isolated_git):
    add_spec(spec_repo, "proposal", "proposed")
    isolated_git.write_text("[user]\n\tname = Test Chair\n")
    before = snapshot(spec_repo)

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: no git identity: set user.email (git config --global user.email ...)\n"
    )
    assert snapshot(spec_repo) == before


def test_a_failed_accept_leaves_files_and_history_as_they_were(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")
    hook = spec_repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits during the freeze' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = snapshot(spec_repo)

    result = run_cli("accept", "nova-compute-api", "--reason", "Agreed", "--repo", str(spec_repo))

    assert result.exit_code == 1  # the input was fine: the operation failed
    assert result.stderr == "archwg: error: git commit failed, nothing was changed: no commits during the freeze\n"
    assert snapshot(spec_repo) == before
    assert not (spec_repo / "workstreams" / "nova-compute-api.rst").exists()


def test_a_missing_committer_is_refused_before_anything_changes(spec_repo, run_cli, monkeypatch):
    """GIT_AUTHOR_* give an author, but git also needs a committer: archwg checks both, as git does."""
    add_spec(spec_repo, "proposal", "proposed")
    (spec_repo / ".git" / "config").write_text(
        (spec_repo / ".git" / "config").read_text() + "[user]\n\tuseConfigOnly = true\n"
    )
    git.Repo(spec_repo).git.commit("--allow-empty", "-qm", "Pin the config")  # the config is not tracked
    before = snapshot(spec_repo)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Author Only")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.org")
    monkeypatch.setenv("HOME", str(spec_repo.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(spec_repo.parent / "empty-gitconfig"))
    (spec_repo.parent / "empty-gitconfig").write_text("")

    result = run_cli("accept", "nova-compute-api", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: no git identity: set user.name and user.email (git config --global user.name ...)\n"
    )
    assert snapshot(spec_repo) == before


@pytest.mark.parametrize("command", [("accept",), ("set-status", "--dry-run"), ("show",)])
def test_a_slug_used_in_both_folders_is_refused(spec_repo, run_cli, command):
    add_spec(spec_repo, "proposal", "proposed")
    add_spec(spec_repo, "workstream", "active")
    before = snapshot(spec_repo)

    name, *options = command
    arguments = [name, "nova-compute-api", *(["withdrawn"] if name == "set-status" else []), *options]
    result = run_cli(*arguments, "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: slug 'nova-compute-api' names two specs, specs/nova-compute-api.rst and "
        "workstreams/nova-compute-api.rst: rename one (archwg check reports it too)\n"
    )
    assert snapshot(spec_repo) == before


# -- dry run -------------------------------------------------------------------------------------


def test_dry_run_says_what_accept_would_do_and_changes_nothing(spec_repo, run_cli):
    add_spec(spec_repo, "proposal", "proposed")
    before = snapshot(spec_repo)

    result = run_cli("accept", "nova-compute-api", "--dry-run", "--reason", "Agreed at the meeting",
                     "--repo", str(spec_repo))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "dry run, nothing changed; would:\n"
        "  nova-compute-api: proposal proposed -> workstream active\n"
        "  move specs/nova-compute-api.rst -> workstreams/nova-compute-api.rst (git mv)\n"
        "  set :Status: active, :Kind: workstream\n"
        "  add the workstream template's sections the spec lacks\n"
        "  add History row: active, Agreed at the meeting\n"
        "  commit: Accept Nova Compute API: proposed -> active workstream\n"
    )
    assert snapshot(spec_repo) == before


def test_dry_run_of_a_refused_step_is_refused_too(spec_repo, run_cli):
    add_spec(spec_repo, "workstream", "completed")
    before = snapshot(spec_repo)

    result = run_cli("set-status", "nova-compute-api", "active", "--dry-run", "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: cannot move a workstream from completed to active (completed is final for a workstream)\n"
    )
    assert snapshot(spec_repo) == before


# -- the text edits ------------------------------------------------------------------------------

SPEC = """\
=====
Title
=====

:Kind: proposal
:Status: draft
:Champion: rockyg,
    harlowja
:Created: 2017-03-09

History
=======

.. list-table::
   :header-rows: 1

   * - Date
     - Status
     - Note
   * - 2017-03-09
     - draft
     - Proposed

Appendix
========

Kept as is.
"""


def test_set_field_changes_one_value_and_nothing_else():
    changed = set_field(SPEC, "status", "proposed")

    assert changed == SPEC.replace(":Status: draft", ":Status: proposed")


def test_set_field_replaces_a_wrapped_value_whole():
    changed = set_field(SPEC, "Champion", "rockyg")

    assert ":Champion: rockyg\n:Created: 2017-03-09\n" in changed


def test_set_field_refuses_a_missing_field():
    with pytest.raises(InvalidSpec, match="^no :Topic: field in the metadata$"):
        set_field(SPEC, "Topic", "x")


def test_a_row_goes_at_the_end_of_the_history_table_not_of_the_file():
    changed = append_history_row(SPEC, date(2017, 3, 23), "proposed", "Ready")

    assert changed == SPEC.replace(
        "     - Proposed\n",
        "     - Proposed\n   * - 2017-03-23\n     - proposed\n     - Ready\n",
    )


def test_missing_sections_go_before_history_and_present_ones_are_not_doubled():
    model = (
        "=====\nTitle\n=====\n\n:Kind: workstream\n\nSummary\n=======\n\nSay it.\n\n"
        "Work\n====\n\nSub\n---\n\nItems.\n\nHistory\n=======\n\nModel history.\n"
    )
    text = SPEC.replace("History\n=======\n", "Summary\n=======\n\nOurs.\n\nHistory\n=======\n")

    changed = add_missing_sections(text, model)

    assert changed == text.replace("History\n=======\n", "Work\n====\n\nSub\n---\n\nItems.\n\nHistory\n=======\n")
    assert add_missing_sections(changed, model) == changed


def test_a_spec_without_history_gets_the_section():
    text = "=====\nTitle\n=====\n\n:Kind: proposal\n\nBody\n====\n\nText.\n"

    changed = append_history_row(text, date(2017, 3, 23), "proposed", "Ready")

    assert changed.startswith(text + "\nHistory\n=======\n\n.. list-table::\n")
    assert read_history(changed) == [HistoryRow("2017-03-23", "proposed", "Ready")]
    assert parse_spec(changed, "x.rst").messages == ()


def test_a_history_section_without_a_table_is_refused():
    text = "=====\nTitle\n=====\n\nHistory\n=======\n\nWritten by hand.\n"

    with pytest.raises(InvalidSpec, match="^the History section has no list-table to add a row to$"):
        append_history_row(text, date(2017, 3, 23), "proposed", "Ready")


def test_a_long_note_wraps_inside_its_cell():
    note = "Agreed at the meeting of 9 March 2017 after the review " * 3
    changed = append_history_row(SPEC, date(2017, 3, 23), "proposed", note)

    assert all(len(line) < 80 for line in changed.splitlines())
    assert read_history(changed)[-1].note == " ".join(note.split())


def _history_cells(text):
    """The History table's last row as docutils renders it: what a reader of the site sees."""
    import io

    from docutils import nodes
    from docutils.core import publish_doctree

    from archwg.specs.parse import _SETTINGS  # the same quiet settings the project reads specs with

    doctree = publish_doctree(text, settings_overrides=dict(_SETTINGS, warning_stream=io.StringIO()))
    table = list(doctree.findall(nodes.table))[-1]
    last_row = list(table.findall(nodes.row))[-1]
    return [entry.astext().replace("\n", " ") for entry in last_row.findall(nodes.entry)]


@pytest.mark.parametrize(
    "note",
    [
        "See *the etherpad",
        "A. Einstein agreed",
        "#. numbered",
        "- not a list",
        ".. not a comment",
        ":Field: not a field",
        "ends with a colon::",
        "link_ and _target and |sub| and `role`",
        "back\\slash",
        "word " * 14 + "=" * 20,
        "/",
        "word " * 14 + "~",
    ],
)
def test_notes_are_plain_text_whatever_they_hold(note):
    changed = append_history_row(SPEC, date(2017, 3, 23), "proposed", note)

    assert parse_spec(changed, "x.rst").messages == ()
    assert _history_cells(changed) == ["2017-03-23", "proposed", " ".join(note.split())]
    assert read_history(changed)[-1].note == " ".join(note.split())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1),
    # Mostly reST's markup characters: where escaping goes wrong if it does.
    st.text(alphabet=st.sampled_from(list("*`|_\\:.-=#[]()<>!~^\"' 0123456789aAiIvx,;")), min_size=1, max_size=120),
))
def test_any_note_reads_back_as_written(note):
    assume(note.split())
    changed = append_history_row(SPEC, date(2017, 3, 23), "proposed", note)

    assert parse_spec(changed, "x.rst").messages == ()
    assert _history_cells(changed)[2] == " ".join(note.split())
    assert read_history(changed)[-1].note == " ".join(note.split())


def test_a_spec_repository_in_a_sub_folder_of_the_git_repository(tmp_path, run_cli):
    """A project may keep its specs under doc/ or similar: git paths are then relative to the git root."""
    import shutil
    from pathlib import Path

    outer = tmp_path / "project"
    root = outer / "architecture"
    shutil.copytree(Path(__file__).resolve().parents[2] / "archwg" / "templates", root / "templates")
    for folder in ("specs", "workstreams"):
        (root / folder).mkdir()
        (root / folder / ".gitkeep").write_text("")
    repo = git.Repo.init(outer)
    repo.git.add("--all")
    repo.index.commit("Start")

    steps = [("new", "proposal", "DLM", "--champion", "harlowja"), ("set-status", "dlm", "proposed"), ("accept", "dlm")]
    for step in steps:
        result = run_cli(*step, cwd=root / "specs")
        assert result.exit_code == 0, (step, result.stderr)
        if step[0] == "new":
            write_out(root, root / "specs" / "dlm.rst")

    assert repo.git.show("--name-status", "--format=", "HEAD").split("\t")[1:] == [
        "architecture/specs/dlm.rst",
        "architecture/workstreams/dlm.rst",
    ]
    assert repo.git.status("--porcelain") == ""
    write_out(root, root / "workstreams" / "dlm.rst")
    (root / "specs" / "stray.rst").write_text("stray\n")
    refused = run_cli("set-status", "dlm", "completed", cwd=root)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "archwg: error: the work tree has untracked files (architecture/specs/stray.rst): "
        "commit or stash them first" + UNTRACKED_HINT + "\n"
    )


@pytest.mark.parametrize("command", [
    ("set-status", "nova-compute-api", "withdrawn"),
    ("accept", "nova-compute-api"),
    ("new", "proposal", "Service Catalog", "--champion", "ttx"),
])
def test_a_dry_run_without_a_git_identity_warns_instead_of_refusing(spec_repo, run_cli, isolated_git, command):
    """A dry run commits nothing, so a missing identity is only mentioned, as a dirty tree is."""
    add_spec(spec_repo, "proposal", "proposed")
    isolated_git.write_text("")
    before = snapshot(spec_repo)

    result = run_cli(*command, "--dry-run", "--repo", str(spec_repo))

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry run, nothing changed; would:")
    assert ("archwg: warning: dry run without a git identity; the real run will refuse it: no git identity: "
            "set user.name and user.email (git config --global user.name ...)") in result.stderr.splitlines()
    assert snapshot(spec_repo) == before
    assert run_cli(*command, "--repo", str(spec_repo)).exit_code == 2  # the real run still refuses


def test_set_status_refuses_a_step_the_lint_would_then_fail(spec_repo, run_cli):
    """set-status committed a spec moved to proposed with the template's example text still in it,
    which archwg check (and so the pre-commit hook) then failed."""
    assert run_cli("new", "proposal", "Nova Compute API", "--champion", "rockyg", "--repo", str(spec_repo)).exit_code == 0
    before = snapshot(spec_repo)
    text = (spec_repo / "specs" / "nova-compute-api.rst").read_text()
    first = text.splitlines().index("What needs architectural design work? Name the projects involved and the") + 1

    for dry_run in ((), ("--dry-run",)):
        result = run_cli("set-status", "nova-compute-api", "proposed", *dry_run, "--repo", str(spec_repo))
        assert result.exit_code == 1  # as archwg check exits on problems
        assert result.stderr == (
            "archwg: error: specs/nova-compute-api.rst would fail archwg check as proposed: 3 problems, "
            f"the first at line {first}: template placeholder text left in: "
            "'What needs architectural design work? Name the...'; nothing changed\n")
        assert snapshot(spec_repo) == before

    write_out(spec_repo, spec_repo / "specs" / "nova-compute-api.rst")
    moved = run_cli("set-status", "nova-compute-api", "proposed", "--repo", str(spec_repo))
    assert moved.exit_code == 0, moved.stderr
    assert run_cli("check", "--repo", str(spec_repo)).exit_code == 0
