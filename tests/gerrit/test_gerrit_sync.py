"""Syncing the snapshot from the stand-in Gerrit: requests, incremental windows, upserts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from archwg.gerrit.client import GerritClient
from archwg.gerrit.config import GerritConfig, TrackedQuery
from archwg.gerrit.model import review_state
from archwg.gerrit.query import Term, belongs, group_terms, spec_terms
from archwg.gerrit.snapshot import load_snapshot, sync
from gerrit_helpers import PROJECT, T0, population, spec
from gerrit_standin import make_change

NOW = T0 + timedelta(days=3)


def client(url: str, **options) -> GerritClient:
    return GerritClient(url=url, timeout=options.pop("timeout", 5), backoff=0.01, **options)


def changes_of(snapshot, a_spec):
    return sorted(change.number for change in snapshot.changes if belongs(change, a_spec, PROJECT))


def test_a_cold_sync_of_200_specs_and_600_changes_takes_a_handful_of_requests(standin, tmp_path):
    specs, changes = population(200)
    standin.add(*changes)
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    result = sync(config, specs, path, NOW, client=client(standin.url))
    assert result.requests == len(standin.requests) <= 6
    assert standin.requests[0].path == "/config/server/version"
    assert all(len(r.path) + sum(len(k) + len(v) for k, v in r.params) < 4000 for r in standin.requests)
    snapshot = load_snapshot(path)
    assert len(snapshot.changes) == 600
    for index in (0, 1, 199):
        base = 500000 + index * 3
        assert changes_of(snapshot, specs[index]) == [base, base + 1, base + 2]


def test_a_warm_sync_with_nothing_new_is_one_request_per_query_group_and_leaves_the_file(standin, tmp_path):
    specs, changes = population(200)
    standin.add(*changes)
    config = GerritConfig(url=standin.url, project=PROJECT,
                          queries=(TrackedQuery("Cross-project", "status:open project:openstack/openstack-specs"),))
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    standin.reset_requests()

    result = sync(config, specs, path, NOW + timedelta(hours=1), client=client(standin.url))
    # The open changes held are asked for by number too (a topic may move away, a file be dropped).
    held_open = {Term("change", str(change["_number"])) for change in changes if change["status"] == "NEW"}
    spec_groups = len(group_terms(sorted(set(spec_terms(specs, PROJECT)) | held_open), PROJECT,
                                  after="2017-03-01 15:14:00.000000000"))
    assert result.requests == len(standin.requests) == spec_groups + 1
    assert all('after:"' in r.param("q") for r in standin.requests)
    assert not result.written
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    # The check itself is remembered: the data is an hour fresher, not older.
    assert load_snapshot(path).fetched == NOW + timedelta(hours=1)


def test_an_incremental_sync_upserts_changes_updated_since_the_watermark(standin, tmp_path):
    specs = [spec("nova-compute-api", reviews=(435555,))]
    standin.add(make_change(435555, subject="Move nova-compute-api to active status", updated=T0))
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    assert review_state(load_snapshot(path).change(435555)) == "needs-review"

    votes = {"all": [{"value": 2, "name": "Thierry Carrez"}], "values": {"-2": "", "+2": ""}}
    standin.add(make_change(435555, subject="Move nova-compute-api to active status",
                            updated=T0 + timedelta(days=1), labels={"Code-Review": votes}))
    standin.reset_requests()
    result = sync(config, specs, path, NOW, client=client(standin.url))
    assert not result.full and result.written
    assert standin.requests[0].param("q").endswith(' after:"2017-03-01 11:55:00"')
    snapshot = load_snapshot(path)
    assert len(snapshot.changes) == 1
    assert review_state(snapshot.change(435555)) == "ready"


def sync_30_changes_in_pages_of_7(standin, tmp_path):
    """(the sync's result, the snapshot's path, the /changes/ requests) of 30 changes of one topic."""
    standin.max_page = 7
    standin.add(*(make_change(600000 + n, topic="busy", updated=T0 + timedelta(seconds=n)) for n in range(30)))
    path = tmp_path / "gerrit.json"
    client_ = client(standin.url)
    client_.page_size = 7
    result = sync(GerritConfig(url=standin.url, project=PROJECT), [spec("busy", topic="busy")], path, NOW,
                  client=client_)
    return result, path, [r for r in standin.requests if r.path == "/changes/"]


def test_pagination_follows_more_changes_over_several_pages(standin, tmp_path):
    result, path, pages = sync_30_changes_in_pages_of_7(standin, tmp_path)
    # The first page asks for no S (Gerrit 2.8 knows no S; 0 is every version's default).
    assert [r.param("S") for r in pages] == [None, "7", "14", "21", "28"]
    assert result.requests == 1 + 5
    assert len(load_snapshot(path).changes) == 30
    assert "_more_changes" not in path.read_text()


@pytest.mark.parametrize("version", ["2.8", "2.9"])
def test_gerrit_2_8_and_2_9_pages_are_followed(standin, tmp_path, version):
    # Both send each change's _sortkey. 2.8 resumes a query after one (N) and answers S with a 400;
    # 2.9 pages by S.
    standin.version = f"{version}.4"
    standin.sortkeys = version
    _, path, pages = sync_30_changes_in_pages_of_7(standin, tmp_path)
    # Each later page asks for S first; 2.8, telling 400, is then asked by the sort key.
    later = [(True, False), (False, True)] if version == "2.8" else [(True, False)]
    assert [(r.param("S") is not None, r.param("N") is not None) for r in pages] == [(False, False), *later * 4]
    assert sorted(change.number for change in load_snapshot(path).changes) == list(range(600000, 600030))
    assert "_sortkey" not in path.read_text()


def test_a_spec_is_found_through_its_topic_and_through_a_renamed_file(standin, tmp_path):
    specs = [spec("dlm", "workstreams", topic="arch-wg-dlm"), spec("nova-compute-api", "workstreams")]
    standin.add(
        make_change(440001, topic="arch-wg-dlm", files={"doc/dlm.rst": {}}),
        # Before the move: the change touched specs/nova-compute-api.rst, now in workstreams/.
        make_change(430000, status="MERGED", files={"specs/nova-compute-api.rst": {}}),
        make_change(435555, files={"workstreams/nova-compute-api.rst": {"status": "R",
                                                                        "old_path": "specs/nova-compute-api.rst"}}),
        make_change(450000, files={"specs/other.rst": {}}),
        make_change(450001, project="openstack/nova", files={"specs/nova-compute-api.rst": {}}),
    )
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    snapshot = load_snapshot(path)
    assert sorted(c.number for c in snapshot.changes) == [430000, 435555, 440001]
    assert changes_of(snapshot, specs[0]) == [440001]
    assert changes_of(snapshot, specs[1]) == [430000, 435555]


@pytest.mark.parametrize("topic", ['say "hi"', "ops\\infra", "-rc1-fixes", "ptg: 2017"])
def test_a_topic_is_asked_as_gerrit_reads_it(standin, tmp_path, topic):
    # Gerrit's query lexer: a bare word cannot start with "-" (a 400 that failed every sync), and in
    # "..." a backslash escapes the next character (a quote was dropped, a backslash left to vanish).
    specs = [spec("dlm", "workstreams", topic=topic), spec("other", "workstreams", topic="arch-wg-other")]
    standin.add(make_change(440001, topic=topic), make_change(440002, topic="arch-wg-other"))
    if topic.replace("\\", "").replace('"', "") != topic:  # what the escapes were lost to is another topic
        standin.add(make_change(440003, topic=topic.replace("\\", "").replace('"', "")))
    path = tmp_path / "gerrit.json"
    sync(GerritConfig(url=standin.url, project=PROJECT), specs, path, NOW, client=client(standin.url))
    snapshot = load_snapshot(path)
    assert changes_of(snapshot, specs[0]) == [440001]
    assert changes_of(snapshot, specs[1]) == [440002]


def test_a_change_whose_new_patch_set_drops_the_spec_file_leaves_the_spec_on_the_next_sync(standin, tmp_path):
    # Gerrit's file index knows the current patch set only: the file query no longer finds it.
    specs = [spec("dlm", "workstreams")]
    standin.add(make_change(440001, files={"workstreams/dlm.rst": EDIT}, updated=T0,
                            contents={"workstreams/dlm.rst": spec_text("active")}))
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    assert changes_of(load_snapshot(path), specs[0]) == [440001]
    standin.add(make_change(440001, files={"doc/dlm-notes.rst": {}}, patch_set=2, updated=T0 + timedelta(hours=1)))
    sync(config, specs, path, NOW + timedelta(hours=2), client=client(standin.url))
    assert changes_of(load_snapshot(path), specs[0]) == []


def test_a_change_whose_topic_moves_away_leaves_its_spec_on_the_next_sync(standin, tmp_path):
    specs = [spec("dlm", "workstreams", topic="arch-wg-dlm")]
    standin.add(make_change(440001, topic="arch-wg-dlm", files={"doc/dlm.rst": {}}, updated=T0))
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    assert changes_of(load_snapshot(path), specs[0]) == [440001]
    standin.add(make_change(440001, topic="nova-cells", files={"doc/dlm.rst": {}}, updated=T0 + timedelta(days=1)))
    result = sync(config, specs, path, NOW, client=client(standin.url))
    assert not result.full
    assert changes_of(load_snapshot(path), specs[0]) == []


def test_a_change_that_leaves_a_tracked_query_leaves_its_answer(standin, tmp_path):
    query = "status:open project:openstack/openstack-specs"
    config = GerritConfig(url=standin.url, project=PROJECT, queries=(TrackedQuery("Cross-project", query),))
    standin.add(make_change(700001, project="openstack/openstack-specs"),
                make_change(700002, project="openstack/openstack-specs"))
    path = tmp_path / "gerrit.json"
    sync(config, [], path, NOW, client=client(standin.url))
    assert load_snapshot(path).queries[0].numbers == (700001, 700002)

    standin.add(make_change(700002, project="openstack/openstack-specs", status="MERGED",
                            updated=T0 + timedelta(days=1)))
    sync(config, [], path, NOW, client=client(standin.url))
    snapshot = load_snapshot(path)
    assert snapshot.queries[0].numbers == (700001,)
    assert snapshot.change(700002).status == "MERGED"


def test_a_snapshot_from_another_server_is_refetched_in_full(standin, tmp_path):
    standin.add(make_change(435555, topic="t"))
    specs = [spec("a", topic="t")]
    path = tmp_path / "gerrit.json"
    sync(GerritConfig(url=standin.url, project=PROJECT), specs, path, NOW, client=client(standin.url))
    other = standin.url + "/r"
    standin.prefix = "/r"
    standin.reset_requests()
    result = sync(GerritConfig(url=other, project=PROJECT), specs, path, NOW, client=client(other))
    assert result.full
    assert standin.requests[0].path == "/r/config/server/version"
    assert not any("after:" in (r.param("q") or "") for r in standin.requests)
    assert load_snapshot(path).server == other


def test_a_snapshot_of_another_format_version_is_refetched_in_full(standin, tmp_path):
    standin.add(make_change(435555, topic="t"))
    specs = [spec("a", topic="t")]
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    path.write_text(path.read_text().replace('"format_version": 1', '"format_version": 0'))
    standin.reset_requests()
    result = sync(config, specs, path, NOW, client=client(standin.url))
    assert result.full and result.written
    assert standin.requests[0].path == "/config/server/version"
    assert '"format_version": 1' in path.read_text()


def test_full_ignores_the_incremental_window(standin, tmp_path):
    standin.add(make_change(435555, topic="t"))
    specs = [spec("a", topic="t")]
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    standin.reset_requests()
    sync(config, specs, path, NOW, client=client(standin.url), full=True)
    assert not any("after:" in (r.param("q") or "") for r in standin.requests)


def test_old_servers_get_no_submit_requirements_option(standin, tmp_path):
    standin.version = "2.16.28"
    standin.known_options.discard("SUBMIT_REQUIREMENTS")
    standin.add(make_change(435555, topic="t"))
    path = tmp_path / "gerrit.json"
    sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], path, NOW, client=client(standin.url))
    queries = [r for r in standin.requests if r.path == "/changes/"]
    assert "SUBMIT_REQUIREMENTS" not in queries[0].options()
    assert '"server_version": "2.16.28"' in path.read_text()


def test_a_server_that_refuses_submit_requirements_is_asked_again_without(standin, tmp_path):
    standin.version = "3.9.1"
    standin.known_options.discard("SUBMIT_REQUIREMENTS")  # a server claiming more than it has
    standin.add(make_change(435555, topic="t"))
    path = tmp_path / "gerrit.json"
    sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], path, NOW, client=client(standin.url))
    assert load_snapshot(path).change(435555) is not None


def test_authenticated_sync_uses_the_a_endpoints(standin, tmp_path):
    standin.users = {"chair": "s3cret-http-password"}
    standin.add(make_change(435555, topic="t"))
    path = tmp_path / "gerrit.json"
    sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], path, NOW,
         client=client(standin.url, auth=("chair", "s3cret-http-password")))
    assert all(r.path.startswith("/a/") for r in standin.requests)
    assert "s3cret" not in path.read_text()


def test_a_server_that_takes_the_password_by_digest_is_answered_so(standin, tmp_path):
    # Gerrit before 2.14 (review.openstack.org ran 2.11 in 2017) takes the HTTP password by Digest.
    standin.users = {"chair": "s3cret-http-password"}
    standin.auth_scheme = "digest"
    standin.add(make_change(435555, topic="t"))
    path = tmp_path / "gerrit.json"
    result = sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], path, NOW,
                  client=client(standin.url, auth=("chair", "s3cret-http-password")))
    assert load_snapshot(path).change(435555) is not None
    # One refused Basic request, then Digest from the first challenge on (requests asks twice per challenge).
    assert result.requests <= 5


def test_wrong_credentials_on_a_digest_server_are_refused_in_one_line(standin, tmp_path):
    from archwg.gerrit.snapshot import SyncFailed

    standin.users = {"chair": "s3cret-http-password"}
    standin.auth_scheme = "digest"
    with pytest.raises(SyncFailed, match="HTTP 401: the credentials were refused"):
        sync(GerritConfig(url=standin.url, project=PROJECT), [spec("a", topic="t")], tmp_path / "gerrit.json", NOW,
             client=client(standin.url, auth=("chair", "wrong")))


def test_the_change_index_finds_what_belongs_finds(standin, tmp_path):
    from archwg.gerrit.model import change_from_json
    from archwg.gerrit.query import ChangeIndex

    specs, raws = population(30)
    specs.append(spec("spec-001", "workstreams", reviews=(500000, 999999), topic="topic-000"))
    raws.append(make_change(777, project="other/project", files={"specs/spec-002.rst": {}}))
    changes = [change_from_json(raw, standin.url) for raw in raws]
    index = ChangeIndex.build(changes)
    for project in (PROJECT, None):
        for a_spec in specs:
            expected = tuple(c for c in sorted(changes, key=lambda c: c.number) if belongs(c, a_spec, project))
            assert index.changes_of(a_spec, project) == expected
    assert [c.number for c in index.changes_of(specs[2], PROJECT)] == [500006, 500007, 500008]


def test_every_request_names_archwg_and_its_version(standin, tmp_path):
    from archwg import __version__

    standin.add(make_change(435555))
    sync(GerritConfig(url=standin.url, project=PROJECT), [spec("nova-compute-api", reviews=(435555,))],
         tmp_path / "gerrit.json", T0, client=GerritClient(standin.url))
    assert len(standin.requests) == 2
    assert {r.user_agent for r in standin.requests} == {f"archwg/{__version__} (architecture working group toolchain)"}


def spec_text(status: str) -> str:
    return (f"===\nDLM\n===\n\n:Kind: workstream\n:Status: {status}\n:Champion: harlowja\n"
            ":Created: 2016-07-28\n\nProblem Description\n===================\n\nText.\n")


EDIT = {"lines_inserted": 1, "lines_deleted": 1}


def test_pending_moves_come_from_the_status_line_read_at_the_changes_revision(standin, tmp_path):
    from archwg.report import build_status

    specs = [spec("dlm", "workstreams", status="active"), spec("gate", "workstreams", status="active"),
             spec("notes", "workstreams", status="active"), spec("nova", "specs", status="proposed")]
    standin.add(
        # A subject that names no status, a changed :Status: line: a move.
        make_change(890003, subject="DLM: wrap it up", files={"workstreams/dlm.rst": EDIT},
                    contents={"workstreams/dlm.rst": spec_text("completed")}),
        # A subject that names a status, the :Status: line as it was: no move.
        make_change(890004, subject="Fix typo in the tabled section", files={"workstreams/gate.rst": EDIT},
                    contents={"workstreams/gate.rst": spec_text("active")}),
        # Only lines added (cannot have changed :Status:), merged, renamed: nothing to read.
        make_change(890005, files={"workstreams/notes.rst": {"lines_inserted": 4}}),
        make_change(890006, status="MERGED", files={"workstreams/notes.rst": EDIT}),
        make_change(890007, files={"workstreams/nova.rst": {"status": "R", "old_path": "specs/nova.rst", **EDIT}}),
    )
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    result = sync(config, specs, path, NOW, client=client(standin.url))
    reads = [r for r in standin.requests if r.path.endswith("/content")]
    assert sorted(r.path for r in reads) == [
        f"/changes/openstack%2Farch-wg~{n}/revisions/{n:034x}{1:06x}/files/workstreams%2F{name}.rst/content"
        for n, name in ((890003, "dlm"), (890004, "gate"))
    ]
    assert result.requests == len(standin.requests) == 2 + 2  # the version, one query group, two files
    moves = build_status(specs, load_snapshot(path), config, NOW).pending
    assert sorted((m.slug, m.target, m.change.number) for m in moves) == [
        ("dlm", "completed", 890003), ("nova", "active", 890007)]

    # A warm sync reads nothing again; a new patch set is read once.
    standin.reset_requests()
    sync(config, specs, path, NOW + timedelta(hours=1), client=client(standin.url))
    assert not [r for r in standin.requests if r.path.endswith("/content")]
    standin.add(make_change(890003, subject="DLM: wrap it up", files={"workstreams/dlm.rst": EDIT}, patch_set=2,
                            updated=T0 + timedelta(days=1), contents={"workstreams/dlm.rst": spec_text("tabled")}))
    standin.reset_requests()
    sync(config, specs, path, NOW + timedelta(hours=2), client=client(standin.url))
    assert len([r for r in standin.requests if r.path.endswith("/content")]) == 1
    moves = build_status(specs, load_snapshot(path), config, NOW).pending
    assert [(m.slug, m.target) for m in moves if m.slug == "dlm"] == [("dlm", "tabled")]


def test_a_failed_file_read_fails_the_sync_and_leaves_no_snapshot(standin, tmp_path):
    from archwg.gerrit.snapshot import SyncFailed

    standin.add(make_change(890003, files={"workstreams/dlm.rst": EDIT},
                            contents={"workstreams/dlm.rst": spec_text("completed")}))
    path = tmp_path / "gerrit.json"
    standin.fail_next("html", 4, after=2)  # the version and the query go through; the file read does not
    with pytest.raises(SyncFailed, match="HTTP 502"):
        sync(GerritConfig(url=standin.url, project=PROJECT), [spec("dlm", "workstreams")], path, NOW,
             client=client(standin.url))
    assert standin.requests[-1].path.endswith("/content") and not path.exists()


def test_a_server_without_after_is_synced_in_full_and_said_so(standin, tmp_path):
    # Gerrit 2.8 pages by sort key and knows no after: (added in 2.9): every incremental query is a 400.
    standin.sortkeys = "2.8"
    specs = [spec("dlm", "workstreams", reviews=(435555,))]
    standin.add(make_change(435555, updated=T0))
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    sync(config, specs, path, NOW, client=client(standin.url))
    standin.add(make_change(435555, status="MERGED", updated=T0 + timedelta(hours=1)))
    result = sync(config, specs, path, NOW + timedelta(hours=2), client=client(standin.url))
    assert result.full
    assert len(result.warnings) == 1 and "refused an incremental query" in result.warnings[0]
    assert "HTTP 400" in result.warnings[0] and result.warnings[0].endswith("; synced in full")
    assert [change.status for change in load_snapshot(path).changes] == ["MERGED"]


def test_the_server_version_is_asked_again_on_a_full_sync(standin, tmp_path):
    specs = [spec("dlm", "workstreams", reviews=(435555,))]
    standin.add(make_change(435555, updated=T0))
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    standin.version = "3.4.1"
    sync(config, specs, path, NOW, client=client(standin.url))
    standin.version = "3.9.2"  # upgraded: submit requirements to ask for now
    sync(config, specs, path, NOW, client=client(standin.url))
    assert load_snapshot(path).server_version == "3.4.1"  # an incremental sync keeps what it knew
    mark = len(standin.requests)
    sync(config, specs, path, NOW, client=client(standin.url), full=True)
    assert load_snapshot(path).server_version == "3.9.2"
    assert any("SUBMIT_REQUIREMENTS" in request.options() for request in standin.requests[mark:])


def test_a_change_the_specs_name_that_the_server_does_not_return_is_said(standin, tmp_path):
    # Deleted, private, or hidden from anonymous users: Gerrit answers with nothing, not with 401.
    specs = [spec("dlm", "workstreams", reviews=(435555, 435556))]
    standin.add(make_change(435555, updated=T0))
    path = tmp_path / "gerrit.json"
    result = sync(GerritConfig(url=standin.url, project=PROJECT), specs, path, NOW, client=client(standin.url))
    assert result.warnings == (f"{standin.url} returned no change 435556 that the specs name: deleted, private, "
                               "or not visible without credentials",)


def test_a_file_its_own_change_lists_answered_404_is_said_and_asked_again(standin, tmp_path):
    # The path comes from the revision's file list: a 404 is a proxy's (Apache's AllowEncodedSlashes Off
    # refuses the %2F in every such path) or an old server's, not a file that is not there.
    standin.add(make_change(890003, files={"workstreams/dlm.rst": EDIT}))  # no contents: the server says 404
    config = GerritConfig(url=standin.url, project=PROJECT)
    path = tmp_path / "gerrit.json"
    result = sync(config, [spec("dlm", "workstreams")], path, NOW, client=client(standin.url))
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{standin.url} answered 404 for workstreams/dlm.rst of 890003 (files its "
                                         "own change lists): the :Status: moves pending there are unknown")
    standin.reset_requests()
    again = sync(config, [spec("dlm", "workstreams")], path, NOW + timedelta(hours=1), client=client(standin.url))
    assert [r for r in standin.requests if r.path.endswith("/content")] and again.warnings == result.warnings
