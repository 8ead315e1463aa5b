"""What a host that stores a row per record needs: the records as JSON lines, one record by its
`seq`, releasing the records it stored (the campaign goes on), and the reference questionnaire."""

from __future__ import annotations

import json
from typing import Iterator

import pytest

from grassroots import (
    Campaign,
    CommandEnvelope,
    ErrorCode,
    GrassrootsError,
    HouseholdRegisteredEvent,
    ImportQuestionnaireCommand,
    QuestionnaireRegisteredEvent,
    Record,
    RegisterHouseholdCommand,
    reference_questionnaire,
    reference_questionnaire_json,
)

from test_flow import DONGFANGHONG, GRID_WORKER, OFFICE, Flow, open_and_populate

CHUNK = 4096  # records are released in whole chunks of this many


@pytest.fixture
def populated(library) -> Iterator[Campaign]:
    with Campaign(library) as campaign:
        open_and_populate(Flow(campaign))
        yield campaign


def test_json_lines_replay_to_the_same_head(populated: Campaign, library) -> None:
    head = populated.head()
    lines = populated.records_since_lines(0)
    rows = lines.splitlines()
    assert lines.endswith("\n") and len(rows) == head.seq == lines.count("\n")
    # Each line is exactly the JSON of the array's element, in seq order.
    assert [json.loads(row) for row in rows] == json.loads(populated.records_since_json(0))
    assert [Record.from_json(row).seq for row in rows] == list(range(1, head.seq + 1))

    with Campaign.from_records(lines, library) as replayed:  # the lines text
        assert replayed.head() == head
        assert replayed.records_since_lines(0) == lines
    with Campaign.from_records(rows, library) as replayed:  # the rows a host stored, one by one
        assert replayed.head() == head
    with Campaign(library) as replayed:  # rows that kept their newline, and a byte-order mark
        replayed.replay("\ufeff" + "".join(row + "\n" for row in rows))
        assert replayed.head() == head

    assert populated.records_since_lines(head.seq) == ""
    assert populated.records_since_lines(head.seq - 2).splitlines() == rows[-2:]


def test_a_bad_line_is_refused(populated: Campaign, library) -> None:
    rows = populated.records_since_lines(0).splitlines()
    with pytest.raises(GrassrootsError) as refused:
        Campaign.from_records(rows[:2] + ["{not json"] + rows[2:], library)
    assert refused.value.code == "MALFORMED_INPUT"
    with pytest.raises(GrassrootsError) as refused:
        Campaign.from_records(rows[:2] + rows[3:], library)  # a row lost
    assert refused.value.code == "TAMPERED_LOG" and refused.value.seq == 4  # the first bad record


def test_record_n_is_the_nth_line(populated: Campaign) -> None:
    head = populated.head()
    rows = populated.records_since_lines(0).splitlines()
    for seq in (1, 2, head.seq):
        assert populated.record_json(seq) == rows[seq - 1]
        record = populated.record(seq)
        assert isinstance(record, Record) and record == Record.from_json(rows[seq - 1])
        assert record.seq == seq
    assert populated.record(head.seq).hash == head.hash

    for missing in (0, head.seq + 1):
        with pytest.raises(GrassrootsError) as refused:
            populated.record(missing)
        error = refused.value
        assert error.code == "NOT_FOUND" and error.error is not None and error.error.code is ErrorCode.NOT_FOUND
        assert error.field == "seq" and f"records 1 to {head.seq}" in error.message
    assert populated.head() == head, "a missing record changes nothing"


def register(command_id: str, household: str) -> CommandEnvelope:
    return CommandEnvelope(command_id=command_id, actor=GRID_WORKER, at="2022-04-14T09:00:00+08:00",
                           command=RegisterHouseholdCommand(id=household, unit=DONGFANGHONG,
                                                            address=f"东方红社区{household}"))


def test_released_records_are_forgotten_and_the_campaign_goes_on(populated: Campaign) -> None:
    # More than one chunk of records: 5,000 households registered one command each.
    first = populated.head().seq + 1
    for n in range(5000):
        populated.execute(register(f"r-{n}", f"x-{n}"))
    head = populated.head()
    assert head.seq == first + 4999 > CHUNK
    kept = populated.records_since_lines(CHUNK)  # what a host would still need after the release

    populated.release_records_through(head.seq)  # the host has stored everything

    # The first whole chunk is gone; the rest is still held, and the head is unchanged.
    assert populated.head() == head
    with pytest.raises(GrassrootsError) as refused:
        populated.record(1)
    assert refused.value.code == "NOT_FOUND" and refused.value.status == 7
    assert f"records {CHUNK + 1} to {head.seq}" in refused.value.message
    with pytest.raises(GrassrootsError):
        populated.record(CHUNK)
    assert populated.record(CHUNK + 1).seq == CHUNK + 1
    assert populated.records_since_lines(0) == kept
    assert populated.records_since(0)[0].seq == CHUNK + 1

    # A retry of a released command is still a retry (with none of its records held).
    retried = populated.execute(register("r-0", "x-0"))
    assert retried.retried and retried.records == []
    assert populated.head() == head

    # New commands are accepted and continue the chain.
    accepted = populated.execute(register("r-new", "x-new"))
    assert not accepted.retried and [r.seq for r in accepted.records] == [head.seq + 1]
    assert accepted.records[0].prev_hash == head.hash
    assert isinstance(accepted.records[0].event, HouseholdRegisteredEvent)
    assert populated.record_json(head.seq + 1) == populated.records_since_lines(head.seq).rstrip("\n")

    # Releasing less than a chunk more keeps what it cannot release whole; 0 releases nothing.
    populated.release_records_through(CHUNK + 10)
    populated.release_records_through(0)
    assert populated.record(CHUNK + 1).seq == CHUNK + 1


def test_the_reference_questionnaire_registers(populated: Campaign, library) -> None:
    command = reference_questionnaire(library)
    assert isinstance(command, ImportQuestionnaireCommand)
    assert (command.id, command.version) == ("door-knock", 1)
    assert command.title and command.survey and command.choices
    text = reference_questionnaire_json(library)
    assert json.loads(text) == command.to_json() and json.loads(text)["type"] == "importQuestionnaire"
    assert reference_questionnaire() == command  # the shared library, found as Campaign() finds it

    result = populated.execute(CommandEnvelope(command_id="q-ref", actor=OFFICE,
                                               at="2022-04-14T12:00:00+08:00", command=command))
    events = [record.event for record in result.records]
    assert len(events) == 1 and isinstance(events[0], QuestionnaireRegisteredEvent)
    assert events[0].questionnaire.id == "door-knock"
    assert events[0].questionnaire.version == 1
