"""The ping list: the meeting file's, changed by !pingme, !unpingme and !absent; one ping per person."""

from datetime import date

import pytest

from archwg.bot.pinglist import (
    PingState, forget_past, load_state, mark_absent, ping_list, ping_me, person, save_state, saw, unping_me,
)
from archwg.errors import BadInput

BASE = ("nikhil", "harlowja", "rockyg", "rocky_g", "dstanek")
ALIASES = (("rocky_g", "rockyg"),)
DAY = date(2017, 3, 23)


def test_aliases_make_one_person_pinged_once():
    assert ping_list(BASE, PingState(), ALIASES, DAY) == ["nikhil", "harlowja", "rockyg", "dstanek"]


def test_a_person_is_pinged_by_the_nick_last_used():
    state = saw(BASE, PingState(), ALIASES, "rocky_g")
    assert ping_list(BASE, state, ALIASES, DAY) == ["nikhil", "harlowja", "rocky_g", "dstanek"]
    state = saw(BASE, state, ALIASES, "rockyg")
    assert ping_list(BASE, state, ALIASES, DAY) == ["nikhil", "harlowja", "rockyg", "dstanek"]


def test_a_bridged_nick_is_the_same_person():
    assert person("harlowja[m]") == person("harlowja") == "harlowja"
    state = saw(BASE, PingState(), ALIASES, "harlowja[m]")
    assert ping_list(BASE, state, ALIASES, DAY) == ["nikhil", "harlowja[m]", "rockyg", "dstanek"]


def test_someone_not_listed_speaking_changes_nothing():
    state = PingState()
    assert saw(BASE, state, ALIASES, "cdent") is state


def test_pingme_appends_and_unpingme_removes():
    state, message = ping_me(BASE, PingState(), ALIASES, "cdent")
    assert message == "cdent: added to the courtesy ping list"
    assert ping_list(BASE, state, ALIASES, DAY)[-1] == "cdent"
    state, message = unping_me(BASE, state, ALIASES, "cdent")
    assert message == "cdent: removed from the courtesy ping list"
    assert "cdent" not in ping_list(BASE, state, ALIASES, DAY)


def test_unpingme_of_a_base_member_and_back():
    state, _ = unping_me(BASE, PingState(), ALIASES, "rocky_g")
    assert ping_list(BASE, state, ALIASES, DAY) == ["nikhil", "harlowja", "dstanek"]
    state, message = ping_me(BASE, state, ALIASES, "rockyg")
    assert message == "rockyg: added to the courtesy ping list"
    assert ping_list(BASE, state, ALIASES, DAY) == ["nikhil", "harlowja", "rockyg", "dstanek"]


def test_pingme_twice_is_said_once():
    state, _ = ping_me(BASE, PingState(), ALIASES, "cdent")
    again, message = ping_me(BASE, state, ALIASES, "CDENT")
    assert message == "CDENT: you are already on the courtesy ping list"
    assert ping_list(BASE, again, ALIASES, DAY).count("cdent") == 1


def test_absent_skips_one_meeting_only():
    state, message = mark_absent(PingState(), ALIASES, "rocky_g", DAY)
    assert message == "rocky_g: no courtesy ping for you at the meeting of 2017-03-23"
    assert "rockyg" not in ping_list(BASE, state, ALIASES, DAY)
    assert "rockyg" in ping_list(BASE, state, ALIASES, date(2017, 4, 20))
    assert forget_past(state, date(2017, 3, 24)).absent == ()


def test_state_round_trips_and_keeps_other_meetings(tmp_path):
    path = tmp_path / ".archwg" / "bot-state.json"
    save_state(path, "api_wg", PingState(added=("elmiko",)))
    state, _ = ping_me(BASE, PingState(), ALIASES, "cdent")
    state, _ = mark_absent(state, ALIASES, "nikhil", DAY)
    state = saw(BASE, state, ALIASES, "rocky_g")
    save_state(path, "arch_wg", state)
    assert load_state(path, "arch_wg") == state
    assert load_state(path, "api_wg").added == ("elmiko",)
    assert not list(path.parent.glob("*.tmp"))


def test_no_state_file_is_an_empty_state(tmp_path):
    assert load_state(tmp_path / "missing.json", "arch_wg") == PingState()


@pytest.mark.parametrize("text", ["{not json", '{"version": 99}', '{"version": 1, "meetings": {"arch_wg": {"absent": [["x", "someday"]]}}}'])
def test_a_damaged_state_file_is_one_line_error(tmp_path, text):
    path = tmp_path / "bot-state.json"
    path.write_text(text)
    with pytest.raises(BadInput, match="not a bot state file"):
        load_state(path, "arch_wg")
