"""Mangled ChangeInfo objects: reading them gives a Change or an archwg error, never a traceback."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archwg.errors import ArchwgError, BadInput
from archwg.gerrit.json import change_json
from archwg.gerrit.model import change_from_json, changes_from_body, review_state, state_summary
from archwg.gerrit.query import ChangeIndex
from gerrit_standin import make_change

SERVER = "https://review.opendev.org"
NOW = datetime(2017, 4, 1, tzinfo=timezone.utc)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def sample() -> dict:
    return make_change(
        435555, topic="arch-wg-dlm", mergeable=True,
        labels={"Code-Review": {"all": [{"value": 2, "name": "ttx", "date": "2017-03-02 10:00:00.000000000"}],
                                "values": {"-2": "", "+2": ""}},
                "Workflow": {"approved": {"name": "ttx"}, "value": 1}},
        files={"workstreams/dlm.rst": {"status": "R", "old_path": "specs/dlm.rst"}},
        submit_requirements=[{"name": "Code-Review", "status": "SATISFIED", "is_legacy": False}],
    )


def paths(value, here=()):
    """Every place inside *value* (dict keys and list indices), the root included."""
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, here + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, here + (index,))


PLACES = [place for place in paths(sample()) if place]


@st.composite
def mangled(draw) -> dict:
    data = sample()
    for place in draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3)):
        parent = data
        try:
            for step in place[:-1]:
                parent = parent[step]
            if isinstance(parent, dict) and draw(st.booleans()) and place[-1] in parent:
                del parent[place[-1]]
            else:
                parent[place[-1]] = draw(JSON)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mangling removed this place
    return data


@settings(max_examples=400, deadline=None)
@given(mangled())
def test_a_mangled_change_is_read_or_refused_with_an_archwg_error(data):
    try:
        change = change_from_json(data, SERVER)
    except ArchwgError as error:
        assert "\n" not in str(error)
        return
    # What the readers do with a change must not fail either.
    review_state(change)
    state_summary(change, NOW)
    change_json(change)
    assert ChangeIndex.build([change]).by_number == {change.number: change}  # topics and paths are hashable


@pytest.mark.parametrize(
    "mangle, field",
    [
        (lambda d: d["labels"]["Code-Review"]["all"][0].update(value="+2 from ttx"), "labels.Code-Review"),
        (lambda d: d["labels"]["Code-Review"]["all"][0].update(value=[2]), "labels.Code-Review"),
        (lambda d: d["labels"]["Code-Review"]["all"][0].update(date="yesterday"), "labels.Code-Review"),
        (lambda d: d.update(topic=["a", "b"]), "topic"),
        (lambda d: d.update(submit_requirements=5), "submit_requirements"),
        (lambda d: d.update(current_revision=["x"]), "current_revision"),
        (lambda d: d.update(updated="²017-03-01 12:00:00.000000000"), "updated"),
    ],
)
def test_a_bad_field_is_one_line_naming_the_change_and_the_field(mangle, field):
    data = sample()
    mangle(data)
    with pytest.raises(BadInput) as raised:
        changes_from_body([data], SERVER)
    message = str(raised.value)
    assert message.startswith("change 435555: ") and field in message and "\n" not in message
