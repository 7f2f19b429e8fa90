"""The meetings benchmark's archive generator writes MeetBot logs archwg reads back as the generator meant.

The generator keeps its own books (meetings, #action lines, #undo, the items
open after the last meeting); these tests hold archwg's reading and carrying
to those books on a small archive, so the benchmark times a correct run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
FILE_NAME = re.compile(r"(?P<series>[a-z0-9_]+)\.(?P<day>\d{4}-\d\d-\d\d)-(?P<hour>\d\d)\.(?P<minute>\d\d)\.log\.txt")
ACTION_COMMAND = re.compile(r"^\d\d:\d\d:\d\d <[^>]+> #action\b", re.IGNORECASE | re.MULTILINE)


def load_generator():
    # benchmarks/ is no package: load the script by path, registered so its dataclasses resolve.
    spec = importlib.util.spec_from_file_location("generate_archive", BENCHMARKS / "generate_archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(sys.modules[spec.name])
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def archive(tmp_path_factory, generator):
    out = tmp_path_factory.mktemp("bench") / "archive"
    manifest = generator.generate_archive(out, size_mb=0.4, seed=7, series=3)
    return out, manifest


def log_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.log.txt"))


def normalized(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def test_files_follow_eavesdrop_layout_and_reach_the_size(archive):
    out, manifest = archive
    files = log_files(out)
    assert len(files) == manifest["files"] == manifest["meetings"]
    assert sum(path.stat().st_size for path in files) == manifest["total_bytes"] >= 400_000
    for path in files:
        name = FILE_NAME.fullmatch(path.name)
        assert name, path
        assert path.parent.parent.name == name["series"]
        assert path.parent.name == name["day"][:4]
    assert sorted({path.parent.parent.name for path in files}) == sorted(manifest["series"]) == [
        "arch_wg", "containers", "glance"]


def test_archwg_reads_back_every_meeting_and_action_item(archive):
    from archwg.meetings.load import read_meetings

    out, manifest = archive
    warnings: list[str] = []
    meetings = Counter()
    actions = Counter()
    for meeting in read_meetings([str(out)], warn=warnings.append):
        name = FILE_NAME.fullmatch(Path(meeting.source).name)
        assert meeting.name == name["series"]
        assert meeting.start.strftime("%Y-%m-%d-%H.%M") == f"{name['day']}-{name['hour']}.{name['minute']}"
        meetings[meeting.name] += 1
        actions[meeting.name] += len(meeting.actions)
    for series, books in manifest["series"].items():
        assert meetings[series] == books["meetings"], series
        assert actions[series] == books["actions_recorded"], series
        # Each #undo takes back exactly one #action line.
        assert books["actions_recorded"] == books["action_lines"] - books["undos"]
    # Only the generator's cut-off files (no #endmeeting) deserve a warning.
    assert all("has no #endmeeting" in message for message in warnings), warnings


def test_action_lines_are_counted_as_meetbot_sees_them(archive):
    out, manifest = archive
    lines = Counter()
    for path in log_files(out):
        lines[path.parent.parent.name] += len(ACTION_COMMAND.findall(path.read_text(encoding="utf-8")))
    assert dict(lines) == {series: books["action_lines"] for series, books in manifest["series"].items()}
    assert sum(books["undos"] for books in manifest["series"].values()) > 0


def test_the_archive_has_the_groups_habits(archive):
    out, _ = archive
    text = "\n".join(path.read_text(encoding="utf-8") for path in log_files(out))
    assert re.search(r"<SpamapS> #action .+ \(Carried since [A-Z][a-z]{2} \d{1,2} \d{4}\)$", text, re.MULTILINE)
    assert re.search(r"<SpamapS> #topic previous meeting action items\n.*\n.*<SpamapS> \* ", text)
    assert re.search(r"^\d\d:\d\d:\d\d \* \w+ ", text, re.MULTILINE)  # /me
    assert re.search(r"^\d\d:\d\d:\d\d <\w+> https?://", text, re.MULTILINE)  # a bare URL: a link
    assert "<openstack> Removing item from minutes:" in text
    assert "<openstack> Meeting started Thu " in text
    assert "proposed #action" in text
    assert re.search(r"[^\x00-\x7f]", text)


def test_same_seed_same_archive(tmp_path, generator):
    def digest(out: Path) -> str:
        hashed = hashlib.sha256()
        for path in log_files(out):
            hashed.update(str(path.relative_to(out)).encode())
            hashed.update(path.read_bytes())
        return hashed.hexdigest()

    first = generator.generate_archive(tmp_path / "one", size_mb=0.1, seed=3, series=3)
    second = generator.generate_archive(tmp_path / "two", size_mb=0.1, seed=3, series=3)
    generator.generate_archive(tmp_path / "three", size_mb=0.1, seed=4, series=3)
    assert digest(tmp_path / "one") == digest(tmp_path / "two") != digest(tmp_path / "three")
    assert first["series"] == second["series"]


def test_carry_actions_agrees_with_the_generators_books(archive, run_cli, tmp_path):
    out, manifest = archive
    for series, books in manifest["series"].items():
        result = run_cli("carry-actions", "--format", "json", str(out / series), cwd=tmp_path)
        assert result.exit_code == 0, result.output
        answer = json.loads(result.stdout)
        assert answer["meeting"]["id"] == series
        assert answer["meeting"]["date"] == books["last_meeting"]
        found = {normalized(item["text"]): item for item in answer["open"]}
        expected = {normalized(item["text"]): item for item in books["open"]}
        assert sorted(found) == sorted(expected), series
        for key, item in expected.items():
            got = found[key]
            assert (got["owners"], got["since"], got["recorded"], got["reviewed"]) == (
                item["owners"], item["since"], item["recorded"], item["reviewed"]), item["text"]
        closed = sorted((normalized(item["text"]), item["closed"]) for item in answer["closed"])
        assert closed == sorted((normalized(item["text"]), item["closed"]) for item in books["closed"])


def test_channel_log_is_one_meeting_of_the_asked_size(tmp_path, generator):
    from archwg.meetings.load import read_meetings

    path = tmp_path / "openstack_meeting.2017-03-09-20.01.log.txt"
    facts = generator.generate_channel_log(path, gigabytes=0.002, seed=1)
    assert path.stat().st_size == facts["bytes"] >= 2_000_000
    meetings = list(read_meetings([str(path)]))
    assert len(meetings) == 1
    assert meetings[0].ended
    assert len(meetings[0].actions) == facts["actions"] > 0


def test_redated_series_and_next_meeting_are_read_as_meant(tmp_path, generator):
    from datetime import date

    from archwg.meetings.load import read_meetings

    out = tmp_path / "magazine"
    books = generator.generate_redated_series(out, meetings=3, last=date(2020, 6, 10))
    meetings = list(read_meetings([str(out)], detail="actions"))
    assert [meeting.date.isoformat() for meeting in meetings] == ["2020-05-27", "2020-06-03", "2020-06-10"]
    assert [meeting.warnings for meeting in meetings] == [(), (), ()]
    assert books["files"] == 3 and books["bytes"] == sum(path.stat().st_size for path in out.iterdir())
    added = generator.next_meeting(out / books["newest"])
    assert added.name == "magazine.2020-06-17-12.02.log.txt"
    (newest,) = [m for m in read_meetings([str(added)]) if m.name == "magazine"]
    assert newest.start.isoformat() == "2020-06-17T12:02:26"
    assert [item.text for item in newest.actions] == [item.text for item in meetings[-1].actions]
