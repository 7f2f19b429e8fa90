"""``archwg bot`` on the command line: what it prints without connecting, and its one-line errors."""

import subprocess
import sys

import pytest


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
    assert (result.exit_code, result.stderr) == (2, "archwg: error: --server: 'port' is not a port number (1-65535)\n")
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


@pytest.mark.parametrize("option, value, message", [
    ("--server", ":", "--server: ':' names no host (HOST or HOST:PORT)"),
    ("--server", "", "--server: '' names no host (HOST or HOST:PORT)"),
    ("--server", ":6667", "--server: ':6667' names no host (HOST or HOST:PORT)"),
    ("--server", "irc example.org", "--server: 'irc example.org' names no host (HOST or HOST:PORT)"),
    ("--server", "irc.example.org:", "--server: '' is not a port number (1-65535)"),
    ("--server", "irc.example.org:0", "--server: '0' is not a port number (1-65535)"),
    ("--server", "irc.example.org:65536", "--server: '65536' is not a port number (1-65535)"),
    ("--channel", "", "--channel: '' is no channel name"),
    ("--channel", "#", "--channel: '#' is no channel name"),
    ("--channel", "#two words", "--channel: '#two words' is no channel name"),
    ("--channel", "#a,#b", "--channel: '#a,#b' is no channel name"),
    ("--nick", "", "--nick: '' is no IRC nick"),
    ("--nick", "9lives", "--nick: '9lives' is no IRC nick"),
    ("--nick", "arch.bot", "--nick: 'arch.bot' is no IRC nick"),
])
def test_an_empty_or_bad_server_channel_nick_or_port_is_refused(bot_repo, run_cli, option, value, message):
    result = run_cli("--repo", str(bot_repo), "bot", option, value, "--show-ping-list")
    assert (result.exit_code, result.stderr) == (2, f"archwg: error: {message}\n")


def test_the_settings_refuse_an_empty_host_or_channel(bot_repo):
    from archwg.bot.app import resolve_settings
    from archwg.config import load_config
    from archwg.errors import UsageError

    config = load_config(bot_repo)
    with pytest.raises(UsageError, match="names no host"):
        resolve_settings(config, server=":", environ={})
    with pytest.raises(UsageError, match="is no channel name"):
        resolve_settings(config, channel="", environ={})
    settings = resolve_settings(config, server="irc.example.org:7000", channel="arch", environ={})
    assert (settings.config.server, settings.config.port, settings.channel) == ("irc.example.org", 7000, "#arch")


def test_show_ping_list_is_one_core_call_with_its_clock(bot_repo):
    from datetime import datetime

    from archwg.bot.app import show_ping_list
    from archwg.config import load_config

    lines = show_ping_list(load_config(bot_repo), now=lambda: datetime(2017, 3, 24, 12, 0), nick="other")
    assert lines == ["courtesy ping for the meeting of 2017-04-20:",
                     "Architecture WG courtesy ping for nikhil, harlowja, rockyg, dstanek"]


def test_the_bot_command_calls_one_core_function_per_branch():
    # The command parses and renders; resolving, logging and running live in archwg.bot.app.
    import ast
    from pathlib import Path

    import archwg.commands.bot as command

    tree = ast.parse(Path(command.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    called = {node.func.attr for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id == "app"}
    assert imported == {"__future__", "archwg.bot", "archwg.commands.common"}
    assert called == {"show_ping_list", "run"}
