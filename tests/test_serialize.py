"""archwg/serialize.py: the one place JSON shapes are made or found, and a path to JSON without click."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SERIES = Path(__file__).resolve().parent / "data" / "meetings" / "series"


def test_serialize_finds_every_json_shape_including_the_front_ends_own():
    import archwg.gerrit.json
    import archwg.report
    import archwg.site.model
    import archwg.status_model
    from archwg import serialize

    assert serialize.change_json is archwg.gerrit.json.change_json
    assert serialize.status_json is archwg.report.status_json
    assert serialize.meetings_json is archwg.status_model.meetings_json
    assert serialize.report_json is archwg.site.model.report_json
    with pytest.raises(AttributeError):
        serialize.no_such_json


def test_a_front_end_gets_carry_json_from_the_core_without_click_or_rich():
    script = (
        "import json, sys\n"
        "from archwg.config import load_config\n"
        "from archwg.meetings.series import Reading, carry_series\n"
        "from archwg.serialize import carry_json\n"
        f"data = carry_json(carry_series(load_config(None), Reading([{str(SERIES)!r}], meeting_id='arch_wg')))\n"
        "print(json.dumps({'open': len(data['open']), 'meeting': data['meeting']['id'],\n"
        "                  'ui': sorted(m for m in ('click', 'rich') if m in sys.modules)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert json.loads(result.stdout) == {"open": 6, "meeting": "arch_wg", "ui": []}
