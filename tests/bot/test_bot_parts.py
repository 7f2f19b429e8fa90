"""The bot's smaller parts: its archwg.toml table, the log writer, the commit, TLS, guarded jobs."""

import logging
from datetime import date, datetime

import pytest

from archwg.bot.config import BotConfig
from archwg.bot.recorder import Recorder, log_line, log_name
from archwg.errors import BadInput, GitStateError


def test_bot_table_defaults_and_values():
    config = BotConfig.from_table({"server": "irc.oftc.net", "port": 6697, "tls": True, "nick": "archwg",
                                   "ignore": ["openstack", "opendevmeet"]}, "archwg.toml")
    assert (config.server, config.effective_port, config.tls, config.nick) == ("irc.oftc.net", 6697, True, "archwg")
    assert config.ignore == ("openstack", "opendevmeet")
    assert BotConfig().effective_port == 6697
    assert BotConfig(tls=False).effective_port == 6667


@pytest.mark.parametrize("table, message", [
    ({"port": "6667"}, "archwg.toml: bot.port: must be an integer"),
    ({"port": 70000}, "archwg.toml: bot.port: must be a port number between 1 and 65535"),
    ({"tls": "yes"}, "archwg.toml: bot.tls: must be true or false"),
    ({"nick": "two words"}, "archwg.toml: bot.nick: must be a non-empty string without spaces"),
    ({"nick": "9lives"}, "archwg.toml: bot.nick: '9lives' is no IRC nick (a letter or one of []\\`_^{|} first, "
                         "then those, digits and -)"),
    ({"ignore": "openstack"}, "archwg.toml: bot.ignore: must be a list of nicks"),
    ({"per_second": 0}, "archwg.toml: bot.per_second: must be a positive number"),
    ({"command_cooldown": -1}, "archwg.toml: bot.command_cooldown: must not be negative"),
    ({"command_cooldown": 2.5}, "archwg.toml: bot.command_cooldown: must be an integer"),
    ({"reconnect_min": 50, "reconnect_max": 10}, "archwg.toml: bot.reconnect_min: must not exceed bot.reconnect_max"),
    ({"colour": "red"}, "archwg.toml: bot.colour: unknown key"),
])
def test_a_bad_bot_table_is_one_line(table, message):
    with pytest.raises(BadInput) as raised:
        BotConfig.from_table(table, "archwg.toml")
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_the_bot_table_reaches_the_config(tmp_path):
    from archwg.config import load_config

    for folder in ("specs", "workstreams"):
        (tmp_path / folder).mkdir()
    assert load_config(tmp_path).bot is None
    (tmp_path / "archwg.toml").write_text('[bot]\nserver = "irc.libera.chat"\nignore = []\n')
    assert load_config(tmp_path).bot == BotConfig(server="irc.libera.chat", ignore=())
    (tmp_path / "archwg.toml").write_text("[bot]\nburst = 0\n")
    with pytest.raises(BadInput, match="archwg.toml: bot.burst: must be at least 1"):
        load_config(tmp_path)


def test_the_repositorys_own_archwg_toml_has_a_valid_bot_table():
    from archwg.config import load_config
    from botkit import PROJECT_ROOT

    config = load_config(PROJECT_ROOT).bot
    assert "openstack" in config.ignore and "opendevmeet" in config.ignore


def test_log_lines_in_meetbots_format():
    when = datetime(2017, 3, 9, 20, 1, 6)
    assert log_name("arch_wg", when) == "arch_wg.2017-03-09-20.01.log.txt"
    assert log_line(when, "SpamapS", "#startmeeting arch_wg") == "20:01:06 <SpamapS> #startmeeting arch_wg"
    assert log_line(when, "cdent", "'s got nothin'", action=True) == "20:01:06  * cdent 's got nothin'"
    assert log_line(when, "x", "a\r\nb") == "20:01:06 <x> a b"


def test_recorder_flushes_every_line_and_appends(tmp_path):
    start = datetime(2017, 3, 9, 20, 1, 6)
    recorder = Recorder(tmp_path / "logs", "arch_wg", start)
    recorder.write(start, "SpamapS", "#startmeeting arch_wg")
    # Readable before close: a bot killed now leaves the line on disk.
    assert recorder.path.read_text() == "20:01:06 <SpamapS> #startmeeting arch_wg\n"
    recorder.close()
    again = Recorder(tmp_path / "logs", "arch_wg", start)
    again.write(start, "SpamapS", "#endmeeting")
    again.close()
    assert recorder.path.read_text().splitlines() == ["20:01:06 <SpamapS> #startmeeting arch_wg",
                                                      "20:01:06 <SpamapS> #endmeeting"]


def test_commit_takes_the_new_log_and_nothing_else(bot_repo):
    import git

    from archwg.bot.gitlog import commit_log

    repo = git.Repo(bot_repo)
    log = bot_repo / "meetings" / "logs" / "arch_wg" / "arch_wg.2017-03-23-20.00.log.txt"
    log.write_text("20:00:04 <SpamapS> #startmeeting arch_wg\n20:05:00 <SpamapS> #endmeeting\n")
    other = bot_repo / "specs" / "draft.rst"
    other.write_text("staged, not for the bot\n")
    repo.index.add(["specs/draft.rst"])
    commit_log(bot_repo, log, "arch_wg", date(2017, 3, 23))
    head = repo.head.commit
    assert head.message.strip() == "Log of the arch_wg meeting of 2017-03-23"
    assert list(head.stats.files) == ["meetings/logs/arch_wg/arch_wg.2017-03-23-20.00.log.txt"]
    assert "specs/draft.rst" in [path for path, _ in repo.index.entries]  # still staged
    assert repo.is_dirty(index=True, working_tree=False)


def test_commit_refuses_anything_but_a_log(bot_repo, tmp_path):
    from archwg.bot.gitlog import commit_log

    with pytest.raises(GitStateError, match="not a meeting log of arch_wg"):
        commit_log(bot_repo, bot_repo / "specs" / "nova-compute-api.rst", "arch_wg", date(2017, 3, 23))
    outside = tmp_path / "arch_wg.2017-03-23-20.00.log.txt"
    outside.write_text("x\n")
    with pytest.raises(GitStateError, match="outside the repository"):
        commit_log(bot_repo, outside, "arch_wg", date(2017, 3, 23))


def test_a_guarded_job_logs_and_returns(caplog):
    from archwg.bot.ircbot import guarded

    def broken():
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR):
        assert guarded(broken, "the clock")() is None
    assert "the clock failed; going on" in caplog.text and "boom" in caplog.text


def test_redact_blanks_the_password():
    from archwg.bot.app import Redact

    record = logging.LogRecord("irc.client", logging.DEBUG, "x", 1, "TO SERVER: %s", ("PRIVMSG NickServ :IDENTIFY hunter2",), None)
    Redact("hunter2").filter(record)
    assert record.getMessage() == "TO SERVER: PRIVMSG NickServ :IDENTIFY ********"


def test_connect_arguments_for_sasl_nickserv_and_none():
    from archwg.bot.ircbot import ConnectArguments, connect_arguments

    config = BotConfig(server="irc.example.org", tls=True, nick="archbot", sasl=True)
    assert connect_arguments(config, "s3cret") == ConnectArguments("irc.example.org", 6697, "s3cret", "archbot")
    assert connect_arguments(config, "s3cret").keywords() == {"sasl_login": "archbot"}
    # NickServ: no server password (PASS), no SASL; the password goes by IDENTIFY after welcome.
    nickserv = connect_arguments(BotConfig(server="irc.example.org", port=7000, sasl=False), "s3cret")
    assert (nickserv, nickserv.keywords()) == (ConnectArguments("irc.example.org", 7000), {})
    assert connect_arguments(config, None) == ConnectArguments("irc.example.org", 6697)
    assert "s3cret" not in repr(connect_arguments(config, "s3cret"))


def test_the_installed_irc_takes_every_connect_keyword_the_bot_passes():
    # pyproject's lower bound (irc>=20.3) is the first release whose connect() has sasl_login.
    import inspect

    import irc.client

    from archwg.bot.ircbot import connect_arguments

    arguments = connect_arguments(BotConfig(sasl=True), "s3cret")
    signature = inspect.signature(irc.client.ServerConnection.connect)
    signature.bind(None, arguments.host, arguments.port, "archbot", arguments.password, **arguments.keywords())
