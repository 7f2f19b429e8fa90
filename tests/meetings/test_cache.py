"""The meetings cache (archwg/meetings/cache.py): runs with it say exactly what runs without it say."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from archwg.meetings.cache import MAGIC, MeetingCache
from archwg.meetings.load import read_meetings

DATA = Path(__file__).resolve().parent.parent / "data"
SERIES = DATA / "meetings" / "series"
FEDORA = DATA / "realworld" / "fedora"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARCHWG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def logs(tmp_path):
    """A folder of two series (arch_wg, api_wg) and one real Fedora meeting, with its rename stub."""
    folder = tmp_path / "logs"
    shutil.copytree(SERIES, folder)
    for name in ("magazine.2020-06-10-12.02.log.txt", "magazine_editorial_board.2020-06-10-12.02.log.txt"):
        shutil.copy(FEDORA / name, folder / name)
    return folder


def cache_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def json_without_warnings(result, about: str) -> dict:
    """*result*'s JSON output, without the warnings that mention *about* (a damaged cache's)."""
    data = json.loads(result.stdout)
    data["warnings"] = [message for message in data["warnings"] if about not in message]
    return data


def carry(run_cli, cwd, *args):
    result = run_cli("carry-actions", "--format", "json", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return result


def test_warm_run_equals_cold_run_and_comes_from_the_cache(run_cli, outside, logs, cache_dir):
    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert cache_files(cache_dir)
    warm = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert warm.stdout == carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache").stdout
    # Proof that the warm run read the cache and not the file: a change hidden
    # behind the same size and mtime is not seen (a real edit changes the mtime).
    newest = logs / "arch_wg.2017-03-23-20.00.log.txt"
    stat = newest.stat()
    text = newest.read_text(encoding="utf-8")
    hidden = text.replace("<SpamapS> #action nikhil", "<SpamapS> #info   nikhil", 1)
    assert len(hidden.encode()) == stat.st_size and hidden != text
    newest.write_text(hidden, encoding="utf-8")
    os.utime(newest, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert carry(run_cli, outside, str(logs), "--meeting", "arch_wg").stdout == cold.stdout
    assert carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache").stdout != cold.stdout


def test_minutes_warm_equals_cold(run_cli, outside, logs, cache_dir):
    args = ("minutes", str(logs / "magazine.2020-06-10-12.02.log.txt"), "--format", "json")
    cold = run_cli(*args, cwd=outside)
    warm = run_cli(*args, cwd=outside)
    assert cold.exit_code == warm.exit_code == 0
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert json.loads(warm.stdout)["people"]


@pytest.mark.parametrize("change", ["changed", "added", "removed"])
def test_a_changed_added_or_removed_log_is_read_again(run_cli, outside, logs, cache_dir, change):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    newest = logs / "arch_wg.2017-03-23-20.00.log.txt"
    if change == "changed":
        text = newest.read_text(encoding="utf-8")
        newest.write_text(text.replace("#endmeeting", "#action SpamapS write the cache spec\n20:59:00 <SpamapS> "
                                                      "#endmeeting"), encoding="utf-8")
    elif change == "added":
        later = logs / "arch_wg.2017-04-06-20.00.log.txt"
        later.write_text(newest.read_text(encoding="utf-8").replace("Mar 23", "Apr  6"), encoding="utf-8")
    else:
        newest.unlink()
    warm = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (warm.stdout, warm.stderr) == (fresh.stdout, fresh.stderr)
    data = json.loads(warm.stdout)
    if change == "changed":
        assert "SpamapS write the cache spec" in [item["text"] for item in data["open"]]
    elif change == "added":
        assert data["meeting"]["date"] == "2017-04-06"
    else:
        assert data["meeting"]["date"] == "2017-03-09"


@pytest.mark.parametrize("damage", [b"", b"garbage", MAGIC + b"\x00\x01truncated", MAGIC + b"N"])
def test_a_corrupt_cache_is_ignored_with_a_warning_and_rebuilt(run_cli, outside, logs, cache_dir, damage):
    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    written = cache_files(cache_dir)
    assert written
    for path in written:
        path.write_bytes(damage)
    damaged = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    data = json.loads(damaged.stdout)
    about_cache = [message for message in data["warnings"] if message.startswith("cache file ")]
    assert about_cache and all("corrupt" in message or "not an archwg cache" in message for message in about_cache)
    data["warnings"] = [message for message in data["warnings"] if message not in about_cache]
    assert data == json.loads(cold.stdout)
    assert "archwg: warning: cache file" in damaged.stderr
    # Rebuilt: the next run says nothing about the cache and gives the same answer.
    assert all(path.read_bytes().startswith(MAGIC) for path in cache_files(cache_dir))
    again = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (again.stdout, again.stderr) == (cold.stdout, cold.stderr)


def test_no_cache_writes_nothing(run_cli, outside, logs, cache_dir):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    result = run_cli("minutes", str(logs), "--no-cache", cwd=outside)
    assert result.exit_code == 0, result.output
    assert cache_files(cache_dir) == []


def test_cache_folder_follows_xdg_then_home(run_cli, outside, logs, tmp_path, monkeypatch):
    monkeypatch.delenv("ARCHWG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert cache_files(tmp_path / "xdg" / "archwg")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    carry(run_cli, outside, str(logs), "--meeting", "api_wg")
    assert cache_files(tmp_path / "home" / ".cache" / "archwg")


def snapshot(meetings):
    return list(meetings)  # whole Meetings: every field compared


@pytest.mark.parametrize("detail", ["full", "actions"])
def test_read_meetings_through_the_cache_gives_the_same_meetings_and_warnings(logs, tmp_path, detail):
    (logs / "latin1.2017-05-04-20.00.log.txt").write_bytes(
        b"20:00:00 <SpamapS> #startmeeting arch_wg\n20:00:05 <SpamapS> caf\xe9\n")
    (logs / "notes.txt").write_text("not a meeting\n", encoding="utf-8")

    def read(cache):
        told: list[str] = []
        meetings = snapshot(read_meetings([str(logs)], warn=told.append, detail=detail, cache=cache))
        return meetings, told

    plain = read(None)
    assert any("latin-1" in message for message in plain[1])
    assert any("notes.txt" in message for message in plain[1])
    first = read(MeetingCache(str(tmp_path / "c")))
    second = read(MeetingCache(str(tmp_path / "c")))
    assert first == plain
    assert second == plain


def new_meeting(logs: Path) -> Path:
    """The series' newest log, held again two weeks later."""
    newest = logs / "arch_wg.2017-03-23-20.00.log.txt"
    later = logs / "arch_wg.2017-04-06-20.00.log.txt"
    later.write_text(newest.read_text(encoding="utf-8").replace("Mar 23", "Apr  6"), encoding="utf-8")
    return later


def hide_a_change(log: Path, old: str, new: str) -> None:
    """Change *log* behind the cache's back: same size, same mtime."""
    stat = log.stat()
    text = log.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    log.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(log, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_run_after_a_new_meeting_carries_only_the_new_meeting(run_cli, outside, logs, cache_dir):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert list(cache_dir.rglob("carry/*.marshal"))
    # The oldest meeting changed behind the cache's back: a run that carried
    # from the first meeting again would see its #action gone.
    oldest = logs / "arch_wg.2017-02-09-20.00.log.txt"
    text = oldest.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "> #action " in line)
    hide_a_change(oldest, line, line.replace("#action ", "#info   ", 1))
    new_meeting(logs)
    resumed = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert resumed.stdout != fresh.stdout  # the old meetings' carry state was used, not carried again
    # What the resumed run says is what a run over the files as they were says.
    hide_a_change(oldest, line.replace("#action ", "#info   ", 1), line)
    assert resumed.stdout == carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache").stdout
    assert json.loads(resumed.stdout)["meeting"]["date"] == "2017-04-06"


def test_warm_carry_equals_cold_after_new_meetings_and_with_a_description(run_cli, group_logs, cache_dir):
    root, logs = group_logs
    cold = carry(run_cli, root)
    assert (carry(run_cli, root).stdout, carry(run_cli, root).stderr) == (cold.stdout, cold.stderr)
    new_meeting(logs)
    warm = carry(run_cli, root)
    fresh = carry(run_cli, root, "--no-cache")
    assert (warm.stdout, warm.stderr) == (fresh.stdout, fresh.stderr)
    assert warm.stdout != cold.stdout


@pytest.mark.parametrize("damage", [
    lambda size, mtime_ns: (size, mtime_ns, b""),
    lambda size, mtime_ns: (size, mtime_ns, b"\x00garbage"),
    lambda size, mtime_ns: (size, mtime_ns, b"N"),
    lambda size, mtime_ns: (size, mtime_ns, None),
    lambda size, mtime_ns: 7,
    lambda size, mtime_ns: (size,),
], ids=["empty", "garbage", "none packed", "not bytes", "a number", "cut short"])
def test_a_damaged_parse_inside_a_sound_cache_file_is_ignored_with_a_warning(run_cli, outside, logs, cache_dir,
                                                                              damage):
    """Each log's parse is kept as bytes inside its folder's cache file: an entry may be damaged alone."""
    import marshal

    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    buckets = [path for path in cache_files(cache_dir) if path.parent.name == "parses"]
    assert buckets
    for bucket in buckets:
        entries = marshal.loads(bucket.read_bytes()[len(MAGIC):])
        entries = {name: damage(size, mtime_ns) for name, (size, mtime_ns, _) in entries.items()}
        bucket.write_bytes(MAGIC + marshal.dumps(entries))
    for answer in (cache_dir / path for path in os.listdir(cache_dir)):
        shutil.rmtree(answer / "answers", ignore_errors=True)  # so that the logs are read again
        shutil.rmtree(answer / "carry", ignore_errors=True)

    damaged = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")

    data = json.loads(damaged.stdout)
    about_cache = [message for message in data["warnings"] if message.startswith("cache file ")]
    assert about_cache and all(message.endswith("is corrupt; ignored and rebuilt") for message in about_cache)
    data["warnings"] = [message for message in data["warnings"] if message not in about_cache]
    assert data == json.loads(cold.stdout)
    again = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (again.stdout, again.stderr) == (cold.stdout, cold.stderr)


def test_a_corrupt_carry_state_is_ignored_with_a_warning(run_cli, outside, logs, cache_dir):
    from archwg.meetings.cache import MAGIC

    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    for answer in cache_dir.rglob("answers/*.marshal"):
        answer.unlink()  # else the unchanged files' answer is given and the state never read
    for state in cache_dir.rglob("carry/*.marshal"):
        import marshal

        series_key, files, _ = marshal.loads(state.read_bytes()[len(MAGIC):])
        state.write_bytes(MAGIC + marshal.dumps((series_key, files, (4, {"version": "nonsense"}))))
    damaged = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert "a saved carry state is corrupt; ignored and rebuilt" in damaged.stderr
    data = json_without_warnings(damaged, "carry state")
    assert data == json.loads(cold.stdout)
    again = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (again.stdout, again.stderr) == (cold.stdout, cold.stderr)


@pytest.fixture
def group_logs(spec_repo):
    """A spec repository with the group's description (aliases, courtesy ping) and the arch_wg logs."""
    project = Path(__file__).resolve().parent.parent.parent
    (spec_repo / "meetings").mkdir()
    shutil.copy(project / "meetings" / "arch_wg.yaml", spec_repo / "meetings" / "arch_wg.yaml")
    logs = spec_repo / "meetings" / "logs" / "arch_wg"
    logs.mkdir(parents=True)
    for log in SERIES.glob("arch_wg.*.log.txt"):
        shutil.copy(log, logs / log.name)
    return spec_repo, logs


def test_every_field_of_a_meeting_survives_the_cache():
    from dataclasses import fields
    from datetime import datetime

    from archwg.meetings.cache import meeting_facts, meeting_from_facts
    from archwg.meetings.model import Item, Meeting

    item = Item("action", "cdent to review", "SpamapS", "20:01:02", 7, "previous meeting action items")
    meeting = Meeting("arch_wg", datetime(2017, 3, 9, 20, 1, 6), "x.log.txt", ("SpamapS",), (item,),
                      (("SpamapS", 3),), frozenset({"SpamapS", "cdent"}), "openstack",
                      (Item("said", "* cdent to review", "SpamapS", "20:01:01", 6, None),), False, ("cut off",),
                      file_series="arch_wg", ended_at="20:59:00", meeting_topic="Arch WG",
                      channel="#openstack-meeting")
    # Every field differs from its default, so a field the cache forgot would show.
    assert all(getattr(meeting, field.name) != field.default for field in fields(Meeting))
    assert meeting_from_facts(meeting_facts(meeting)) == meeting


def test_a_warm_carry_is_answered_without_reading_the_logs_parses_or_carry_state(run_cli, outside, logs, cache_dir):
    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert len(list(cache_dir.rglob("answers/*.marshal"))) == 1
    # Were they read, the damaged parses and carry state would be warned about.
    for path in [*cache_dir.rglob("parses/*.marshal"), *cache_dir.rglob("carry/*.marshal")]:
        path.write_bytes(b"garbage")
    warm = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    # Another question (another series of the same files) is not answered with this one's report.
    other = carry(run_cli, outside, str(logs), "--meeting", "api_wg")
    assert json.loads(other.stdout)["meeting"]["id"] == "api_wg"
    assert "cache file" in other.stderr  # it read the damaged parses, warned and rebuilt them
    again = carry(run_cli, outside, str(logs), "--meeting", "api_wg")
    assert again.stdout == carry(run_cli, outside, str(logs), "--meeting", "api_wg", "--no-cache").stdout


def test_a_saved_answer_is_not_given_for_other_files_of_the_same_name(run_cli, tmp_path, cache_dir):
    """The question holds the working directory: "logs" in one folder is not "logs" in another."""
    name = "arch_wg.2017-02-09-20.00.log.txt"
    text = (SERIES / name).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "> #action " in line)
    # Same relative path, size and mtime; one #action fewer in the second folder.
    for folder, written in (("one", text), ("two", text.replace(line, line.replace("#action ", "#info   "), 1))):
        log = tmp_path / folder / "logs" / name
        log.parent.mkdir(parents=True)
        log.write_text(written, encoding="utf-8")
        os.utime(log, ns=(0, 0))
    one = carry(run_cli, tmp_path / "one", "logs")
    two = carry(run_cli, tmp_path / "two", "logs")
    assert one.stdout != two.stdout
    assert two.stdout == carry(run_cli, tmp_path / "two", "logs", "--no-cache").stdout


def test_a_changed_description_is_carried_again(run_cli, group_logs, cache_dir):
    root, _ = group_logs
    before = carry(run_cli, root)
    description = root / "meetings" / "arch_wg.yaml"
    description.write_text(description.read_text(encoding="utf-8").replace(
        "rockyg: [rocky_g]", "rockyg: [rocky_g]\n  SpamapS: [dtroyer]"), encoding="utf-8")
    after = carry(run_cli, root)
    assert after.stdout != before.stdout
    assert (after.stdout, after.stderr) == (carry(run_cli, root, "--no-cache").stdout,
                                            carry(run_cli, root, "--no-cache").stderr)


def test_a_corrupt_saved_answer_is_ignored_with_a_warning(run_cli, outside, logs, cache_dir):
    import marshal

    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    (answer,) = cache_dir.rglob("answers/*.marshal")
    question, files, _ = marshal.loads(answer.read_bytes()[len(MAGIC):])
    answer.write_bytes(MAGIC + marshal.dumps((question, files, ("arch_wg", (), 3))))
    damaged = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert "a saved carry report is corrupt; ignored and rebuilt" in damaged.stderr
    data = json_without_warnings(damaged, "carry report")
    assert data == json.loads(cold.stdout)
    again = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert (again.stdout, again.stderr) == (cold.stdout, cold.stderr)


def test_every_field_of_a_carry_report_survives_the_cache():
    from datetime import date

    from archwg.meetings.cache import REPORT_FIELDS, ACTION_FIELDS, report_facts, report_from_facts
    from archwg.meetings.model import ActionItem, CarryReport, Since

    item = ActionItem(owners=("rockyg", "SpamapS"), text="write it", since=Since(date(2017, 1, 1), "month"),
                      recorded=(date(2017, 1, 5), date(2017, 1, 19)), reviewed=False, closed=date(2017, 2, 2),
                      meeting="arch_wg", links=("nova-compute-api",), marked_carried=True,
                      open_through=(date(2017, 2, 9), date(2017, 2, 23)))
    bare = ActionItem(owners=(), text="someone look", since=None)
    report = CarryReport(series="arch_wg", date=date(2017, 3, 9), source="logs/x.log.txt", open=(bare, item),
                         closed=(item,), warnings=("one", "two"), meetings=12)
    assert report_from_facts(report_facts(report)) == report
    # A field added to either without its place in the facts fails here.
    assert len(REPORT_FIELDS) == len(report_facts(report)) and len(ACTION_FIELDS) == len(report_facts(report)[3][1])


def test_a_changed_reading_option_gives_what_no_cache_gives(run_cli, outside, tmp_path, cache_dir):
    # A log with no date anywhere: --date dates it, and the carry report says that date.
    log = tmp_path / "pasted.txt"
    log.write_bytes(b"20:01:06 <SpamapS> #startmeeting arch_wg\n20:02:00 <SpamapS> #action SpamapS write it\n"
                    b"20:39:42 <SpamapS> #endmeeting\n")
    first = carry(run_cli, outside, str(log), "--date", "2019-01-01")
    assert json.loads(first.stdout)["meeting"]["date"] == "2019-01-01"
    for option in (("--date", "2020-02-02"), ("--date", "2020-02-02", "--input-format", "log-txt")):
        warm = carry(run_cli, outside, str(log), *option)
        cold = carry(run_cli, outside, str(log), *option, "--no-cache")
        assert json.loads(cold.stdout)["meeting"]["date"] == "2020-02-02"
        assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)


@pytest.mark.parametrize("unusable", ["a file", "under /proc"])
def test_an_unusable_cache_folder_is_said_once_per_run(run_cli, outside, logs, tmp_path, monkeypatch, unusable):
    if unusable == "a file":
        folder = tmp_path / "not-a-folder"
        folder.write_text("")
    else:
        folder = Path("/proc/archwg-cache-nope")  # no one, not even root, can make a folder here
    monkeypatch.setenv("ARCHWG_CACHE_DIR", str(folder))
    result = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    about_cache = [line for line in result.stderr.splitlines() if str(folder) in line]
    assert len(about_cache) == 1, result.stderr
    assert about_cache[0].startswith(f"archwg: warning: cannot use the cache folder {folder} (")
    with_cache = json.loads(result.stdout)
    with_cache["warnings"] = [text for text in with_cache["warnings"] if str(folder) not in text]
    assert with_cache == json.loads(carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache").stdout)


RETITLED = DATA / "meetings" / "retitled"


@pytest.mark.parametrize("detail", ["full", "actions"])
def test_what_the_logs_tell_of_channel_topic_end_and_file_name_comes_back_from_the_cache(tmp_path, detail):
    folder = tmp_path / "logs"
    folder.mkdir()
    for client_log in ("#storagesync.log", "irc.oftc.#storagesync.weechatlog"):  # irssi, weechat: the channel
        shutil.copy(DATA / "meetings" / client_log, folder / client_log)
    shutil.copy(FEDORA / "magazine.2020-06-10-12.02.log.html", folder)  # the channel in the HTML title
    # Named for another day than the bot's greeting says: a warning on the meeting.
    shutil.copy(RETITLED / "storagesync.2018-07-10-13.33.log.txt", folder / "storagesync.2018-07-03-13.33.log.txt")

    def read(cache):
        return snapshot(read_meetings([str(folder)], detail=detail, cache=cache))

    plain = read(None)
    assert read(MeetingCache(str(tmp_path / "c"))) == plain  # cold: read and kept
    warm = read(MeetingCache(str(tmp_path / "c")))
    assert warm == plain
    by_file = {Path(meeting.source).name: meeting for meeting in warm}
    assert by_file["#storagesync.log"].channel == by_file["irc.oftc.#storagesync.weechatlog"].channel == "#storagesync"
    assert by_file["magazine.2020-06-10-12.02.log.html"].channel == "#fedora-meeting"
    renamed = by_file["storagesync.2018-07-03-13.33.log.txt"]
    assert (renamed.file_series, renamed.meeting_topic) == ("storagesync", "Storage Sync 7/10/2018")
    assert renamed.ended_at is not None
    assert any("the file name says 2018-07-03" in message for message in renamed.warnings)


def test_carry_series_resumes_a_retitled_series_from_its_carry_state(tmp_path, cache_dir):
    from archwg.config import Config
    from archwg.meetings.series import Reading, carry_series

    folder = tmp_path / "storagesync"
    shutil.copytree(RETITLED, folder)
    newest = folder / "storagesync.2018-07-10-13.33.log.txt"
    held_back = newest.read_bytes()
    newest.unlink()
    config = Config(root=None)
    carry_series(config, Reading([str(folder)], cache=True))
    (state,) = cache_dir.rglob("carry/*.marshal")
    newest.write_bytes(held_back)  # the series met again
    resumed = carry_series(config, Reading([str(folder)], cache=True))
    assert resumed == carry_series(config, Reading([str(folder)], cache=False))
    assert resumed.report.meetings == 5 and resumed.report.series == "storagesync"
    import marshal

    _, files, (count, _) = marshal.loads(state.read_bytes()[len(MAGIC):])
    assert count == 5 and files[-1][0] == str(newest)


def parsed_paths(cache_dir: Path) -> set[str]:
    """The log files whose parses the cache keeps."""
    import marshal

    paths = set()
    for bucket in cache_dir.rglob("parses/*.marshal"):
        paths.update(path for path, _ in marshal.loads(bucket.read_bytes()[len(MAGIC):]))
    return paths


def test_a_run_after_a_new_meeting_reads_only_its_log(run_cli, outside, logs, cache_dir):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    for bucket in cache_dir.rglob("parses/*.marshal"):
        bucket.unlink()  # what the run reads now, it parses now
    later = new_meeting(logs)
    resumed = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert parsed_paths(cache_dir) == {str(later)}
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (resumed.stdout, resumed.stderr) == (fresh.stdout, fresh.stderr)
    assert json.loads(resumed.stdout)["meeting"]["date"] == "2017-04-06"
    # And again after one more: the answer kept goes on from the one before.
    for bucket in cache_dir.rglob("parses/*.marshal"):
        bucket.unlink()
    newest = logs / "arch_wg.2017-04-20-20.00.log.txt"
    newest.write_text(later.read_text(encoding="utf-8").replace("Apr  6", "Apr 20"), encoding="utf-8")
    again = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert parsed_paths(cache_dir) == {str(newest)}
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (again.stdout, again.stderr) == (fresh.stdout, fresh.stderr)


def _log_of_another_series(logs: Path) -> Path:
    newest = logs / "api_wg.2017-03-30-16.00.log.txt"
    later = logs / "api_wg.2017-04-13-16.00.log.txt"
    later.write_text(newest.read_text(encoding="utf-8").replace("Mar 30", "Apr 13"), encoding="utf-8")
    return later


def _recorded_under_another_series(logs: Path) -> Path:
    later = new_meeting(logs)
    later.write_text(later.read_text(encoding="utf-8").replace("#startmeeting arch_wg", "#startmeeting api_wg"),
                     encoding="utf-8")
    return later


def _with_a_warning(logs: Path) -> Path:
    later = new_meeting(logs)
    later.write_bytes(later.read_bytes().replace(b"draft the messaging", b"draft the m\xe9ssaging"))
    return later


def _with_a_new_person(logs: Path) -> Path:
    # A nick no meeting had: it may own an item of an older meeting (its first word), so all are carried again.
    later = new_meeting(logs)
    later.write_text(later.read_text(encoding="utf-8").replace("<SpamapS> #endmeeting",
                                                               "<newcomer> hello\n20:59:00 <SpamapS> #endmeeting"),
                     encoding="utf-8")
    return later


@pytest.mark.parametrize("added", [_log_of_another_series, _recorded_under_another_series, _with_a_warning,
                                   _with_a_new_person])
def test_a_new_log_the_kept_answer_cannot_go_on_from_is_read_with_the_rest(run_cli, outside, logs, cache_dir, added):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    for bucket in cache_dir.rglob("parses/*.marshal"):
        bucket.unlink()
    added(logs)
    cached = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    if added is not _with_a_new_person:  # that one reads every file, and resumes no carry state
        assert str(logs / "arch_wg.2017-02-09-20.00.log.txt") in parsed_paths(cache_dir)


def test_a_new_meeting_that_shows_the_files_are_a_channels_is_read_with_the_rest(run_cli, outside, tmp_path,
                                                                                  cache_dir):
    # A channel's files (MeetBot names them for the channel) hold several series, each started again and
    # again under its own name: once a second name recurs, the series go by the names inside.
    logs = tmp_path / "channel"
    logs.mkdir()
    for path in SERIES.glob("arch_wg.*"):
        shutil.copy(path, logs / path.name)

    def started_as_foo(log: Path) -> None:
        log.write_text(log.read_text(encoding="utf-8").replace("#startmeeting arch_wg", "#startmeeting foo"),
                       encoding="utf-8")

    started_as_foo(logs / "arch_wg.2017-03-09-20.01.log.txt")
    assert json.loads(carry(run_cli, outside, str(logs)).stdout)["meeting"]["id"] == "arch_wg"
    started_as_foo(new_meeting(logs))
    cached = carry(run_cli, outside, str(logs))
    fresh = carry(run_cli, outside, str(logs), "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert json.loads(cached.stdout)["meeting"]["id"] == "foo"


def test_a_new_meeting_at_the_same_time_as_the_newest_is_read_with_the_rest(run_cli, outside, logs, cache_dir):
    # Meetings at the same time go in the order their files are read: one added before the newest
    # must not be carried after it.
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    later = new_meeting(logs)
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    shutil.copy(later, logs / "arch_wg.2017-04-06-19.59.log.txt")
    cached = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert json.loads(cached.stdout)["meeting"]["source"].endswith("arch_wg.2017-04-06-20.00.log.txt")


def test_a_new_log_that_spells_the_series_otherwise_is_read_with_the_rest(run_cli, outside, logs, cache_dir):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    later = new_meeting(logs)
    later.rename(logs / later.name.replace("arch_wg", "ARCH_WG"))  # read first: it spells the series' name
    cached = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert json.loads(cached.stdout)["meeting"]["id"] == "ARCH_WG"


@pytest.mark.parametrize("key", [("cut", "short"), 7])
def test_a_damaged_answer_is_ignored_with_a_warning_when_new_meetings_came(run_cli, outside, logs, cache_dir, key):
    import marshal

    cold = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    (answer,) = cache_dir.rglob("answers/*.marshal")
    question, files, saved = marshal.loads(answer.read_bytes()[len(MAGIC):])
    assert saved[-1] is not None  # the file names chose the series: how is kept
    (named, _) = saved[-1]
    answer.write_bytes(MAGIC + marshal.dumps((question, files, (*saved[:-1], (named, key)))))
    new_meeting(logs)
    damaged = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    assert damaged.stderr.count("a saved carry report is corrupt; ignored and rebuilt") == 1
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    data = json_without_warnings(damaged, "carry report")
    assert data == json.loads(fresh.stdout) != json.loads(cold.stdout)


def test_another_meeting_file_asks_another_question(run_cli, outside, tmp_path, cache_dir):
    logs = tmp_path / "logs"
    shutil.copytree(SERIES, logs)
    descriptions = {}
    for meeting_id in ("arch_wg", "api_wg"):
        descriptions[meeting_id] = tmp_path / f"{meeting_id}.yaml"
        descriptions[meeting_id].write_text(
            f"project: Working groups\nmeeting_id: {meeting_id}\nschedule:\n  - time: '2000'\n    day: Thursday\n"
            "    irc: openstack-meeting-alt\n    frequency: biweekly-odd\n", encoding="utf-8")
    for meeting_id in ("arch_wg", "api_wg", "arch_wg"):
        cached = carry(run_cli, outside, str(logs), "--meeting-file", str(descriptions[meeting_id]))
        fresh = carry(run_cli, outside, str(logs), "--meeting-file", str(descriptions[meeting_id]), "--no-cache")
        assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
        assert json.loads(cached.stdout)["meeting"]["id"] == meeting_id


def test_a_new_meeting_and_the_stub_meetbot_left_beside_it_read_only_themselves(run_cli, outside, tmp_path,
                                                                                 cache_dir):
    # Fedora's MeetBot leaves, beside every meeting renamed with #meetingname, a stub under its first name,
    # with the same start in its file name: the series is named (--meeting, or the description in use).
    logs = tmp_path / "fedora"
    logs.mkdir()
    for name in ("magazine.2020-06-10-12.02.log.txt", "magazine_editorial_board.2020-06-10-12.02.log.txt"):
        shutil.copy(FEDORA / name, logs / name)
    carry(run_cli, outside, str(logs), "--meeting", "magazine")
    for bucket in cache_dir.rglob("parses/*.marshal"):
        bucket.unlink()
    added = []
    for name in ("magazine.2020-06-10-12.02.log.txt", "magazine_editorial_board.2020-06-10-12.02.log.txt"):
        later = logs / name.replace("06-10", "06-17")
        later.write_text((logs / name).read_text(encoding="utf-8").replace("Jun 10", "Jun 17"), encoding="utf-8")
        added.append(str(later))
    cached = carry(run_cli, outside, str(logs), "--meeting", "magazine")
    assert parsed_paths(cache_dir) == set(added)
    fresh = carry(run_cli, outside, str(logs), "--meeting", "magazine", "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert json.loads(cached.stdout)["meeting"] == {"id": "magazine", "date": "2020-06-17", "source": added[0]}
    assert json.loads(cached.stdout)["warnings"] == []


def test_a_new_small_log_of_another_series_holding_a_meeting_is_read_with_the_rest(run_cli, outside, logs,
                                                                                    cache_dir):
    carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    new_meeting(logs)
    small = logs / "api_wg.2017-04-13-16.00.log.txt"
    # Under another name, and held by someone the series knows: only its file's name keeps it out.
    small.write_text("16:00:00 <SpamapS> #startmeeting standup\n16:00:01 <SpamapS> hi\n"
                     "16:00:02 <SpamapS> #endmeeting\n", encoding="utf-8")
    cached = carry(run_cli, outside, str(logs), "--meeting", "arch_wg")
    fresh = carry(run_cli, outside, str(logs), "--meeting", "arch_wg", "--no-cache")
    assert (cached.stdout, cached.stderr) == (fresh.stdout, fresh.stderr)
    assert "api_wg (3)" in " ".join(json.loads(cached.stdout)["warnings"])
