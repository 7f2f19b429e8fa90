"""``archwg check`` end to end: real spec repositories, exact output, exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def render(root: Path, kind: str, title: str, champion: str = "rockyg", status: str | None = None) -> str:
    from archwg.specs.render import render_spec

    status = status or {"proposal": "draft", "workstream": "active"}[kind]
    return render_spec((root / "templates" / f"{kind}.rst.j2").read_text(), title=title, champions=(champion,),
                       created=date(2017, 3, 9), status=status)


@pytest.fixture
def repo_with_specs(spec_repo):
    """The spec repository with one clean proposal and one clean workstream."""
    (spec_repo / "specs" / "messaging-patterns.rst").write_text(render(spec_repo, "proposal", "Messaging Patterns"))
    (spec_repo / "workstreams" / "dlm.rst").write_text(render(spec_repo, "workstream", "Distributed Locks"))
    return spec_repo


def test_a_clean_repository_exits_0_with_a_summary(repo_with_specs, run_cli):
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "checked 2 specs: no problems\n"


def test_problems_are_listed_by_path_then_line_and_exit_1(repo_with_specs, run_cli):
    proposal = repo_with_specs / "specs" / "messaging-patterns.rst"
    proposal.write_text(proposal.read_text().replace("Background\n", "Background  \n").replace("2017-03-09", "soon", 1))
    workstream = repo_with_specs / "workstreams" / "dlm.rst"
    # docutils reads a 3-character underline as plain text, so the section is also missing.
    workstream.write_text(workstream.read_text().replace("Rationale\n=========\n", "Rationale\n===\n"))

    result = run_cli("check", cwd=repo_with_specs)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "specs/messaging-patterns.rst:8: created 'soon' is not an ISO date (YYYY-MM-DD)",
        "specs/messaging-patterns.rst:20: trailing whitespace",
        "workstreams/dlm.rst:16: underline of 'Rationale' is 3 characters; make it 9, as long as the title",
        "workstreams/dlm.rst:20: missing section 'Rationale'",
    ]
    assert result.stderr == "checked 2 specs: 4 problems\n"


def test_json_is_a_list_of_path_line_message(repo_with_specs, run_cli):
    workstream = repo_with_specs / "workstreams" / "dlm.rst"
    workstream.write_text(workstream.read_text().replace(":Status: active", ":Status: proposed"))

    result = run_cli("check", "--format", "json", cwd=repo_with_specs)

    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "workstreams/dlm.rst",
            "line": 6,
            "message": "status 'proposed' is not a workstream status (active, completed, tabled, abandoned)",
        }
    ]
    assert result.stderr == ""


def test_json_of_a_clean_repository_is_an_empty_list(repo_with_specs, run_cli):
    result = run_cli("check", "--format", "json", cwd=repo_with_specs)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_only_the_named_files_are_checked(repo_with_specs, run_cli):
    (repo_with_specs / "specs" / "messaging-patterns.rst").write_text("not a spec\n")
    result = run_cli("check", "workstreams/dlm.rst", "./workstreams/dlm.rst", cwd=repo_with_specs)
    assert result.exit_code == 0
    assert result.stderr == "checked 1 spec: no problems\n"


def test_a_slug_used_in_both_folders_is_reported_on_both(repo_with_specs, run_cli):
    (repo_with_specs / "specs" / "dlm.rst").write_text(render(repo_with_specs, "proposal", "Distributed Locks"))
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "specs/dlm.rst:1: slug 'dlm' is also used by workstreams/dlm.rst",
        "workstreams/dlm.rst:1: slug 'dlm' is also used by specs/dlm.rst",
    ]


def test_a_named_file_clashing_with_an_unnamed_one_is_reported(repo_with_specs, run_cli):
    # pre-commit names only the changed files; the clash is with a file it did not name.
    (repo_with_specs / "specs" / "dlm.rst").write_text(render(repo_with_specs, "proposal", "Distributed Locks"))
    result = run_cli("check", "specs/dlm.rst", cwd=repo_with_specs)
    assert result.exit_code == 1
    assert result.stdout == "specs/dlm.rst:1: slug 'dlm' is also used by workstreams/dlm.rst\n"


def test_paths_are_shown_relative_to_the_working_directory(repo_with_specs, run_cli):
    proposal = repo_with_specs / "specs" / "messaging-patterns.rst"
    proposal.write_text(proposal.read_text().replace(":Champion: rockyg", ":Champion: Rocky Grober"))

    inside = run_cli("check", cwd=repo_with_specs / "specs")
    assert inside.exit_code == 1
    assert inside.stdout == "messaging-patterns.rst:7: champion 'Rocky Grober' is not an IRC nick\n"

    outside = run_cli("--repo", str(repo_with_specs), "check", cwd=repo_with_specs.parent.parent)
    assert outside.stdout == f"{repo_with_specs.parent.name}/wg/specs/messaging-patterns.rst:7: champion 'Rocky Grober' is not an IRC nick\n"


def test_paths_outside_the_working_directory_are_absolute(repo_with_specs, run_cli, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    proposal = repo_with_specs / "specs" / "messaging-patterns.rst"
    proposal.write_text(proposal.read_text() + "\nTrailing \n")
    result = run_cli("check", str(proposal), cwd=elsewhere)
    assert result.exit_code == 1
    assert result.stdout == f"{proposal.resolve()}:45: trailing whitespace\n"


def test_a_missing_path_exits_2(repo_with_specs, run_cli):
    result = run_cli("check", "specs/nope.rst", cwd=repo_with_specs)
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: specs/nope.rst: no such file\n"


@pytest.mark.parametrize("name", ["templates/proposal.rst.j2", "specs"])
def test_a_path_that_is_not_a_rst_file_exits_2(repo_with_specs, run_cli, name):
    result = run_cli("check", "workstreams/dlm.rst", name, cwd=repo_with_specs)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {name}: not a .rst file\n"
    assert result.stdout == ""


def test_a_missing_template_exits_2(repo_with_specs, run_cli):
    (repo_with_specs / "templates" / "workstream.rst.j2").unlink()
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 2
    template = repo_with_specs / "templates" / "workstream.rst.j2"
    assert result.stderr == (
        f"archwg: error: {template}: no such template; check reads the sections a workstream needs from it\n"
    )


def test_a_template_that_does_not_render_exits_2(repo_with_specs, run_cli):
    template = repo_with_specs / "templates" / "proposal.rst.j2"
    template.write_text("Title\n{% if %}\n")
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {template}: cannot render the template "
        "(line 2: Expected an expression, got 'end of statement block')\n"
    )


def test_the_repository_template_decides_the_required_sections(repo_with_specs, run_cli):
    template = repo_with_specs / "templates" / "proposal.rst.j2"
    template.write_text(template.read_text().replace("History\n=======\n", "Risks\n=====\n\nNone.\n\nHistory\n=======\n"))
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    assert result.stdout == "specs/messaging-patterns.rst:32: missing section 'Risks'\n"


def test_a_file_outside_any_repository_exits_2(tmp_path, run_cli):
    stray = tmp_path / "stray.rst"
    stray.write_text("Title\n=====\n")
    result = run_cli("check", str(stray), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {stray.resolve()}: not in a spec repository, "
        "so there are no templates to check it against; use --repo\n"
    )


def test_outside_a_repository_with_no_paths_exits_2(tmp_path, run_cli):
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: ")
    assert "not inside a spec repository" in result.stderr


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(repo_with_specs, run_cli):
    proposal = repo_with_specs / "specs" / "messaging-patterns.rst"
    proposal.write_bytes(proposal.read_bytes().replace(b"rockyg", b"rocky\xe9", 1))
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    assert result.stdout == "specs/messaging-patterns.rst:7: not UTF-8 text (byte 0xe9)\n"


def test_crlf_line_ends_are_seen(repo_with_specs, run_cli):
    proposal = repo_with_specs / "specs" / "messaging-patterns.rst"
    proposal.write_bytes(proposal.read_bytes().replace(b"\n", b"\r\n"))
    result = run_cli("check", cwd=repo_with_specs)
    assert result.stdout == "specs/messaging-patterns.rst:1: carriage return (CR) line end; use LF only (43 lines)\n"


def test_check_changes_nothing_in_the_repository(repo_with_specs, run_cli):
    import git

    repo = git.Repo(repo_with_specs)
    repo.index.add(["specs/messaging-patterns.rst", "workstreams/dlm.rst"])
    repo.index.commit("Add two specs")
    (repo_with_specs / "workstreams" / "dlm.rst").write_text("Broken\n")
    before = repo.git.status("--porcelain", "--untracked-files=all")

    assert run_cli("check", cwd=repo_with_specs).exit_code == 1
    assert repo.git.status("--porcelain", "--untracked-files=all") == before == " M workstreams/dlm.rst"


def test_the_pre_commit_hook_runs_check_on_spec_files():
    import yaml

    hooks = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "archwg-check"
    assert hook["entry"] == "archwg check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("specs/messaging-patterns.rst")
    assert files.search("workstreams/dlm.rst")
    assert not files.search("doc/source/index.rst")
    assert not files.search("specs/notes.txt")


def test_checking_in_several_processes_finds_the_same_problems(repo_with_specs):
    from archwg.specs.check import check_files
    from archwg.specs.store import spec_paths

    for number in range(6):
        text = render(repo_with_specs, "workstream", f"Workstream {number}")
        if number % 2:
            text = text.replace("Summary\n=======\n", "Summary\n========\n")
        (repo_with_specs / "workstreams" / f"workstream-{number}.rst").write_text(text)
    files = spec_paths(repo_with_specs)

    in_process = check_files(repo_with_specs, files, repo_with_specs, workers=1)
    in_pool = check_files(repo_with_specs, files, repo_with_specs, workers=2)

    assert [str(problem) for problem in in_pool] == [
        f"workstreams/workstream-{number}.rst:11: underline of 'Summary' is 8 characters; make it 7, as long as the title"
        for number in (1, 3, 5)
    ]
    assert in_pool == in_process


def test_a_spec_outside_the_spec_folders_is_reported(repo_with_specs, run_cli):
    text = (repo_with_specs / "specs" / "messaging-patterns.rst").read_text()
    (repo_with_specs / "other").mkdir()
    (repo_with_specs / "other" / "stray.rst").write_text(text)
    (repo_with_specs / "specs" / "sub").mkdir()
    (repo_with_specs / "specs" / "sub" / "nested.rst").write_text(text)

    result = run_cli("check", "other/stray.rst", "specs/sub/nested.rst", cwd=repo_with_specs)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "other/stray.rst:1: not a spec of wg: specs live directly in specs/ or workstreams/",
        "specs/sub/nested.rst:1: not a spec of wg: specs live directly in specs/ or workstreams/",
    ]


def test_a_history_section_without_a_list_table_is_reported(repo_with_specs, run_cli):
    """Defect 2: check passed it, and set-status then could not add its row."""
    spec = repo_with_specs / "specs" / "messaging-patterns.rst"
    text = spec.read_text()
    spec.write_text(text[: text.index(".. list-table::")] + "Proposed on 2017-03-09.\n")
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    line = text.splitlines().index("History") + 1
    assert result.stdout == (
        f"specs/messaging-patterns.rst:{line}: the History section has no list-table: set-status cannot add its rows\n"
    )


def test_placeholder_text_left_in_a_proposed_spec_is_reported(repo_with_specs, run_cli):
    """Defect 2: check passed untouched template text; each placeholder paragraph left in is reported."""
    spec = repo_with_specs / "specs" / "messaging-patterns.rst"
    text = spec.read_text().replace(":Status: draft", ":Status: proposed")
    text = text.replace("Why does it need the working group rather than one project? Link the\n"
                        "mailing-list threads, meeting logs, specs and reviews that led here.",
                        "Every project uses oslo.messaging its own way.")
    spec.write_text(text)
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    lines = text.splitlines()
    problem = lines.index("What needs architectural design work? Name the projects involved and the") + 1
    work = lines.index("What would the group do: the analysis to write, the people to talk to, and") + 1
    assert result.stdout == (
        f"specs/messaging-patterns.rst:{problem}: template placeholder text left in: "
        "'What needs architectural design work? Name the...'\n"
        f"specs/messaging-patterns.rst:{work}: template placeholder text left in: "
        "'What would the group do: the analysis to write,...'\n"
    )
    spec.write_text(text.replace(":Status: proposed", ":Status: draft"))  # a draft is still being written
    assert run_cli("check", cwd=repo_with_specs).exit_code == 0


def test_a_proposal_placeholder_carried_into_a_workstream_by_accept_is_reported(repo_with_specs, run_cli):
    """accept moves a proposal's text unchanged, so a completed workstream can still hold the proposal
    template's examples; check reported only the workstream template's."""
    spec = repo_with_specs / "workstreams" / "dlm.rst"
    text = spec.read_text().replace(":Status: active", ":Status: completed")
    text = text.replace("Rationale\n=========\n", "Rationale\n=========\n\n"
                        "What needs architectural design work? Name the projects involved and the\n"
                        "symptoms users, operators or developers see today.\n")
    spec.write_text(text)
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    line = text.splitlines().index("What needs architectural design work? Name the projects involved and the") + 1
    assert (f"workstreams/dlm.rst:{line}: template placeholder text left in: "
            "'What needs architectural design work? Name the...'") in result.stdout.splitlines()


def test_a_repository_without_templates_uses_the_packaged_ones(repo_with_specs, run_cli):
    """Before, check exited 2 "no such template" there, so the pre-commit hook failed in any other repository."""
    import shutil

    import git

    shutil.rmtree(repo_with_specs / "templates")
    git.Repo(repo_with_specs).git.add("--all")
    git.Repo(repo_with_specs).git.commit("-qm", "Use the packaged templates")
    assert run_cli("check", cwd=repo_with_specs).exit_code == 0
    created = run_cli("new", "proposal", "Service Catalog", "--champion", "ttx", cwd=repo_with_specs)
    assert created.exit_code == 0, created.output
    assert "Problem Description\n===================" in (repo_with_specs / "specs" / "service-catalog.rst").read_text()
    spec = repo_with_specs / "workstreams" / "dlm.rst"
    spec.write_text(spec.read_text().replace("Rationale\n=========\n", ""))
    result = run_cli("check", cwd=repo_with_specs)
    assert result.exit_code == 1
    assert "missing section 'Rationale'" in result.stdout
