"""The ``archwg`` group: version, help, finding the repository, and how errors come out."""

from __future__ import annotations

import os
import json
import subprocess
import sys

import pytest

from archwg import __version__


def test_version(run_cli):
    result = run_cli("--version")

    assert result.exit_code == 0
    assert result.stdout == f"archwg, version {__version__}\n"


def test_help_lists_every_command_without_importing_heavy_libraries():
    # A fresh interpreter: the test process has long since imported everything.
    script = (
        "import sys\n"
        "from archwg.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('git', 'docutils', 'jinja2', 'sphinx', 'rich', 'yaml', 'irc', 'icalendar', 'tomllib', 'tomli')\n"
        "print('imported:', sorted(name for name in sys.modules\n"
        "                         if name in heavy or name.startswith(('archwg.commands.', 'archwg.meetings',\n"
        "                                                              'archwg.specs'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert result.stdout.splitlines()[-1] == "imported: []"
    from archwg.cli import COMMANDS

    commands = result.stdout.split("Commands:\n")[1].splitlines()
    listed = [line.split()[0] for line in commands if line.startswith("  ") and not line.startswith("   ")]
    assert listed == sorted(COMMANDS)
    shown = " ".join(" ".join(commands).split())  # summaries wrap at the terminal's width
    for name, (_, summary) in COMMANDS.items():
        assert f"{name} {summary}" in shown


def test_the_repository_is_found_walking_up_from_a_subdirectory(spec_repo, run_cli):
    created = run_cli("new", "proposal", "Nova Compute API", "--champion", "rockyg", cwd=spec_repo / "specs")
    assert created.exit_code == 0, created.stderr

    nested = spec_repo / "templates"
    result = run_cli("list", "--format", "json", cwd=nested)

    assert result.exit_code == 0, result.stderr
    assert [(spec["slug"], spec["path"]) for spec in json.loads(result.stdout)] == [
        ("nova-compute-api", "specs/nova-compute-api.rst")
    ]


@pytest.mark.parametrize("where", ["group", "command"])
def test_repo_works_before_or_after_the_command_name(spec_repo, run_cli, tmp_path, where):
    run_cli("new", "workstream", "Base Services", "--champion", "thingee", "--repo", str(spec_repo))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    args = (["--repo", str(spec_repo), "show", "base-services", "--format", "json"] if where == "group"
            else ["show", "base-services", "--format", "json", "--repo", str(spec_repo)])

    result = run_cli(*args, cwd=elsewhere)

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["path"] == "workstreams/base-services.rst"


def test_outside_any_repository_the_error_says_where_it_looked(tmp_path, run_cli):
    result = run_cli("list", cwd=tmp_path)

    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {tmp_path.resolve()}: not inside a spec repository "
        "(no specs/ and workstreams/ folders here or above); use --repo\n"
    )


@pytest.mark.parametrize("command", [["list"], ["show", "dlm"], ["accept", "dlm"], ["set-status", "dlm", "active"],
                                     ["new", "proposal", "DLM", "--champion", "x"]])
def test_a_repo_that_is_not_a_spec_repository(tmp_path, run_cli, command):
    result = run_cli(*command, "--repo", str(tmp_path))

    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {tmp_path}: not a spec repository (no specs/ and workstreams/ folders)\n"
    )


@pytest.mark.parametrize("command", [["show", "dlm"], ["accept", "dlm"], ["set-status", "dlm", "completed"]])
def test_an_unknown_slug_is_one_line_and_exit_2(spec_repo, run_cli, command):
    result = run_cli(*command, "--repo", str(spec_repo))

    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: no spec named 'dlm' in {spec_repo} (known: none)\n"
    assert result.stdout == ""


def test_a_spec_repository_that_is_not_a_git_repository(tmp_path, run_cli):
    for folder in ("specs", "workstreams"):
        (tmp_path / folder).mkdir()
    (tmp_path / "specs" / "dlm.rst").write_text(
        "===\nDLM\n===\n\n:Kind: proposal\n:Status: proposed\n:Champion: x\n:Created: 2017-03-09\n"
    )

    result = run_cli("accept", "dlm", "--repo", str(tmp_path))

    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {tmp_path}: not a git repository\n"
    assert (tmp_path / "specs" / "dlm.rst").is_file()


def test_the_installed_entry_point_reports_errors_without_a_traceback(tmp_path):
    """The real console script, not the in-process runner: what a user's shell sees."""
    archwg = [sys.executable, "-c", "from archwg.cli import main; main()"]

    result = subprocess.run([*archwg, "show", "dlm", "--repo", str(tmp_path)], capture_output=True, text=True)

    assert result.returncode == 2
    assert result.stderr == (
        f"archwg: error: {tmp_path}: not a spec repository (no specs/ and workstreams/ folders)\n"
    )


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["list", "--kind", "foo"],
         "archwg: error: Invalid value for '--kind': 'foo' is not one of 'proposal', 'workstream'. "
         "(see 'archwg list --help')\n"),
        (["no-such-command"], "archwg: error: No such command 'no-such-command'. (see 'archwg --help')\n"),
        (["show"], "archwg: error: Missing argument 'SLUG'. (see 'archwg show --help')\n"),
    ],
)
def test_usage_errors_are_one_line_too(run_cli, arguments, message):
    result = run_cli(*arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_shell_completion_as_the_readme_documents_it():
    import os
    import subprocess
    import sys

    script = "from archwg.cli import main; main()"
    source = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, _ARCHWG_COMPLETE="bash_source"))
    assert "_archwg_completion()" in source.stdout
    words = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, _ARCHWG_COMPLETE="bash_complete", COMP_WORDS="archwg in",
                                    COMP_CWORD="1"))
    assert words.stdout.split() == ["plain,init"]


def test_the_archwg_program_hands_over_everything_it_printed_and_its_exit_code(tmp_path):
    """The installed ``archwg`` (``cli.run``) leaves without Python's teardown: what it wrote
    through a pipe, more than the pipe holds, must still all arrive, and its exit code stay."""
    lines = ["12:00:00 <chair> #startmeeting arch_wg"]
    lines += [f"12:{minute // 60:02d}:{minute % 60:02d} <chair> #action chair to write spec number {minute} "
              + "with a long enough text " * 4 for minute in range(1, 3000)]
    lines.append("12:59:59 <chair> #endmeeting")
    log = tmp_path / "arch_wg.2017-02-09-12.00.log.txt"
    log.write_text("\n".join(lines) + "\n")
    archwg = [sys.executable, "-c", "from archwg.cli import run; run()"]
    env = dict(os.environ, ARCHWG_CACHE_DIR=str(tmp_path / "cache"))

    printed = subprocess.run([*archwg, "minutes", str(log), "--format", "json"], capture_output=True, env=env,
                             cwd=tmp_path)
    written = subprocess.run([*archwg, "minutes", str(log), "--format", "json", "-o", str(tmp_path / "out.json")],
                             capture_output=True, env=env, cwd=tmp_path)
    refused = subprocess.run([*archwg, "minutes", str(tmp_path / "no-such.log.txt")], capture_output=True, env=env,
                             cwd=tmp_path)
    # The text minutes go out a line at a time, gathered into pieces of about 64 KB.
    text = subprocess.run([*archwg, "minutes", str(log)], capture_output=True, env=env, cwd=tmp_path)
    subprocess.run([*archwg, "minutes", str(log), "-o", str(tmp_path / "out.txt")], check=True, env=env, cwd=tmp_path)

    assert printed.returncode == 0, printed.stderr
    assert len(printed.stdout) > 4 * 65536
    assert printed.stdout == (tmp_path / "out.json").read_bytes()
    assert len(json.loads(printed.stdout)["actions"]) == 2999
    assert (written.returncode, written.stdout) == (0, b"")
    assert text.returncode == 0 and len(text.stdout) > 4 * 65536
    assert text.stdout == (tmp_path / "out.txt").read_bytes()
    actions = text.stdout.decode().split("Action items\n------------\n")[1].split("\n\n\n\n")[0]
    assert actions.count("* chair to write spec number") == 2999
    assert text.stdout.endswith(b"Generated by archwg in the layout of MeetBot 0.1.4\n")
    assert refused.returncode == 2
    assert refused.stderr.decode().startswith("archwg: error: ") and refused.stderr.count(b"\n") == 1


def test_the_installed_program_is_run():
    from importlib.metadata import entry_points

    (script,) = [point for point in entry_points(group="console_scripts") if point.name == "archwg"]
    assert script.value == "archwg.cli:run"


def test_the_archwg_program_leaves_as_python_does_while_another_thread_runs(tmp_path):
    # A thread (or a process pool) that still works when the command is done is waited for.
    script = (
        "import sys, threading, time\n"
        "from archwg.cli import run\n"
        "done = sys.argv[1]\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), open(done, 'w').write('done'))).start()\n"
        "sys.argv[1:] = ['--version']\n"
        "run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "done")], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"archwg, version {__version__}\n"
    assert (tmp_path / "done").read_text() == "done"


def test_the_archwg_program_started_with_standard_error_closed_keeps_its_exit_code(tmp_path):
    shell = f'"{sys.executable}" -c "from archwg.cli import run; run()" --version 2>&-'
    result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True)

    assert (result.returncode, result.stdout) == (0, f"archwg, version {__version__}\n")
