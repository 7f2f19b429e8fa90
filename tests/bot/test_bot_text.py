"""The lines the bot says: cleaning, byte budgets, the fixed formats."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archwg.bot.text import TEXT_BUDGET, clean, how_long, ping_lines, reminder_line, split_text, summary_line

PREFIX = "Architecture WG courtesy ping for"


def test_clean_removes_every_line_break_and_control_character():
    assert clean("done\r\nQUIT :bye") == "done QUIT :bye"
    assert clean("a\x00b\x07c\x1bd\x7fe\x85f\u2028g\tg") == "abcde f g g"
    assert clean("\x02bold\x02 and \x03" + "4red") == "bold and 4red"


@given(st.text())
def test_clean_never_leaves_a_control_character(text):
    cleaned = clean(text)
    assert not any(ord(char) < 32 or 127 <= ord(char) <= 159 for char in cleaned)
    assert "\u2028" not in cleaned and "\u2029" not in cleaned


def test_the_groups_ping_fits_one_line():
    nicks = ["nikhil", "harlowja", "dstanek", "kragniz", "auggy", "rockyg", "kgiusti"]
    assert ping_lines(PREFIX, nicks) == [f"{PREFIX} nikhil, harlowja, dstanek, kragniz, auggy, rockyg, kgiusti"]


def test_a_long_ping_list_is_split_between_nicks_in_order():
    nicks = [f"person{number:03d}" for number in range(120)]
    lines = ping_lines(PREFIX, nicks)
    assert len(lines) > 1
    for line in lines:
        assert line.startswith(PREFIX + " ")
        assert len(line.encode()) < TEXT_BUDGET
    named = [nick for line in lines for nick in line[len(PREFIX) + 1:].split(", ")]
    assert named == nicks


def test_non_ascii_nicks_are_counted_in_bytes_and_never_cut():
    nicks = ["jérôme", "Дмитрий", "李小龙", "ÅsaÖ"] * 20
    lines = ping_lines(PREFIX, nicks)
    assert len(lines) > 1
    assert all(len(line.encode("utf-8")) < TEXT_BUDGET for line in lines)
    named = [nick for line in lines for nick in line[len(PREFIX) + 1:].split(", ")]
    assert named == nicks


def test_a_nick_longer_than_a_line_is_split_at_character_boundaries():
    giant = "é" * 300  # 600 bytes
    lines = ping_lines(PREFIX, ["a", giant, "b"])
    assert all(len(line.encode()) < TEXT_BUDGET for line in lines)
    assert lines[0] == f"{PREFIX} a"
    assert "".join(line[len(PREFIX) + 1:] for line in lines[1:-1]) + lines[-1][len(PREFIX) + 1:].split(", ")[0] == giant
    assert lines[-1].endswith(", b")


@given(st.lists(st.text(min_size=1, max_size=80).filter(lambda nick: clean(nick) and ", " not in nick), max_size=40))
def test_ping_lines_keep_every_nick_under_the_budget(nicks):
    lines = ping_lines(PREFIX, nicks)
    assert all(len(line.encode()) < TEXT_BUDGET for line in lines)
    assert all(line.startswith(PREFIX) for line in lines)


def test_no_nicks_no_ping():
    assert ping_lines(PREFIX, []) == []


def test_split_text_keeps_words_and_bytes():
    text = " ".join(["ünïcode"] * 200)
    lines = split_text(text)
    assert len(lines) > 1
    assert all(len(line.encode()) < TEXT_BUDGET for line in lines)
    assert " ".join(lines) == text


def test_split_text_of_an_injection_is_one_harmless_line():
    assert split_text("rocky_g send email\r\nQUIT :bye") == ["rocky_g send email QUIT :bye"]


def test_reminder_line():
    assert (reminder_line("arch_wg", 10, "openstack-meeting-alt", "https://wiki.openstack.org/wiki/Meetings/Arch-WG")
            == "arch_wg meeting in 10 minutes in #openstack-meeting-alt: https://wiki.openstack.org/wiki/Meetings/Arch-WG")


def test_summary_line():
    assert summary_line(3, 2, 1, date(2017, 3, 23)) == "3 action items recorded; 2 carried, 1 closed; next meeting 2017-03-23"
    assert summary_line(1, 0, 0, None) == "1 action item recorded; 0 carried, 0 closed; next meeting not scheduled"


@pytest.mark.parametrize("delta, said", [
    (timedelta(days=3, hours=2), "in 3 days"),
    (timedelta(hours=1, minutes=5), "in 1 hour"),
    (timedelta(minutes=9, seconds=59), "in 9 minutes"),
    (timedelta(seconds=30), "in less than a minute"),
    (timedelta(0), "now"),
])
def test_how_long(delta, said):
    assert how_long(delta) == said
