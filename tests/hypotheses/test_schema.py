"""Bad hypothesis files are refused whole, with the line at fault."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sitrep.hypotheses import HypothesisFileError, init_set, parse
from sitrep.store.tables import HypothesisSet

from .conftest import SET_FILE

GOOD = """\
name: t
hypotheses:
  - {id: H1, text: one}
  - {id: H2, text: two}
indicators:
  - id: i1
    text: troops arrive
    type: MOBILIZE
    consistency: {H1: C, H2: I}
"""


def test_the_test_set_parses():
    spec = parse(SET_FILE.read_text(), "belarus-front.yaml")
    assert spec.ids == ["H1", "H2", "H3"] and len(spec.indicators) == 7
    mob = spec.indicator("belarus-mobilises")
    assert mob.consistency == {"H1": "N", "H2": "CC", "H3": "I"}  # a hypothesis left out is N
    assert spec.indicator("large-buildup").min_quantity == 20000


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("type: MOBILIZE", "type: INVADE", "x.yaml: line 8: unknown type 'INVADE'"),
        ("type: MOBILIZE", "typ: MOBILIZE", "x.yaml: line 8: unknown field 'typ' in an indicator"),
        ("{H1: C, H2: I}", "{H1: C, H2: X}", "x.yaml: line 9: unknown consistency 'X' for H2"),
        ("{H1: C, H2: I}", "{H1: C, H9: I}", "x.yaml: line 9: unknown field 'H9' in consistency"),
        ("    text: troops arrive", "    text: [troops", "x.yaml: line 8: malformed YAML"),
        (
            "type: MOBILIZE",
            "type: MOBILIZE\n    speaker: BLR",
            "x.yaml: line 9: field 'speaker' is for statement",
        ),
        (
            "  - {id: H2, text: two}",
            "  - {id: H1, text: two}",
            "x.yaml: line 4: hypothesis id 'H1' is used twice",
        ),
        ("type: MOBILIZE", "type: MOBILIZE\n    since: next week", "x.yaml: line 9: since must be a date"),
    ],
)
def test_bad_files_name_the_line(old, new, message):
    with pytest.raises(HypothesisFileError) as err:
        parse(GOOD.replace(old, new), "x.yaml")
    assert err.value.message.startswith(message), err.value.message


def test_nothing_is_half_loaded(store, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("type: MOBILIZE", "type: INVADE"))
    with pytest.raises(HypothesisFileError), store.transaction() as s:
        init_set(s, "t", bad)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(HypothesisSet)) == 1  # only the fixture's set
