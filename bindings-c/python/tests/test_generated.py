"""The generated types never drift from docs/schema/, and they carry every real command, query,
event and result of tests/scenarios/ to the same JSON and back (no library needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grassroots import (
    Actor,
    Command,
    CommandEnvelope,
    Event,
    ImportCsvCommand,
    CsvTable,
    QueryEnvelope,
    QueryResult,
    RegisterOrgUnitCommand,
    OrgLevel,
    Role,
)

from conftest import PACKAGE_DIR, REPO, SCENARIOS, strip_nulls

COMMITTED = PACKAGE_DIR / "grassroots" / "types.py"


def test_the_committed_types_are_what_the_schemas_generate(tmp_path: Path) -> None:
    out = tmp_path / "types.py"
    subprocess.run([sys.executable, str(PACKAGE_DIR / "generate.py"), "--schema-dir", str(REPO / "docs" / "schema"),
                    "--out", str(out)], check=True)
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "bindings-c/python/grassroots/types.py is stale: run python3 bindings-c/python/generate.py")


def test_the_installed_types_are_the_committed_ones() -> None:
    import grassroots.types

    installed = Path(grassroots.types.__file__).read_text(encoding="utf-8")
    assert installed == COMMITTED.read_text(encoding="utf-8"), "reinstall the package (pip install bindings-c/python)"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_round_trips_through_the_types(path: Path) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    checked = 0
    for step in scenario["steps"]:
        if "execute" in step:
            envelope = CommandEnvelope.from_json(step["execute"])
            assert isinstance(envelope.command, Command)
            assert envelope.to_json() == strip_nulls(step["execute"])
        if "query" in step:
            assert QueryEnvelope.from_json(step["query"]).to_json() == strip_nulls(step["query"])
        expect = step.get("expect", {})
        for event in expect.get("events", []):
            assert Event.from_json(event).to_json() == strip_nulls(event)
        if "result" in expect:
            assert QueryResult.from_json(expect["result"]).to_json() == strip_nulls(expect["result"])
        checked += 1
    assert checked == len(scenario["steps"]) > 0


def test_snake_case_attributes_map_to_camel_case_wire_names() -> None:
    envelope = CommandEnvelope(
        command_id="c-1", expected_seq=None, at="2022-04-13T09:00:00+08:00",
        actor=Actor(id="office", role=Role.ADMINISTRATOR, scope="430171004000"),
        command=RegisterOrgUnitCommand(code="430171004001", level=OrgLevel.COMMUNITY, name="东方红社区"))
    assert envelope.to_json() == {
        "schemaVersion": 1, "commandId": "c-1", "at": "2022-04-13T09:00:00+08:00",
        "actor": {"id": "office", "role": "administrator", "scope": "430171004000"},
        "command": {"type": "registerOrgUnit", "code": "430171004001", "level": "community", "name": "东方红社区"},
    }  # expectedSeq (None) is left out
    again = CommandEnvelope.from_json(envelope.to_json_string())
    assert again == envelope
    assert isinstance(again.command, RegisterOrgUnitCommand) and again.command.level is OrgLevel.COMMUNITY


def test_a_union_reads_its_variant_and_refuses_an_unknown_tag() -> None:
    command = Command.from_json({"type": "importCsv", "table": "units", "csv": "code,level,name\n"})
    assert command == ImportCsvCommand(table=CsvTable.UNITS, csv="code,level,name\n")
    with pytest.raises(ValueError, match="unknown type 'noSuchCommand'"):
        Command.from_json({"type": "noSuchCommand"})
    with pytest.raises(ValueError, match="required field 'csv'"):
        Command.from_json({"type": "importCsv", "table": "units"})
