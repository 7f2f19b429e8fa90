"""Parsing the bot's ! commands."""

from datetime import date

import pytest

from archwg.bot.commands import Command, help_lines, parse_command, unknown_reply


@pytest.mark.parametrize("text, command", [
    ("!help", Command("help")),
    ("!HELP", Command("help")),
    ("!next", Command("next")),
    ("!actions", Command("actions")),
    ("!actions rocky_g", Command("actions", "rocky_g")),
    ("!spec nova-compute-api", Command("spec", "nova-compute-api")),
    ("!spec Nova-Compute-API", Command("spec", "nova-compute-api")),
    ("!ping", Command("ping")),
    ("!pingme", Command("pingme")),
    ("!unpingme", Command("unpingme")),
    ("!absent", Command("absent")),
    ("!absent 2017-04-20", Command("absent", "2017-04-20", date(2017, 4, 20))),
    ("  !next  ", Command("next")),
])
def test_known_commands(text, command):
    assert parse_command(text) == command


@pytest.mark.parametrize("text", ["hello", "!", "!!", "! help", "#action x", "!1", ""])
def test_not_commands(text):
    assert parse_command(text) is None


def test_unknown_command_points_at_help():
    command = parse_command("!frobnicate now")
    assert command == Command("unknown", "frobnicate")
    assert unknown_reply(command.argument) == "unknown command !frobnicate: see !help"


@pytest.mark.parametrize("text, reason", [
    ("!spec", "usage: !spec SLUG"),
    ("!spec a b", "usage: !spec SLUG"),
    ("!actions a b", "usage: !actions [nick]"),
    ("!absent tomorrow", "!absent: 'tomorrow' is not a date YYYY-MM-DD"),
    ("!absent 2017-02-30", "!absent: '2017-02-30' is not a date YYYY-MM-DD"),
])
def test_known_commands_used_wrongly(text, reason):
    assert parse_command(text) == Command("invalid", reason)


def test_help_names_every_command():
    first = help_lines()[0]
    for name in ("!help", "!next", "!actions", "!spec", "!ping", "!pingme", "!unpingme", "!absent"):
        assert name in first
