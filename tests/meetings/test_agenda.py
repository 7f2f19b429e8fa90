"""``archwg agenda``: the next meeting's agenda from a real spec repository, the seed 000 log and the description."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from archwg.meetings.agenda import AgendaSpec, build_agenda, render
from archwg.meetings.description import MeetingDescription, Schedule
from archwg.meetings.model import DAY, MONTH, ActionItem, Since

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
SEED_000 = DATA / "000_29a86aef99d720fa.txt"
LOG_NAME = "arch_wg.2017-03-09-20.01.log.txt"

PING = (
    "Architecture WG courtesy ping for nikhil, harlowja, dstanek, kragniz, auggy, rockyg, rocky_g, "
    "kgiusti, thingee, denaitre, bastafidli"
)

# What the chair pastes for the meeting of 23 March 2017, given seed 000's log
# of 9 March and the specs the ``group`` fixture writes.
EXPECTED_TEXT = f"""\
Agenda: Architecture Working Group meeting (arch_wg): Thursday March 23 2017 20:00 UTC in #openstack-meeting-alt

{PING}
#topic previous meeting action items
* rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) (Carried since Feb 9 2017)
* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG (Carried since Feb 9 2017)
* SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream.
#topic Specs check-in
#link https://review.openstack.org/435555 nova-compute-api
#topic Proposals for work
* error-codes-and-logging (rockyg)
#topic Active workstreams
* base-services (ttx)
* nova-compute-api (SpamapS)
#topic Open Discussion
#info next meeting will be in 2 weeks on April 6
"""


def render_template(root: Path, kind: str, title: str, champion: str, status: str) -> str:
    from archwg.specs.render import render_spec

    return render_spec((root / "templates" / f"{kind}.rst.j2").read_text(), title=title, champions=(champion,),
                       created=date(2017, 1, 26), status=status)


def write_spec(root: Path, kind: str, slug: str, title: str, champion: str, status: str, reviews: str = "") -> None:
    text = render_template(root, kind, title, champion, status)
    if reviews:
        text = text.replace(":Created: 2017-01-26\n", f":Created: 2017-01-26\n:Reviews: {reviews}\n")
    folder = "specs" if kind == "proposal" else "workstreams"
    (root / folder / f"{slug}.rst").write_text(text)


@pytest.fixture
def group(spec_repo):
    """The group's repository: its description, seed 000's log and specs in every relevant status."""
    (spec_repo / "meetings" / "logs" / "arch_wg").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "meetings" / "arch_wg.yaml", spec_repo / "meetings" / "arch_wg.yaml")
    shutil.copy(SEED_000, spec_repo / "meetings" / "logs" / "arch_wg" / LOG_NAME)
    write_spec(spec_repo, "proposal", "error-codes-and-logging", "Error Codes and Logging", "rockyg", "proposed")
    write_spec(spec_repo, "proposal", "messaging-patterns", "Messaging Patterns", "harlowja", "draft")
    write_spec(spec_repo, "proposal", "true-microservices", "True Microservices", "cdent", "withdrawn", "411111")
    write_spec(spec_repo, "workstream", "base-services", "Base Services", "ttx", "active")
    write_spec(spec_repo, "workstream", "nova-compute-api", "Nova Compute API", "SpamapS", "active", "435555")
    write_spec(spec_repo, "workstream", "dlm", "Distributed Lock Management", "harlowja", "tabled")
    return spec_repo


def test_after_the_meeting_of_9_march_2017_the_agenda_is_the_next_ones(group, run_cli):
    # The log of 9 March is in: that meeting was held, so the chair gets 23 March's agenda.
    result = run_cli("agenda", "--for", "2017-03-09", cwd=group)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_TEXT


def test_the_agenda_date_is_the_first_meeting_on_or_after_it(group, run_cli):
    # Friday 10 March: the next meeting is Thursday 23 March (ISO week 12, even).
    result = run_cli("agenda", "--for", "2017-03-10", cwd=group)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_TEXT


def test_the_agenda_of_a_meeting_reviews_only_what_came_before_it(group, run_cli):
    # Friday 3 March: the agenda of 9 March; its own log's items are not yet "previous".
    result = run_cli("agenda", "--for", "2017-03-03", cwd=group)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("Thursday March 9 2017 20:00 UTC in #openstack-meeting-alt")
    assert lines[3:5] == ["#topic previous meeting action items", "No open action items."]
    assert lines[-1] == "#info next meeting will be in 2 weeks on March 23"


def test_an_agenda_for_an_earlier_meeting_ignores_later_logs(group, run_cli):
    result = run_cli("agenda", "--for", "2017-02-20", cwd=group)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("Thursday February 23 2017 20:00 UTC in #openstack-meeting-alt")
    assert lines[3:5] == ["#topic previous meeting action items", "No open action items."]
    assert lines[-1] == "#info next meeting will be in 2 weeks on March 9"


def test_logs_named_on_the_command_line(group, run_cli, tmp_path):
    elsewhere = tmp_path / "copy.log.txt"
    shutil.copy(SEED_000, elsewhere)
    shutil.rmtree(group / "meetings" / "logs")
    result = run_cli("agenda", "--for", "2017-03-09", str(elsewhere), cwd=group)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_TEXT


def test_a_series_with_no_logs_yet_has_no_items(group, run_cli):
    shutil.rmtree(group / "meetings" / "logs")
    result = run_cli("agenda", "--for", "2017-03-09", cwd=group)
    assert result.exit_code == 0, result.output
    assert "#topic previous meeting action items\nNo open action items.\n#topic Specs check-in\n" in result.stdout


def test_outside_a_repository_with_a_meeting_file(run_cli, tmp_path):
    result = run_cli(
        "agenda", "--for", "2017-03-09", "--meeting-file", str(PROJECT_ROOT / "meetings" / "arch_wg.yaml"),
        str(SEED_000), cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:7] == [
        PING,
        "#topic previous meeting action items",
        "* rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal)"
        " (Carried since Feb 9 2017)",
        "* rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG"
        " (Carried since Feb 9 2017)",
        "* SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream.",
    ]
    # No repository, no specs: the sections say so rather than invent any.
    assert "#topic Proposals for work\nNo proposals for work.\n" in result.stdout
    assert "#topic Active workstreams\nNo active workstreams.\n" in result.stdout


def test_outside_a_repository_without_a_description(run_cli, tmp_path):
    result = run_cli("agenda", str(SEED_000), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "archwg: error: not inside a spec repository: name the meeting description with --meeting-file PATH\n"
    )
    assert result.stdout == ""


def test_inside_a_repository_without_the_description(group, run_cli):
    (group / "meetings" / "arch_wg.yaml").unlink()
    result = run_cli("agenda", "--meeting", "arch_wg", cwd=group)
    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: no description of meeting 'arch_wg': write {group / 'meetings' / 'arch_wg.yaml'}"
        " or pass --meeting-file PATH\n"
    )


def test_an_invalid_description_is_one_line(group, run_cli):
    path = group / "meetings" / "arch_wg.yaml"
    path.write_text(path.read_text().replace("biweekly-even", "fortnightly"))
    result = run_cli("agenda", cwd=group)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"archwg: error: {path}: schedule[0].frequency: unknown frequency 'fortnightly'")
    assert result.stderr.count("\n") == 1


def test_a_meeting_file_for_another_meeting(group, run_cli):
    result = run_cli("agenda", "--meeting", "nova", "--meeting-file", "meetings/arch_wg.yaml", cwd=group)
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: --meeting nova but meetings/arch_wg.yaml describes meeting arch_wg\n"


def test_the_wiki_agenda(group, run_cli):
    result = run_cli("agenda", "--for", "2017-03-09", "--format", "wiki", cwd=group)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "== Agenda: Architecture Working Group meeting (arch_wg): Thursday March 23 2017 20:00 UTC"
        " in #openstack-meeting-alt ==",
        "",
        "* Courtesy ping: nikhil, harlowja, dstanek, kragniz, auggy, rockyg, rocky_g, kgiusti, thingee,"
        " denaitre, bastafidli",
        "* Previous meeting action items",
        "** rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal)"
        " (Carried since Feb 9 2017)",
        "** rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG"
        " (Carried since Feb 9 2017)",
        "** SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream.",
        "* Specs check-in",
        "** nova-compute-api: [https://review.openstack.org/435555 435555]",
        "* Proposals for work",
        "** error-codes-and-logging (rockyg)",
        "* Active workstreams",
        "** base-services (ttx)",
        "** nova-compute-api (SpamapS)",
        "* Open discussion",
        "* Next meeting will be in 2 weeks on April 6",
    ]


def test_the_markdown_agenda(group, run_cli):
    result = run_cli("agenda", "--for", "2017-03-09", "--format", "markdown", cwd=group)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(
        "# Agenda: Architecture Working Group meeting (arch\\_wg): Thursday March 23 2017 20:00 UTC"
        " in #openstack-meeting-alt\n\nCourtesy ping: nikhil, "
    )
    assert (
        "## Previous meeting action items\n\n"
        "- rocky\\_g Send email regarding implementation bleed-through (stretch: submit as raw proposal)"
        " (Carried since Feb 9 2017)\n"
    ) in text
    assert "## Specs check-in\n\n- nova-compute-api: [435555](https://review.openstack.org/435555)\n" in text
    assert "## Active workstreams\n\n- base-services (ttx)\n- nova-compute-api (SpamapS)\n" in text
    assert text.endswith("## Open discussion\n\nNext meeting will be in 2 weeks on April 6.\n")


# --- The pure core ------------------------------------------------------------------


def description(*schedules: Schedule, ping: tuple[str, ...] = ()) -> MeetingDescription:
    return MeetingDescription(meeting_id="wg", project="Example Working Group", schedules=schedules,
                              courtesy_ping=ping)


def weekly(day: str = "Thursday", frequency: str = "weekly", **extra) -> Schedule:
    return Schedule(time="1500", day=day, irc="openstack-meeting", frequency=frequency, **extra)


def item(text: str, since: Since, *recorded: date) -> ActionItem:
    return ActionItem(owners=("x",), text=text, since=since, recorded=recorded)


def test_the_carried_suffix_only_on_items_carried_before():
    items = [
        item("new this meeting", Since(date(2017, 3, 9), DAY), date(2017, 3, 9)),
        item("carried twice", Since(date(2017, 2, 23), DAY), date(2017, 2, 23), date(2017, 3, 9)),
        item("from a month", Since(date(2017, 1, 1), MONTH), date(2017, 3, 9)),
    ]
    agenda = build_agenda(description(weekly()), date(2017, 3, 10), items, ())
    text = render(agenda, "text")
    assert "* new this meeting\n* carried twice (Carried since Feb 23 2017)\n* from a month (Carried since Jan 2017)\n" in text


@pytest.mark.parametrize(
    ("schedules", "today", "info"),
    [
        ((weekly(),), date(2017, 3, 9), "next meeting will be in 1 week on March 16"),
        ((weekly(frequency="quadweekly-week-2"),), date(2017, 3, 1), "next meeting will be in 4 weeks on April 6"),  # weeks 10 and 14
        ((weekly(frequency="biweekly-odd"),), date(2020, 12, 25), "next meeting will be in 1 week on January 7 2021"),
        ((weekly(frequency="first-thursday"),), date(2017, 3, 1), "next meeting will be in 5 weeks on April 6"),
        ((weekly(), weekly(day="Monday")), date(2017, 3, 9), "next meeting will be in 4 days on March 13"),
        ((weekly(skip_dates=(date(2017, 3, 16),)),), date(2017, 3, 9), "next meeting will be in 2 weeks on March 23"),
        ((weekly(frequency="adhoc"),), date(2017, 3, 9), "next meeting: no fixed date (the schedule is adhoc)"),
    ],
)
def test_the_next_meeting_line(schedules, today, info):
    agenda = build_agenda(description(*schedules), today, (), ())
    assert render(agenda, "text").splitlines()[-1] == f"#info {info}"


def test_an_adhoc_agenda_is_dated_the_asked_day():
    agenda = build_agenda(description(weekly(frequency="adhoc")), date(2017, 3, 8), (), ())
    assert render(agenda, "text").splitlines()[0] == (
        "Agenda: Example Working Group meeting (wg): Wednesday March 8 2017 (adhoc) in #openstack-meeting"
    )


def test_no_ping_list_no_ping_line():
    text = render(build_agenda(description(weekly()), date(2017, 3, 9), (), ()), "text")
    assert "courtesy ping" not in text
    assert text.splitlines()[2] == "#topic previous meeting action items"


def test_only_specs_in_play_have_reviews_checked_in():
    specs = [
        AgendaSpec("a-draft", ("x",), "draft", (1,)),
        AgendaSpec("done", ("y",), "completed", (2,)),
        AgendaSpec("two-reviews", ("z", "w"), "active", (3, 4)),
    ]
    text = render(build_agenda(description(weekly()), date(2017, 3, 9), (), specs), "text")
    assert (
        "#topic Specs check-in\n"
        "#link https://review.openstack.org/1 a-draft\n"
        "#link https://review.openstack.org/3 two-reviews\n"
        "#link https://review.openstack.org/4 two-reviews\n"
        "#topic Proposals for work\n"
    ) in text
    assert "#topic Active workstreams\n* two-reviews (z, w)\n" in text


def test_wiki_and_markdown_keep_item_text_literal():
    items = [item("read [[Main Page]] and <b>this</b> ''now'' | x_y", Since(date(2017, 3, 9)), date(2017, 3, 9))]
    agenda = build_agenda(description(weekly(), ping=("a_b",)), date(2017, 3, 9), items, ())
    wiki = render(agenda, "wiki")
    assert "** <nowiki>read [[Main Page]] and &lt;b>this&lt;/b> ''now'' | x_y</nowiki>\n" in wiki
    assert "* Courtesy ping: a_b\n" in wiki  # nothing MediaWiki would read as markup
    markdown = render(agenda, "markdown")
    assert "- read \\[\\[Main Page\\]\\] and \\<b\\>this\\</b\\> ''now'' \\| x\\_y\n" in markdown
    assert "Courtesy ping: a\\_b\n" in markdown


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render(build_agenda(description(weekly()), date(2017, 3, 9), (), ()), "pdf")


def test_an_empty_log_folder_of_the_series(group, run_cli):
    (group / "meetings" / "logs" / "arch_wg" / LOG_NAME).unlink()
    result = run_cli("agenda", "--for", "2017-03-09", cwd=group)
    assert result.exit_code == 0, result.output
    assert "#topic previous meeting action items\nNo open action items.\n" in result.stdout


def test_a_named_folder_without_meetings_is_an_error(group, run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("agenda", str(empty), cwd=group)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: no meeting found in {empty}\n"


def test_a_named_file_that_is_not_a_log(group, run_cli):
    spec = group / "workstreams" / "dlm.rst"
    result = run_cli("agenda", str(spec), cwd=group)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"archwg: error: {spec}: not a meeting log")
    assert result.stdout == ""


def test_a_log_of_another_series_is_named(group, run_cli):
    result = run_cli("agenda", str(DATA / "003_ebe5458bd5ed8fa6.txt"), "--date", "2014-10-01", cwd=group)
    assert result.exit_code == 2
    assert result.stderr.startswith("archwg: error: no meeting of series 'arch_wg' in the logs read (series found: ")


STALE = ("archwg: warning: the newest log is from 2017-03-09, older than the meeting of 2017-03-23; "
         "the agenda's action items may be stale")


def test_an_agenda_planned_past_a_missing_log_warns_that_its_items_may_be_stale(group, run_cli):
    # The meeting of 23 March has no log: the agenda of 6 April would paste 9 March's items unaware.
    result = run_cli("agenda", "--for", "2017-04-06", cwd=group)
    assert result.exit_code == 0, result.output
    assert STALE in result.stderr.splitlines()
    # The agenda right after the newest log is not stale.
    assert "may be stale" not in run_cli("agenda", "--for", "2017-03-10", cwd=group).stderr


def test_agenda_as_json(group, run_cli):
    result = run_cli("agenda", "--for", "2017-03-10", "--format", "json", cwd=group)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["meeting"], data["date"], data["start"], data["next_start"]) == (
        "arch_wg", "2017-03-23", "2017-03-23T20:00Z", "2017-04-06T20:00Z")
    assert data["irc"] == "openstack-meeting-alt"
    assert [item["carried_since"] for item in data["action_items"]] == ["2017-02-09", "2017-02-09", None]
    assert [spec["slug"] for spec in data["proposals"]] == ["error-codes-and-logging"]
    assert {spec["slug"] for spec in data["workstreams"]} == {"base-services", "nova-compute-api"}
    assert data["warnings"] == []


def test_agenda_json_carries_the_stale_warning(group, run_cli):
    """The warning went only to stderr: a script reading the JSON pasted stale items unaware."""
    result = run_cli("agenda", "--for", "2017-04-06", "--format", "json", cwd=group)
    assert result.exit_code == 0, result.output
    assert STALE.removeprefix("archwg: warning: ") in json.loads(result.stdout)["warnings"]


@pytest.mark.parametrize("command", [
    ("agenda", "--for", "2017-03-10"), ("minutes",), ("carry-actions",), ("carry-actions", "--format", "json")])
def test_output_to_a_file_is_what_standard_output_gets(group, run_cli, tmp_path, command):
    printed = run_cli(*command, cwd=group)
    assert printed.exit_code == 0, printed.output
    target = tmp_path / "out.txt"
    written = run_cli(*command, "-o", str(target), cwd=group)
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert target.read_text() == printed.stdout
    missing = tmp_path / "missing" / "out.txt"
    refused = run_cli(*command, "-o", str(missing), cwd=group)
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[-1] == f"archwg: error: {missing}: no such folder {missing.parent}"
    assert not missing.parent.exists()
