"""``archwg carry-actions`` and ``archwg actions`` through the command line, on real files."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
PROJECT_ROOT = TESTS.parent
SEED_000 = TESTS / "data" / "000_29a86aef99d720fa.txt"
SERIES = TESTS / "data" / "meetings" / "series"
ARCH_WG_YAML = PROJECT_ROOT / "meetings" / "arch_wg.yaml"

SEND_EMAIL = "rocky_g Send email regarding implementation bleed-through (stretch: submit as raw proposal)"
RESURRECT = "rocky_g Resurrect Error Codes and Logging Improvements spec and socialize appropriately before PTG"
SUBMIT = "SpamapS submit analysis for nova-compute-api as patch to nova-compute-api work stream."
MOVE = "SpamapS to move nova-compute-api to active status and add structure"
PTG = ("SpamapS talk to PTG organizers and confirm what space is dedicated, what is shared, and create a general "
       "schedule based on that.")


@pytest.fixture
def group_repo(spec_repo):
    """A spec repository with the group's description, its logs and two specs."""
    (spec_repo / "meetings").mkdir()
    shutil.copy(ARCH_WG_YAML, spec_repo / "meetings" / "arch_wg.yaml")
    logs = spec_repo / "meetings" / "logs" / "arch_wg"
    logs.mkdir(parents=True)
    for log in SERIES.glob("arch_wg.*.log.txt"):
        shutil.copy(log, logs / log.name)
    shutil.copy(PROJECT_ROOT / "specs" / "nova-compute-api.rst", spec_repo / "specs" / "nova-compute-api.rst")
    shutil.copy(PROJECT_ROOT / "workstreams" / "base-services.rst",
                spec_repo / "workstreams" / "base-services.rst")
    return spec_repo


# --- carry-actions --------------------------------------------------------------------


def test_seed_000_text_output_is_what_the_chair_pastes(run_cli, outside):
    result = run_cli("carry-actions", str(SEED_000), cwd=outside)
    assert result.exit_code == 0, result.output
    # Without the group's description nothing says rocky_g is a person (only
    # rockyg was there): rocky_g's items are unassigned, so they come last.
    assert result.stdout.splitlines() == [
        "arch_wg 2017-03-09: 3 open action items",
        "To read out under #topic previous meeting action items:",
        f"* {SUBMIT}",
        f"* {SEND_EMAIL} (Carried since Feb 9 2017)",
        f"* {RESURRECT} (Carried since Feb 9 2017)",
        "",
        "To carry items again, paste their lines:",
        f"#action {SUBMIT} (Carried since Mar 9 2017)",
        f"#action {SEND_EMAIL} (Carried since Feb 9 2017)",
        f"#action {RESURRECT} (Carried since Feb 9 2017)",
        "",
        "Closed:",
        f"* {MOVE} (closed at arch_wg 2017-03-09)",
        f"* {PTG} (closed at arch_wg 2017-03-09)",
    ]
    assert result.stderr == ""


def test_seed_000_json_without_description(run_cli, outside):
    result = run_cli("carry-actions", str(SEED_000), "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["meeting", "open", "closed", "warnings"]
    assert data["meeting"] == {"id": "arch_wg", "date": "2017-03-09", "source": str(SEED_000)}
    # rocky_g was not there and no description names that nick: nobody's, never a new person.
    assert data["open"] == [
        {"owners": ["SpamapS"], "text": SUBMIT, "since": "2017-03-09", "recorded": ["2017-03-09"],
         "reviewed": True},
        {"owners": [], "text": SEND_EMAIL, "since": "2017-02-09", "recorded": ["2017-03-09"],
         "reviewed": True},
        {"owners": [], "text": RESURRECT, "since": "2017-02-09", "recorded": ["2017-03-09"],
         "reviewed": True},
    ]
    assert [(item["text"], item["closed"]) for item in data["closed"]] == [(MOVE, "2017-03-09"), (PTG, "2017-03-09")]
    assert data["warnings"] == []


def test_seed_000_with_the_groups_description_file_owns_items_as_rockyg(run_cli, outside):
    result = run_cli("carry-actions", str(SEED_000), "--meeting-file", str(ARCH_WG_YAML), "--format", "json",
                     cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(item["owners"], item["text"]) for item in data["open"]] == [
        (["rockyg"], SEND_EMAIL),
        (["rockyg"], RESURRECT),
        (["SpamapS"], SUBMIT),
    ]


def test_inside_a_repository_it_reads_the_groups_logs_and_description_by_default(run_cli, group_repo):
    result = run_cli("carry-actions", "--format", "json", cwd=group_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"]["id"] == "arch_wg" and data["meeting"]["date"] == "2017-03-23"
    assert data["open"][1]["owners"] == ["rockyg"]
    assert [item["reviewed"] for item in data["open"]] == [True, True, True, True, False, True]
    assert data["warnings"] == [
        "the meeting arch_wg 2017-03-23 did not review 1 open action item, still open: "
        "dtroyer and SpamapS review the base-services workstream"
    ]
    assert result.stderr == f"archwg: warning: {data['warnings'][0]}\n"


def test_series_text_output_marks_only_carried_items(run_cli, outside):
    result = run_cli("carry-actions", str(SERIES), "--meeting", "arch_wg", cwd=outside)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        "arch_wg 2017-03-23: 6 open action items",
        "To read out under #topic previous meeting action items:",
        f"* {SUBMIT} (Carried since Mar 9 2017)",
        "* rocky_g Send e-mail regarding implementation bleed-through (stretch: submit as a raw proposal) "
        "(Carried since Feb 9 2017) [stuck: carried through 3 meetings]",
        "* harlowja to summarize the DLM thread for the specs check-in",
        "* cdent propose a spec for the placement extraction (Carried since Jan 26 2017)",
        "* dtroyer and SpamapS review the base-services workstream [not reviewed at the meeting of 2017-03-23]",
        "* nikhil to draft the messaging patterns proposal",
    ]
    assert "#action dtroyer and SpamapS review the base-services workstream (Carried since Feb 23 2017)" in lines
    assert f"* {RESURRECT} (closed at arch_wg 2017-03-23)" in lines
    assert "archwg: warning: read only meeting series arch_wg; skipped the meetings of api_wg (2)" in (
        result.stderr.splitlines())


def test_default_series_is_the_newest_logs(run_cli, outside):
    result = run_cli("carry-actions", str(SERIES), "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"]["id"] == "api_wg" and data["meeting"]["date"] == "2017-03-30"
    assert [item["text"] for item in data["open"]] == ["edleafe to update the idempotent DELETE guideline"]
    assert data["warnings"] == ["read only meeting series api_wg; skipped the meetings of arch_wg (4)"]


def test_markdown_output(run_cli, outside):
    result = run_cli("carry-actions", str(SEED_000), "--format", "markdown", cwd=outside)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "## arch\\_wg 2017-03-09: 3 open action items"
    assert "- rocky\\_g Send email regarding implementation bleed-through (stretch: submit as raw proposal) " \
           "(Carried since Feb 9 2017)" in lines
    # The lines to paste stay verbatim inside a code block.
    block = lines[lines.index("```") + 1:]
    assert block[1] == f"#action {SEND_EMAIL} (Carried since Feb 9 2017)"
    assert "### Closed" in lines


def test_standard_input(run_cli, outside):
    result = run_cli("carry-actions", "-", "--format", "json", cwd=outside, input=SEED_000.read_text())
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["text"] for item in data["open"]] == [SUBMIT, SEND_EMAIL, RESURRECT]


def test_a_log_cut_off_before_endmeeting_is_carried_with_a_warning(run_cli, outside):
    cut = outside / "arch_wg.2017-03-09-20.01.log.txt"
    lines = SEED_000.read_text().splitlines()
    cut.write_text("\n".join(lines[: lines.index(next(line for line in lines if "#topic PTG Recap" in line))]))
    result = run_cli("carry-actions", str(cut), "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["text"] for item in data["open"]] == [SEND_EMAIL, RESURRECT]
    assert any("no #endmeeting" in warning for warning in data["warnings"])
    assert "no #endmeeting" in result.stderr


# --- bad input -----------------------------------------------------------------------------


def test_missing_file_is_one_line_and_exit_2(run_cli, outside):
    result = run_cli("carry-actions", "nope.log.txt", cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == "archwg: error: nope.log.txt: no such file or directory\n"
    assert result.stdout == ""


@pytest.mark.parametrize("content", [b'{"meeting": "arch_wg"}\n', b"\x00\x01\x02\xff" * 64,
                                     b"Title\n=====\n\n:Status: active\n"])
def test_a_file_that_is_not_a_log_is_one_line_and_exit_2(run_cli, outside, content):
    path = outside / "notes.txt"
    path.write_bytes(content)
    result = run_cli("carry-actions", str(path), cwd=outside)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"archwg: error: {path}: not a meeting log")
    assert result.stderr.count("\n") == 1


def test_no_log_outside_a_repository_is_a_usage_error(run_cli, outside):
    result = run_cli("carry-actions", cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == ("archwg: error: no LOG given and not inside a spec repository: "
                             "name the log files to read\n")


def test_unknown_meeting_is_a_usage_error(run_cli, outside):
    result = run_cli("carry-actions", str(SERIES), "--meeting", "nova", cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == ("archwg: error: no meeting of series 'nova' in the logs read "
                             "(series found: api_wg, arch_wg)\n")


def test_bad_description_file_is_one_line_and_exit_2(run_cli, outside):
    bad = outside / "arch_wg.yaml"
    bad.write_text("meeting_id: [unclosed\n")
    result = run_cli("carry-actions", str(SEED_000), "--meeting-file", str(bad), cwd=outside)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"archwg: error: {bad}")
    assert result.stderr.count("\n") == 1


# --- actions ---------------------------------------------------------------------------------


def test_actions_json_links_items_to_the_specs_they_name(run_cli, group_repo):
    result = run_cli("actions", "--format", "json", cwd=group_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["meeting", "open", "by_person", "warnings"]
    links = {item["text"]: item["links"] for item in data["open"]}
    assert links[SUBMIT] == [{"slug": "nova-compute-api", "path": "specs/nova-compute-api.rst"}]
    assert links["dtroyer and SpamapS review the base-services workstream"] == [
        {"slug": "base-services", "path": "workstreams/base-services.rst"}]
    assert links["nikhil to draft the messaging patterns proposal"] == []


def test_actions_by_person_lists_an_item_under_each_owner_and_unassigned_last(run_cli, group_repo):
    result = run_cli("actions", "--format", "json", cwd=group_repo)
    groups = {group["nick"]: [item["text"] for item in group["items"]] for group in json.loads(result.stdout)["by_person"]}
    # Every item here has an owner: the empty UNASSIGNED group is left out, as the text and the site
    # leave it out (it used to be kept as "UNASSIGNED": [], which this test required).
    assert list(groups) == ["SpamapS", "rockyg", "harlowja", "cdent", "dtroyer", "nikhil"]
    assert groups["SpamapS"] == [SUBMIT, "dtroyer and SpamapS review the base-services workstream"]
    assert groups["dtroyer"] == ["dtroyer and SpamapS review the base-services workstream"]


def test_actions_text_by_person(run_cli, group_repo):
    result = run_cli("actions", "--by-person", cwd=group_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["owner", "since", "reviewed", "item", "spec"]
    spamaps = [line for line in lines if SUBMIT in line]
    assert len(spamaps) == 1 and spamaps[0].split()[:4] == ["SpamapS", "Mar", "9", "2017"]  # SpamapS' first row
    assert spamaps[0].rstrip().endswith("specs/nova-compute-api.rst")
    assert not any(line.startswith("UNASSIGNED") or "(none)" in line for line in lines)  # no empty row


def test_actions_owner_filter_is_alias_aware(run_cli, group_repo):
    result = run_cli("actions", "--owner", "rocky_g", "--format", "json", cwd=group_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(item["owners"], item["text"]) for item in data["open"]] == [
        (["rockyg"], "rocky_g Send e-mail regarding implementation bleed-through (stretch: submit as a raw proposal)")]


def test_actions_owner_with_no_items(run_cli, outside):
    result = run_cli("actions", str(SEED_000), "--owner", "harlowja", cwd=outside)
    assert result.exit_code == 0
    assert result.stdout == "no open action items for harlowja in arch_wg\n"


def test_actions_owner_unassigned_selects_items_nobody_owns(run_cli, outside):
    log = outside / "arch_wg.2017-04-06-20.00.log.txt"
    log.write_text(
        "20:00:01 <SpamapS> #startmeeting arch_wg\n"
        "20:00:02 <openstack> Meeting started Thu Apr  6 20:00:01 2017 UTC and is due to finish in 60 minutes.\n"
        "20:00:10 <cdent> o/\n"
        "20:01:00 <SpamapS> #action everyone read the DLM spec\n"
        "20:01:10 <SpamapS> #action openstack to remind cdent about placement\n"
        "20:02:00 <SpamapS> #endmeeting\n"
    )
    result = run_cli("actions", str(log), "--owner", "unassigned", "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["text"] for item in data["open"]] == ["everyone read the DLM spec"]
    assert [(group["nick"], len(group["items"])) for group in data["by_person"]] == [("UNASSIGNED", 1)]
    # The bot named first owns nothing; cdent, who spoke, does.
    result = run_cli("actions", str(log), "--owner", "cdent", "--format", "json", cwd=outside)
    assert [item["owners"] for item in json.loads(result.stdout)["open"]] == [["cdent"]]


def test_actions_flat_table_outside_a_repository_has_no_links(run_cli, outside):
    result = run_cli("actions", str(SEED_000), cwd=outside)
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["owners", "since", "reviewed", "item", "spec"]
    assert rows[1].startswith("SpamapS ") and SUBMIT in rows[1] and rows[1].endswith(" -")
    assert rows[2].startswith("UNASSIGNED ") and SEND_EMAIL in rows[2]


def test_warnings_name_only_the_series_reported_on_and_fold_its_old_cut_off_files(run_cli, outside):
    logs = outside / "logs"
    logs.mkdir()

    def log(name: str, ended: bool) -> Path:
        path = logs / name
        series = name.split(".")[0]
        path.write_text(f"20:00:00 <SpamapS> #startmeeting {series}\n20:00:05 <SpamapS> hello\n"
                        + ("20:30:00 <SpamapS> #endmeeting\n" if ended else ""))
        return path

    for day in ("2016-01-07", "2016-01-21", "2016-02-04"):
        log(f"arch_wg.{day}-20.00.log.txt", ended=False)
    log("arch_wg.2016-02-18-20.00.log.txt", ended=True)
    newest = log("arch_wg.2016-03-03-20.00.log.txt", ended=False)
    log("api_wg.2016-03-10-16.00.log.txt", ended=False)
    result = run_cli("carry-actions", str(logs), "--meeting", "arch_wg", "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["warnings"] == [
        "read only meeting series arch_wg; skipped the meetings of api_wg (1)",
        "3 earlier meetings of arch_wg have no #endmeeting (files cut off?), the newest of them on 2016-02-04: "
        f"{logs / 'arch_wg.2016-02-04-20.00.log.txt'}",
        f"{newest}: meeting arch_wg has no #endmeeting (file cut off?)",
    ]
    assert result.stderr == "".join(f"archwg: warning: {warning}\n" for warning in data["warnings"])
    result = run_cli("actions", str(logs), "--meeting", "arch_wg", "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == data["warnings"]


def test_an_item_marked_carried_over_without_a_date_is_read_out_as_carried(run_cli, outside):
    log = outside / "arch_wg.2017-02-09-20.00.log.txt"
    log.write_text("20:00:00 <SpamapS> #startmeeting arch_wg\n"
                   "20:01:00 <SpamapS> #action cdent write the placement spec [carried over]\n"
                   "20:02:00 <cdent> #action cdent bake a cake\n"
                   "20:03:00 <SpamapS> #endmeeting\n")
    result = run_cli("carry-actions", str(log), cwd=outside)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "arch_wg 2017-02-09: 2 open action items",
        "To read out under #topic previous meeting action items:",
        "* cdent write the placement spec (Carried since Feb 9 2017)",
        "* cdent bake a cake",
        "",
        "To carry items again, paste their lines:",
        "#action cdent write the placement spec (Carried since Feb 9 2017)",
        "#action cdent bake a cake (Carried since Feb 9 2017)",
    ]


MONTHS = ("Jan", "Feb", "Mar", "Apr")


def write_meeting(folder, day: int, month: int, lines: list[str]) -> None:
    """A MeetBot .log.txt of the series wg held on 2017-MM-DD at 16:00, with these lines in it."""
    from datetime import date

    weekday = date(2017, month, day).strftime("%a")
    stamp = f"{weekday} {MONTHS[month - 1]} {day} 16:00:03 2017"
    text = [
        "16:00:03 <chair> #startmeeting wg",
        f"16:00:04 <openstack> Meeting started {stamp} UTC and is due to finish in 60 minutes.  The chair is chair.",
        "16:00:07 <openstack> The meeting name has been set to 'wg'",
        "16:00:10 <chair> #topic previous meeting action items",
        *(f"16:00:{20 + index:02d} <chair> {line}" for index, line in enumerate(lines)),
        "16:01:50 <chair> #endmeeting",
        f"16:01:51 <openstack> Meeting ended {stamp.replace('16:00:03', '16:01:50')} UTC.",
    ]
    (folder / f"wg.2017-{month:02d}-{day:02d}-16.00.log.txt").write_text("\n".join(text) + "\n")


def test_text_marks_items_not_reviewed_and_stuck_items(run_cli, tmp_path):
    """The chair sees in the pasted text itself what only a warning said, and which items are stuck."""
    logs = tmp_path / "logs"
    logs.mkdir()
    write_meeting(logs, 2, 3, ["#action alice write the storage doc"])
    write_meeting(logs, 9, 3, ["#action alice write the storage doc (Carried since Mar 2 2017)"])
    write_meeting(logs, 16, 3, ["#action alice write the storage doc (Carried since Mar 2 2017)",
                                "#action bob review the tiers"])
    write_meeting(logs, 23, 3, ["#action alice write the storage doc (Carried since Mar 2 2017)"])
    result = run_cli("carry-actions", str(logs), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "* alice write the storage doc (Carried since Mar 2 2017) [stuck: carried through 3 meetings]" in lines
    assert "* bob review the tiers [not reviewed at the meeting of 2017-03-23]" in lines
    # The lines to paste stay as the group writes them.
    assert "#action alice write the storage doc (Carried since Mar 2 2017)" in lines
    assert "#action bob review the tiers (Carried since Mar 16 2017)" in lines
    assert result.stderr.startswith(  # still said on stderr too
        "archwg: warning: the meeting wg 2017-03-23 did not review 1 open action item, still open: bob review the tiers\n")


def test_actions_links_an_item_to_a_spec_by_its_title_words(run_cli, group_repo):
    shutil.copy(PROJECT_ROOT / "specs" / "error-codes-and-logging.rst",
                group_repo / "specs" / "error-codes-and-logging.rst")
    result = run_cli("actions", str(SEED_000), "--format", "json", cwd=group_repo)
    assert result.exit_code == 0, result.output
    links = {item["text"]: [link["slug"] for link in item["links"]] for item in json.loads(result.stdout)["open"]}
    assert links[RESURRECT] == ["error-codes-and-logging"]  # "...Error Codes and Logging Improvements spec..."
    assert links[SEND_EMAIL] == []


def test_a_title_names_a_spec_only_as_whole_words_in_order():
    from archwg.specs.links import slugs_named

    titles = {"dlm": "Distributed Lock Management", "log-rules": "Logging"}
    assert slugs_named("review the distributed lock-management thread", titles, titles) == ("dlm",)
    assert slugs_named("lock management, distributed", titles, titles) == ()
    assert slugs_named("undistributed lock management", titles, titles) == ()
    assert slugs_named("improve Logging everywhere", titles, titles) == ()  # one word is too common


def test_an_item_carried_since_before_the_logs_counts_the_meetings_its_date_implies(run_cli, group_repo):
    """"(Carried since Jan 26 2017)" first seen in the log of Feb 23 was carried through the meetings of
    Feb 9, Feb 23 and Mar 9 (biweekly, as the description schedules them): stuck at Mar 9. Counting
    the recordings in the logs read alone gave 0."""
    logs = group_repo / "meetings" / "logs" / "arch_wg"
    read = [str(path) for path in sorted(logs.glob("arch_wg.2017-0[23]-*.log.txt")) if "03-23" not in path.name]
    result = run_cli("carry-actions", *read, cwd=group_repo)
    assert result.exit_code == 0, result.output
    assert ("* cdent propose a spec for the placement extraction (Carried since Jan 26 2017) "
            "[not reviewed at the meeting of 2017-03-09] [stuck: carried through 3 meetings]") in result.stdout.splitlines()
    # The core, as the site and the bot read it: the meetings it stayed open through.
    from archwg.config import load_config
    from archwg.meetings.series import Reading, carry_series

    (cdent,) = [item for item in carry_series(load_config(group_repo), Reading(read)).report.open
                if item.text.startswith("cdent")]
    assert cdent.open_through == (date(2017, 2, 9), date(2017, 2, 23), date(2017, 3, 9))
    assert (cdent.carried_through, cdent.stuck) == (3, True)
