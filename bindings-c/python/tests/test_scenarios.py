"""Every scenario of tests/scenarios/ through the library and the typed API, as the Rust and C
runners do: the same events, results, errors and final head hash; then the records replay to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grassroots import Campaign, CommandEnvelope, GrassrootsError, QueryEnvelope

from conftest import SCENARIOS, strip_nulls


def error_expectation(error: GrassrootsError, expected: dict) -> dict:
    """The error in the shape the scenario files give it (as core/tests/scenarios.rs builds it)."""
    actual: dict = {"code": error.code}
    if error.rule is not None and "rule" in expected.get("error", {}):
        actual["rule"] = error.rule
    if error.field is not None:
        actual["field"] = error.field
    if error.rows:
        actual["rows"] = [strip_nulls({"line": r.line, "column": r.column, "code": r.code.value}) for r in error.rows]
    return {"error": actual}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, library) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    with Campaign(library) as campaign:
        for index, step in enumerate(scenario["steps"]):
            try:
                if "execute" in step:
                    answer = campaign.execute(CommandEnvelope.from_json(step["execute"]))
                    actual: dict = {"events": [record.event.to_json() for record in answer.records]}
                    if answer.retried:
                        actual["retried"] = True
                else:
                    result = campaign.query(QueryEnvelope.from_json(step["query"]))
                    actual = {"result": result.to_json()}
            except GrassrootsError as error:
                actual = error_expectation(error, step["expect"])
            assert actual == strip_nulls(step["expect"]), f"{scenario['name']}, step {index}"
        head = campaign.head()
        assert {"seq": head.seq, "hash": head.hash} == scenario["expectHead"]
        with Campaign.from_records(campaign.records_since(0), library) as replayed:
            assert replayed.head() == head
