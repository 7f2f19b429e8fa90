"""``archwg bot`` on the command line: what it prints without connecting, and its one-line errors."""

import subprocess
import sys


def test_show_ping_list(bot_repo, run_cli, monkeypatch):
    monkeypatch.chdir(bot_repo)
    result = run_cli("bot", "--show-ping-list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("courtesy ping for the meeting of ")
    assert lines[1] == "Architecture WG courtesy ping for nikhil, harlowja, rockyg, dstanek"


def test_show_ping_list_follows_the_state_file(bot_repo, run_cli):
    from archwg.bot.pinglist import PingState, save_state

    save_state(bot_repo / ".archwg" / "bot-state.json", "arch_wg", PingState(added=("cdent",), removed=("nikhil",)))
    result = run_cli("--repo", str(bot_repo), "bot", "--show-ping-list")
    assert result.stdout.splitlines()[1] == "Architecture WG courtesy ping for harlowja, rockyg, dstanek, cdent"


def test_a_bad_bot_table_is_one_line(bot_repo, run_cli):
    (bot_repo / "archwg.toml").write_text("[bot]\nport = 'six'\n")
    result = run_cli("--repo", str(bot_repo), "bot", "--show-ping-list")
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: archwg.toml: bot.port: must be an integer\n"


def test_bad_options_are_one_line(bot_repo, run_cli):
    result = run_cli("--repo", str(bot_repo), "bot", "--commit", "--no-record", "--show-ping-list")
    assert (result.exit_code, result.stderr) == (2, "archwg: error: --commit needs --record: there is no log to commit\n")
    result = run_cli("--repo", str(bot_repo), "bot", "--server", "host:port", "--show-ping-list")
    assert (result.exit_code, result.stderr) == (2, "archwg: error: --server: 'port' is not a port number\n")
    result = run_cli("--repo", str(bot_repo), "bot", "--meeting", "nope", "--show-ping-list")
    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: ") and result.stderr.count("\n") == 1


def test_show_ping_list_needs_no_irc_import(bot_repo):
    script = (
        "import sys\n"
        "from archwg.cli import main\n"
        f"try:\n    main(['--repo', {str(bot_repo)!r}, 'bot', '--show-ping-list'])\n"
        "except SystemExit:\n    pass\n"
        "print('irc imported:', 'irc' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "irc imported: False"
