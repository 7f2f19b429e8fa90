"""Bad input: a clear one-line error naming the file (exit 2) or a warning, never a traceback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from archwg.errors import BadInput
from archwg.meetings.load import read_meetings

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_000 = DATA / "000_29a86aef99d720fa.txt"
NOT_A_LOG = "no MeetBot, irssi or weechat lines, no MeetBot minutes"
SPEC = """\
================
nova-compute-api
================

:Status: active
:Champion: SpamapS

Problem description
===================

nova-compute should be its own API. See 20:01:06 <SpamapS> for the meeting.
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
        ("data.json", b'{"meeting": "arch_wg", "actions": ["#action x"]}\n', NOT_A_LOG),
        ("nova-compute-api.rst", SPEC.encode(), NOT_A_LOG),
        ("empty.log.txt", b"", "empty file"),
        ("blank.log.txt", b"\n\n  \n", "empty file"),
        ("test-script-2.log.txt",
         (DATA / "realworld" / "openstack-infra_meetbot_tests" / "test-script-2.log.txt").read_bytes(), NOT_A_LOG),
    ],
)
def test_not_a_meeting_log(tmp_path, run_cli, name, data, reason):
    path = write(tmp_path, name, data)
    with pytest.raises(BadInput) as error:
        list(read_meetings([str(path)]))
    assert str(error.value) == f"{path}: not a meeting log ({reason})"
    result = run_cli("minutes", str(path), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"archwg: error: {path}: not a meeting log ({reason})\n"


def test_binary_after_a_good_start_is_named_with_its_line(tmp_path):
    chat = b"20:30:00 <cdent> more talk\n" * 4000  # past the 64 kB format detection looks at
    data = SEED_000.read_bytes()[:2000] + b"\n" + chat + b"\x00" * 70000
    path = write(tmp_path, "arch_wg.2017-03-09-20.01.log.txt", data)
    with pytest.raises(BadInput, match=r"log\.txt:\d+: not a meeting log \(binary data\)"):
        list(read_meetings([str(path)]))


def test_a_log_with_no_meeting_in_it(tmp_path, run_cli):
    path = write(tmp_path, "chat.log.txt", b"20:01:06 <cdent> hello\n20:01:07 <rockyg> o/\n")
    result = run_cli("minutes", str(path), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {path}: no #startmeeting found: not a meeting log\n"


def test_no_date_anywhere(tmp_path, run_cli):
    path = write(tmp_path, "pasted.txt", b"20:01:06 <SpamapS> #startmeeting arch_wg\n20:39:42 <SpamapS> #endmeeting\n")
    result = run_cli("minutes", str(path), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"archwg: error: {path}: no date for meeting arch_wg: no 'Meeting started' line from the bot and no "
        "date in the file name; give it with --date YYYY-MM-DD\n"
    )
    result = run_cli("minutes", str(path), "--date", "2017-03-09", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    assert '"start": "2017-03-09T20:01:06"' in result.stdout


def test_latin1_bytes_fall_back_with_a_warning(tmp_path, run_cli):
    data = SEED_000.read_bytes().replace(b"<cdent> o/", "<cdent> caf\u00e9 o/".encode("latin-1"))
    path = write(tmp_path, "arch_wg.2017-03-09-20.01.log.txt", data)
    warnings = []
    (meeting,) = read_meetings([str(path)], warn=warnings.append)
    assert warnings == [f"{path}:6: not valid UTF-8, read as latin-1"]
    assert len(meeting.actions) == 3
    result = run_cli("minutes", str(path), cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stderr == f"archwg: warning: {path}:6: not valid UTF-8, read as latin-1\n"
    # JSON says what was printed, in minutes as in carry-actions.
    for command in ("minutes", "carry-actions"):
        result = run_cli(command, str(path), "--format", "json", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["warnings"] == [f"{path}:6: not valid UTF-8, read as latin-1"]


def test_utf8_text_is_kept(tmp_path):
    data = SEED_000.read_bytes().replace(b"#action SpamapS submit", "#action SpamapS soumet l'\u00e9tude,".encode())
    path = write(tmp_path, "arch_wg.2017-03-09-20.01.log.txt", data)
    warnings = []
    (meeting,) = read_meetings([str(path)], warn=warnings.append)
    assert warnings == []
    assert meeting.actions[-1].text.startswith("SpamapS soumet l'\u00e9tude,")


def test_crlf_bom_and_blank_lines(tmp_path):
    text = SEED_000.read_text(encoding="utf-8")
    data = "\ufeff".encode() + text.replace("\n", "\r\n\r\n").encode()
    path = write(tmp_path, "arch_wg.2017-03-09-20.01.log.txt", data)
    (meeting,) = read_meetings([str(path)])
    (reference,) = read_meetings([str(SEED_000)])
    assert meeting.start == datetime(2017, 3, 9, 20, 1, 6)
    assert [item.text for item in meeting.items] == [item.text for item in reference.items]
    assert meeting.lines_said == reference.lines_said
    assert not any("\r" in item.text or "\ufeff" in item.text for item in meeting.items)


def test_cut_off_file_is_a_meeting_not_ended_with_a_warning(tmp_path, run_cli):
    lines = SEED_000.read_text(encoding="utf-8").splitlines(keepends=True)
    path = write(tmp_path, "arch_wg.2017-03-09-20.01.log.txt", "".join(lines[:40]).encode() + b"20:11:16 <cde")
    warnings = []
    (meeting,) = read_meetings([str(path)], warn=warnings.append)
    assert not meeting.ended
    assert [item.text[:30] for item in meeting.actions] == ["rocky_g Send email regarding i",
                                                            "rocky_g Resurrect Error Codes "]
    # The warning is the meeting's, reported by the command that reports on it.
    assert warnings == []
    assert meeting.warnings == (f"{path}: meeting arch_wg has no #endmeeting (file cut off?)",)
    result = run_cli("minutes", str(path), cwd=tmp_path)
    assert result.exit_code == 0
    assert "Meeting not ended: the log has no #endmeeting (cut off?)." in result.stdout
    assert result.stderr == f"archwg: warning: {path}: meeting arch_wg has no #endmeeting (file cut off?)\n"


def test_missing_file(tmp_path, run_cli):
    result = run_cli("minutes", str(tmp_path / "nope.log.txt"), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {tmp_path / 'nope.log.txt'}: no such file or directory\n"


def test_minutes_that_are_not_minutes(tmp_path):
    path = write(tmp_path, "x.html", b"<!DOCTYPE html><html><body><p>Meeting started by nobody</p></body></html>")
    with pytest.raises(BadInput) as error:
        list(read_meetings([str(path)]))
    assert str(error.value) == f"{path}: not MeetBot minutes (no 'Meeting summary' section)"


def test_a_folder_skips_a_log_it_cannot_date_but_a_named_log_stays_an_error(tmp_path, run_cli):
    logs = tmp_path / "logs"
    logs.mkdir()
    write(logs, "arch_wg.2017-03-09-20.01.log.txt", SEED_000.read_bytes())
    undated = write(logs, "pasted.txt", b"20:01:06 <SpamapS> #startmeeting arch_wg\n20:39:42 <SpamapS> #endmeeting\n")
    no_date = (f"{undated}: no date for meeting arch_wg: no 'Meeting started' line from the bot and no date in the "
               "file name; give it with --date YYYY-MM-DD")
    result = run_cli("carry-actions", str(logs), "--meeting", "arch_wg", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("arch_wg 2017-03-09: 3 open action items\n")
    assert result.stderr == f"archwg: warning: {no_date}; skipped\n"
    result = run_cli("carry-actions", str(logs / "arch_wg.2017-03-09-20.01.log.txt"), str(undated), cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"archwg: error: {no_date}\n"


def test_the_real_archive_of_test_data_is_read_past_meetbots_undated_test_scripts(run_cli, tmp_path):
    result = run_cli("carry-actions", str(DATA), "--meeting", "arch_wg", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    script = DATA / "realworld" / "openstack-infra_meetbot_tests" / "test-script-1.log.txt"
    assert f"archwg: warning: {script}: no date for meeting test_meeting" in result.stderr


def test_no_meeting_in_an_empty_folder_names_the_folder(tmp_path, run_cli):
    empty = tmp_path / "emptydir"
    empty.mkdir()
    for command in ("carry-actions", "actions", "minutes"):
        result = run_cli(command, str(empty), cwd=tmp_path)
        assert result.exit_code == 2
        assert result.stderr == f"archwg: error: no meeting found in {empty}/ (0 files)\n"


def test_no_meeting_in_a_folder_of_files_that_are_not_logs_counts_them(tmp_path, run_cli):
    folder = tmp_path / "notes"
    folder.mkdir()
    write(folder, "a.md", b"# notes\n")
    write(folder, "b.md", b"# more notes\n")
    result = run_cli("carry-actions", str(folder) + "/", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"archwg: error: no meeting found in {folder}/ (2 files)"


def test_the_meetingname_stub_named_alone_is_an_error_that_names_it(tmp_path, run_cli):
    stub = DATA / "realworld" / "fedora" / "magazine_editorial_board.2020-06-10-12.02.log.txt"
    for command in ("carry-actions", "minutes"):
        result = run_cli(command, str(stub), cwd=tmp_path)
        assert result.exit_code == 2
        assert result.stderr == (f"archwg: error: no meeting found in {stub}: only a #startmeeting line (the stub "
                                 "MeetBot leaves after #meetingname)\n")


def test_the_meetingname_stub_named_beside_its_meeting_is_a_warning(tmp_path, run_cli):
    fedora = DATA / "realworld" / "fedora"
    stub = fedora / "magazine_editorial_board.2020-06-10-12.02.log.txt"
    result = run_cli("minutes", str(stub), str(fedora / "magazine.2020-06-10-12.02.log.txt"), "--format", "json",
                     cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"archwg: warning: {stub}: only a #startmeeting line (the stub MeetBot leaves after "
                             "#meetingname); skipped\n")
