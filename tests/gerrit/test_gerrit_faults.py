"""Every way Gerrit can fail leaves the snapshot byte for byte as it was, with one line saying why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archwg.gerrit.client import GerritClient
from archwg.gerrit.config import GerritConfig
from archwg.gerrit.snapshot import SyncFailed, checked_path, load_snapshot, sync
from gerrit_helpers import PROJECT, T0, spec
from gerrit_standin import make_change

NOW = T0 + timedelta(days=3)
SPECS = [spec("nova-compute-api", reviews=(435555,))]


@pytest.fixture
def synced(standin, tmp_path):
    standin.add(make_change(435555))
    path = tmp_path / "gerrit.json"
    config = GerritConfig(url=standin.url, project=PROJECT)
    sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    # Something new on the server, so a sync that went through would rewrite the file.
    standin.add(make_change(435555, updated=T0 + timedelta(days=1), subject="Changed"))
    standin.reset_requests()
    return config, path


@pytest.mark.parametrize(
    "fault, count, expected",
    [
        ("500", 4, "HTTP 500 after 4 tries"),
        ("429", 4, "HTTP 429 after 4 tries"),
        ("html", 4, "HTTP 502 after 4 tries: an HTML error page"),
        ("login", 1, "HTML page"),
        ("truncated", 1, "not valid JSON"),
        ("hang", 4, "no answer within 0.3 s"),
    ],
)
def test_a_failed_sync_leaves_the_snapshot_unchanged(standin, synced, fault, count, expected):
    config, path = synced
    before = path.read_bytes(), checked_path(path).read_bytes()
    standin.hang_seconds = 1.0
    standin.fail_next(fault, count, retry_after=0)
    client = GerritClient(standin.url, timeout=0.3, backoff=0.01)
    with pytest.raises(SyncFailed) as raised:
        sync(config, SPECS, path, NOW + timedelta(days=2), client=client)
    message = str(raised.value)
    assert expected in message
    assert "\n" not in message
    assert "the snapshot of 2017-03-04 12:00 UTC (2 days old) is unchanged" in message
    assert (path.read_bytes(), checked_path(path).read_bytes()) == before
    assert raised.value.exit_code == 1


def test_a_failure_on_a_later_page_leaves_the_snapshot_unchanged(standin, tmp_path):
    standin.max_page = 5
    standin.add(*(make_change(600000 + n, topic="busy", updated=T0 + timedelta(seconds=n)) for n in range(20)))
    path = tmp_path / "gerrit.json"
    config = GerritConfig(url=standin.url, project=PROJECT)
    specs = [spec("busy", topic="busy")]
    sync(config, specs, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01, page_size=5))
    before = path.read_bytes()
    standin.add(*(make_change(600000 + n, topic="busy", subject="new", updated=T0 + timedelta(days=1, seconds=n))
                  for n in range(20)))
    standin.reset_requests()
    standin.fail_next("truncated", 1, after=2)  # pages 1 and 2 come through, page 3 is cut short
    with pytest.raises(SyncFailed, match="not valid JSON"):
        sync(config, specs, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01, page_size=5))
    assert [r.param("S") for r in standin.requests] == [None, "5", "10"]
    assert path.read_bytes() == before


def test_a_retry_after_that_is_not_seconds_falls_back_to_the_backoff(standin, synced):
    config, path = synced
    standin.fail_next("429", 1, retry_after="soon")
    sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    assert len([r for r in standin.requests if r.path == "/changes/"]) == 2
    assert load_snapshot(path).change(435555).subject == "Changed"


def test_a_body_without_the_prefix_is_read(standin, synced):
    config, path = synced
    standin.fail_next("noprefix")
    sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    assert load_snapshot(path).change(435555).subject == "Changed"


@pytest.mark.parametrize("asked", [1, 30])
def test_retry_after_is_honoured_then_the_sync_goes_through(standin, synced, monkeypatch, asked):
    from urllib3.util.retry import Retry

    waits = []

    def record(retry, response):  # what urllib3 would sleep, without sleeping it
        waits.append(retry.get_retry_after(response))
        return True

    monkeypatch.setattr(Retry, "sleep_for_retry", record)
    config, path = synced
    standin.fail_next("429", 1, retry_after=asked)
    sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    assert waits == [asked]
    assert len(standin.requests) == 2
    assert load_snapshot(path).change(435555).subject == "Changed"


def test_a_refused_connection_is_one_line_and_no_snapshot_is_made(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    path = tmp_path / "gerrit.json"
    with pytest.raises(SyncFailed) as raised:
        sync(GerritConfig(url=url), SPECS, path, NOW, client=GerritClient(url, timeout=1, retries=1, backoff=0.01))
    assert "cannot connect (connection refused)" in str(raised.value)
    assert "there is no snapshot yet" in str(raised.value)
    assert not path.exists()


def test_json_that_is_not_changes_fails_the_sync(standin, tmp_path):
    path = tmp_path / "gerrit.json"
    standin.add({"_number": 1, "subject": "no timestamps", "updated": "2017-01-01 00:00:00.000000000",
                 "project": PROJECT, "status": "NEW", "owner": {}, "topic": "t"})
    with pytest.raises(SyncFailed, match="not a change"):
        sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], path, NOW,
             client=GerritClient(standin.url, timeout=5, backoff=0.01))
    assert not path.exists()


def test_a_retry_after_past_the_cap_fails_at_once(standin, synced):
    config, path = synced
    before = path.read_bytes()
    standin.fail_next("429", 4, retry_after=3600)
    with pytest.raises(SyncFailed) as raised:
        sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    assert "Gerrit asks to retry after 3600 s" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert len(standin.requests) == 1  # no retry: waiting that long is not worth it
    assert path.read_bytes() == before


def test_a_change_with_a_vote_that_is_not_a_number_fails_the_sync(standin, synced):
    config, path = synced
    before = path.read_bytes()
    standin.add(make_change(435555, updated=T0 + timedelta(days=2),
                            labels={"Code-Review": {"all": [{"value": "+2", "name": "ttx"}]}}))
    with pytest.raises(SyncFailed) as raised:
        sync(config, SPECS, path, NOW, client=GerritClient(standin.url, timeout=5, backoff=0.01))
    message = str(raised.value)
    assert "change 435555: labels.Code-Review.all: vote value '+2' is not a whole number" in message
    assert "\n" not in message and raised.value.exit_code == 1
    assert path.read_bytes() == before


def test_a_server_that_ignores_paging_is_one_line_not_a_loop(standin, tmp_path):
    standin.paging = False
    standin.add(*(make_change(600000 + n, topic="busy", updated=T0 + timedelta(seconds=n)) for n in range(20)))
    config = GerritConfig(url=standin.url, project=PROJECT)
    with pytest.raises(SyncFailed, match="the server sent the same changes again for the next page"):
        sync(config, [spec("busy", topic="busy")], tmp_path / "gerrit.json", NOW,
             client=GerritClient(standin.url, timeout=5, backoff=0.01, page_size=5))
    assert len([r for r in standin.requests if r.path == "/changes/"]) == 2
