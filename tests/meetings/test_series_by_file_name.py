"""carry-actions and actions read only the chosen series' files when MeetBot's file names tell the series.

The other series' files are made unreadable (binary junk, too big to be read
as a possible rename stub): had they been opened, the folder read would warn
"not a meeting log (binary data); skipped" for each of them.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from archwg.meetings.series import series_by_file_names

TESTS = Path(__file__).resolve().parent.parent
SERIES = TESTS / "data" / "meetings" / "series"
FEDORA = TESTS / "data" / "realworld" / "fedora"
JUNK = b"\x00\x01\x02\xff" * 1024  # 4 KB: above the size under which any file is read

ARCH_WG = sorted(path.name for path in SERIES.glob("arch_wg.*"))
API_WG = sorted(path.name for path in SERIES.glob("api_wg.*"))


@pytest.fixture
def logs(tmp_path):
    """The series folder's arch_wg logs, and its two api_wg files turned into binary junk."""
    folder = tmp_path / "logs"
    folder.mkdir()
    for name in ARCH_WG:
        shutil.copy(SERIES / name, folder / name)
    for name in API_WG:
        (folder / name).write_bytes(JUNK)
    return folder


def carry_json(run_cli, cwd, *args):
    result = run_cli("carry-actions", "--format", "json", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def junk_warnings(folder: Path) -> list[str]:
    return [f"{folder / name}: not a meeting log (binary data); skipped" for name in API_WG]


def test_the_other_series_files_are_not_opened(run_cli, outside, logs):
    data, stderr = carry_json(run_cli, outside, str(logs), "--meeting", "arch_wg")
    # The same answer as from the intact folder, where api_wg's files were readable.
    intact, _ = carry_json(run_cli, outside, str(SERIES), "--meeting", "arch_wg")
    assert data["meeting"] == {"id": "arch_wg", "date": "2017-03-23",
                               "source": str(logs / "arch_wg.2017-03-23-20.00.log.txt")}
    assert (data["open"], data["closed"]) == (intact["open"], intact["closed"])
    assert len(data["open"]) == 6
    assert data["warnings"][0] == "read only meeting series arch_wg; skipped the meetings of api_wg (2)"
    assert "binary" not in stderr


def test_meeting_in_another_case_picks_the_series_by_name(run_cli, outside, logs):
    data, stderr = carry_json(run_cli, outside, str(logs), "--meeting", "ARCH_WG")
    assert data["meeting"]["id"] == "arch_wg" and data["meeting"]["date"] == "2017-03-23"
    assert data["warnings"][0] == "read only meeting series arch_wg; skipped the meetings of api_wg (2)"
    assert "binary" not in stderr


def test_actions_reads_the_same_files(run_cli, outside, logs):
    result = run_cli("actions", str(logs), "--meeting", "arch_wg", "--format", "json", cwd=outside)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["meeting"]["id"] == "arch_wg" and len(data["open"]) == 6
    assert "binary" not in result.stderr


def test_default_series_is_the_newest_file_by_its_name(run_cli, outside, logs):
    # api_wg's files are older here; arch_wg's newest (Mar 23) is the newest file.
    for name in API_WG:
        (logs / name).unlink()
    (logs / "api_wg.2017-01-05-16.00.log.txt").write_bytes(JUNK)
    data, stderr = carry_json(run_cli, outside, str(logs))
    assert data["meeting"]["id"] == "arch_wg" and data["meeting"]["date"] == "2017-03-23"
    assert data["warnings"][0] == "read only meeting series arch_wg; skipped the meetings of api_wg (1)"
    assert "binary" not in stderr


def test_one_file_without_a_meetbot_name_makes_it_read_everything(run_cli, outside, logs):
    shutil.copy(SERIES / "arch_wg.2017-02-09-20.00.log.txt", logs / "notes-from-the-first-meeting.txt")
    (logs / "arch_wg.2017-02-09-20.00.log.txt").unlink()
    data, stderr = carry_json(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert data["meeting"]["id"] == "arch_wg" and data["meeting"]["date"] == "2017-03-23"
    # Every file was opened: the junk named for api_wg is warned about, in file order.
    assert data["warnings"][:2] == junk_warnings(logs)
    assert stderr.startswith("".join(f"archwg: warning: {warning}\n" for warning in junk_warnings(logs)))


def test_a_meeting_named_otherwise_than_its_file_makes_it_read_everything(run_cli, outside, logs):
    # arch_wg's Mar 23 file holds, renamed by hand, a meeting recorded as api_wg
    # (another series some files are named for): the names cannot be trusted,
    # so every file is read. The file's MeetBot name gives its series; the
    # meeting is also found under the name it was recorded under.
    renamed = logs / "arch_wg.2017-03-23-20.00.log.txt"
    renamed.write_text((SERIES / "api_wg.2017-03-30-16.00.log.txt").read_text())
    data, stderr = carry_json(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert data["meeting"] == {"id": "arch_wg", "date": "2017-03-30", "source": str(renamed)}
    assert data["warnings"][:3] == [
        *junk_warnings(logs),
        f"{renamed}: the file name says 2017-03-23, the bot's greeting says 2017-03-30; the greeting's date is used",
    ]
    # Without --meeting the newest meeting read is the renamed one: its file names the series.
    data, _ = carry_json(run_cli, outside, str(logs))
    assert data["meeting"] == {"id": "arch_wg", "date": "2017-03-30", "source": str(renamed)}
    # Under the name it was recorded under, it is api_wg's only meeting read.
    data, _ = carry_json(run_cli, outside, str(logs), "--meeting", "api_wg")
    assert data["meeting"] == {"id": "api_wg", "date": "2017-03-30", "source": str(renamed)}
    assert "read only meeting series api_wg; skipped the meetings of arch_wg (3)" in data["warnings"]


def test_a_newest_file_that_holds_no_meeting_makes_it_read_everything(run_cli, outside, logs):
    # By name arch_wg's junk of Apr 6 is the newest file; it holds no meeting,
    # so the newest meeting, the one that picks the series, is api_wg's.
    for name in API_WG:
        shutil.copy(SERIES / name, logs / name)
    (logs / "arch_wg.2017-04-06-20.00.log.txt").write_bytes(JUNK)
    data, _ = carry_json(run_cli, outside, str(logs))
    assert data["meeting"]["id"] == "api_wg" and data["meeting"]["date"] == "2017-03-30"
    assert data["warnings"] == [
        f"{logs / 'arch_wg.2017-04-06-20.00.log.txt'}: not a meeting log (binary data); skipped",
        "read only meeting series api_wg; skipped the meetings of arch_wg (4)",
    ]


def test_an_unknown_meeting_still_names_the_series_inside_the_logs(run_cli, outside):
    result = run_cli("carry-actions", str(SERIES), "--meeting", "nova", cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == ("archwg: error: no meeting of series 'nova' in the logs read "
                             "(series found: api_wg, arch_wg)\n")


def test_meetbots_rename_stub_of_another_series_is_still_skipped_not_counted(run_cli, outside):
    # The 57-byte stub MeetBot left under magazine_editorial_board after #meetingname.
    data, _ = carry_json(run_cli, outside, str(FEDORA))
    assert data["meeting"]["id"] == "fedora_iot_working_group_meeting"
    assert data["warnings"] == [
        "read only meeting series fedora_iot_working_group_meeting; skipped the meetings of magazine (1)",
    ]


def test_a_file_named_on_the_command_line_is_always_read(run_cli, outside, logs):
    junk = logs / API_WG[0]
    result = run_cli("carry-actions", str(logs / ARCH_WG[-1]), str(junk), "--meeting", "arch_wg", cwd=outside)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {junk}: not a meeting log (binary data)\n"


# --- series_by_file_names: the choice alone --------------------------------------------------


def test_choice_by_name_newest_file_and_the_runner_up():
    paths = ["a/arch_wg.2017-03-23-20.00.log.txt", "b/api_wg.2017-03-16-16.00.log.txt",
             "a/arch_wg.2017-03-09-20.01.log.txt"]
    choice = series_by_file_names(paths)
    assert choice.series == "arch_wg"
    assert choice.newest_of_others == datetime(2017, 3, 16, 16, 0)
    assert [path for path in paths if choice.holds(path)] == [paths[0], paths[2]]


def test_choice_by_name_with_meeting_id_in_any_case():
    choice = series_by_file_names(["Arch_WG.2017-03-23-20.00.log.txt", "api_wg.2017-03-30-16.00.log.txt"], "arch_wg")
    assert choice.series == "arch_wg" and choice.newest_of_others is None
    assert choice.holds("Arch_WG.2017-03-23-20.00.log.txt")


@pytest.mark.parametrize("paths, meeting_id", [
    (["arch_wg.2017-03-23-20.00.log.txt", "notes.txt"], None),  # a name that is not MeetBot's
    (["arch_wg.2017-03-23-20.00.log.txt", "-"], None),  # standard input
    (["arch_wg.2017-13-23-20.00.log.txt"], None),  # no such date
    (["arch_wg.2017-03-23-20.00.log.txt"], "api_wg"),  # no file of that series
    (["magazine.2020-06-10-12.02.log.txt", "magazine_editorial_board.2020-06-10-12.02.log.txt"], None),  # a tie
    ([], None),
])
def test_choice_by_name_declines_when_the_names_cannot_tell(paths, meeting_id):
    assert series_by_file_names(paths, meeting_id) is None
