"""The test servers' own helpers: which servers can run here, and a JOIN as either server writes it."""

from ircserver import IrcServer, is_join, missing


def test_ngircd_is_skipped_with_a_reason_only_when_it_is_missing(monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert missing("ngircd") == "ngircd is not installed (optional second server: apt-get install ngircd)"
    assert missing("miniircd") is None  # the required one comes with the test extra, never skipped


def test_a_join_as_miniircd_and_ngircd_write_it():
    assert is_join(":archbot!archbot@127.0.0.1 JOIN #openstack-meeting-alt", "archbot", "#openstack-meeting-alt")
    assert is_join(":archbot!~archbot@127.0.0.1 JOIN :#OpenStack-Meeting-Alt", "archbot", "#openstack-meeting-alt")
    assert not is_join(":archbot_!~a@h JOIN :#openstack-meeting-alt", "archbot", "#openstack-meeting-alt")
    assert not is_join(":archbot!~a@h PRIVMSG #openstack-meeting-alt :JOIN #openstack-meeting-alt", "archbot",
                       "#openstack-meeting-alt")


def test_an_unknown_server_kind_is_refused():
    import pytest

    with pytest.raises(ValueError, match="no IRC server 'ircd'"):
        IrcServer(kind="ircd")
