"""`Store`: a campaign kept in a SQLite file, and in PostgreSQL when GRASSROOTS_TEST_POSTGRES names a
server (`eval "$(bash scripts/postgres.sh env)"`; each test makes a database with psql and drops it).
With GRASSROOTS_REQUIRE_POSTGRES=1 a missing server fails instead of skipping."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from grassroots import (
    Campaign,
    CoverageQuery,
    CoverageResult,
    CsvTable,
    ErrorCode,
    ExecuteResult,
    GrassrootsError,
    ImportCsvCommand,
    QueryEnvelope,
    RegisterHouseholdCommand,
    Store,
    StoreStatus,
    StoreVerified,
)

from grassroots.campaign import _dumps

from test_flow import DONGFANGHONG, GRID_WORKER, GRID_WORKER_BAIHE, OFFICE, Flow, open_and_populate


def _psql(conninfo: str, sql: str) -> None:
    subprocess.run(["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


@pytest.fixture(params=["sqlite", "postgres"])
def location(request, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store goes, on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "campaign.db")
        return
    base = os.environ.get("GRASSROOTS_TEST_POSTGRES", "").strip()
    if not base:
        if os.environ.get("GRASSROOTS_REQUIRE_POSTGRES") == "1":
            pytest.fail("GRASSROOTS_REQUIRE_POSTGRES=1 but GRASSROOTS_TEST_POSTGRES is not set")
        pytest.skip("GRASSROOTS_TEST_POSTGRES is not set")
    name = f"gr_py_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    _psql(base, f"CREATE DATABASE {name}")
    try:
        yield f"{base} dbname={name}"
    finally:
        _psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def household(flow: Flow, id: str):
    return flow.envelope(GRID_WORKER, RegisterHouseholdCommand(id=id, unit=DONGFANGHONG, address=f"东方红社区{id}"))


def test_a_store_keeps_the_campaign_across_handles(location: str, library) -> None:
    with pytest.raises(GrassrootsError) as missing:
        Store(location, library=library)
    assert (missing.value.code, missing.value.status) == ("NOT_A_CAMPAIGN_STORE", 24)
    assert missing.value.error is not None and missing.value.error.code is ErrorCode.NOT_A_CAMPAIGN_STORE

    with Store(location, create=True, library=library) as store:
        assert store.head().seq == 0 and store.last_error() is None
        flow = Flow(store)  # a Store executes envelopes as a Campaign does
        open_and_populate(flow)
        head = store.head()
        sent = household(flow, "h-20")
        first = store.execute(sent)
        assert not first.retried and store.head().seq == head.seq + 1
        head = store.head()
        with pytest.raises(GrassrootsError) as refused:
            store.execute(flow.envelope(GRID_WORKER_BAIHE, RegisterHouseholdCommand(
                id="h-x", unit=DONGFANGHONG, address="东方红社区9栋")))
        assert refused.value.code == "OUT_OF_SCOPE" and store.head() == head
    assert store.closed
    with pytest.raises(ValueError):
        store.head()

    # A restart: the same head; the retry is answered from the store.
    with Store(location, library=library) as store:
        assert store.head() == head
        again = store.execute(sent)  # a phone that sends it again
        assert again.retried and again.records == first.records and store.head() == head
        coverage = store.query(QueryEnvelope(actor=OFFICE, query=CoverageQuery()), CoverageResult)
        assert coverage.total.households == 7

        lines = store.records_since_lines(0)
        assert len(lines.splitlines()) == head.seq and lines.endswith("\n")
        assert [r.seq for r in store.records_since(2, 3)] == [3, 4, 5]
        assert store.records_since_lines(head.seq) == "" and store.records_since_lines(0, 0) == ""
        with Campaign.from_records(lines, library) as replayed:
            assert replayed.head() == head

        assert store.snapshot() == head.seq
        assert store.verify() == StoreVerified(head=head, records=head.seq, snapshots=1)
        status = store.status()
        assert isinstance(status, StoreStatus)
        assert (status.campaign, status.head, status.snapshot_seq, status.snapshot_error) == ("main", head, head.seq, None)
    with Store(location, library=library) as store:
        assert store.status().opened_from_snapshot == head.seq

    # Another campaign in the same store is another name.
    with pytest.raises(GrassrootsError) as other:
        Store(location, campaign="2023", library=library)
    assert other.value.code == "NOT_A_CAMPAIGN_STORE"
    with Store(location, campaign="2023", create=True, library=library) as second:
        assert second.head().seq == 0 and second.status().campaign == "2023"


def test_a_batch_is_stored_in_one_call(location: str, library) -> None:
    with Store(location, create=True, library=library) as store:
        flow = Flow(store)
        open_and_populate(flow)
        head = store.head()
        refused = flow.envelope(GRID_WORKER_BAIHE, RegisterHouseholdCommand(id="h-x", unit=DONGFANGHONG, address="东方红社区9栋"))
        batch = [household(flow, "h-20"), household(flow, "h-21"), refused, household(flow, "h-22").to_json(),
                 _dumps(household(flow, "h-23").to_json())]
        answers = store.execute_batch(batch)
        assert len(answers) == 5
        assert [isinstance(a, ExecuteResult) for a in answers] == [True, True, False, True, True]
        error = answers[2]
        assert isinstance(error, GrassrootsError)
        assert (error.code, error.status, error.error.code) == ("OUT_OF_SCOPE", 10, ErrorCode.OUT_OF_SCOPE)
        accepted = [a for a in answers if isinstance(a, ExecuteResult)]
        assert [a.records[0].seq for a in accepted] == [head.seq + n for n in (1, 2, 3, 4)]
        assert not any(a.retried for a in accepted)
        assert store.head().seq == head.seq + 4 and store.head().hash == accepted[-1].records[0].hash
        assert store.records_since(head.seq) == [a.records[0] for a in accepted]
        with pytest.raises(GrassrootsError) as alone:
            store.execute(refused)
        assert alone.value.error == error.error  # as `execute` refuses it

        # JSON lines: a line that is not an envelope is answered, named by its number; blank lines skipped.
        text = "\n\n{not an envelope\n" + _dumps(household(flow, "h-24").to_json()) + "\n"
        bad, good = store.execute_batch(text)
        assert isinstance(bad, GrassrootsError) and bad.code == "MALFORMED_INPUT"
        assert bad.message.startswith("line 3 of the command lines: ")
        assert isinstance(good, ExecuteResult) and not good.retried
        raw = store.execute_batch_lines(text)  # the same text again, answered as JSON lines
        assert raw.endswith("\n") and len(raw.splitlines()) == 2
        assert raw.startswith('{"code":"MALFORMED_INPUT"') and '"retried":true' in raw.splitlines()[1]
        head = store.head()
        assert store.execute_batch([]) == [] and store.execute_batch_lines("\n \n") == ""
        with pytest.raises(ValueError):
            store.execute_batch(['{"schemaVersion":1,\n"commandId":"x"}'])
        with pytest.raises(ValueError):
            store.execute_batch([" "])
        assert store.head() == head

    with Store(location, library=library) as store:  # a restart sees the batches
        assert store.head() == head
        again = store.execute_batch(batch)
        assert [a.retried for a in again if isinstance(a, ExecuteResult)] == [True] * 4
        assert [a.records for a in again if isinstance(a, ExecuteResult)] == [a.records for a in accepted]
        assert isinstance(again[2], GrassrootsError) and again[2].code == "OUT_OF_SCOPE"
        assert store.head() == head


def test_two_handles_see_each_other(location: str, library) -> None:
    with Store(location, create=True, library=library) as a, Store(location, library=library) as b:
        flow_a, flow_b = Flow(a), Flow(b)
        open_and_populate(flow_a)
        flow_b.count = flow_a.count
        b.execute(household(flow_b, "h-30"))  # B reads A's records before it writes
        assert b.head().seq == a.head().seq + 1
        a.refresh()
        assert a.head() == b.head()


def test_no_store_and_no_database(tmp_path: Path, library) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(GrassrootsError) as raised:
        Store(str(missing), library=library)
    assert raised.value.status == 24 and not missing.exists()

    notes = tmp_path / "notes.txt"
    notes.write_text("these are notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(GrassrootsError) as raised:
        Store(str(notes), create=True, library=library)
    assert raised.value.code == "NOT_A_CAMPAIGN_STORE" and "notes.txt" in raised.value.message
    assert notes.read_text(encoding="utf-8").startswith("these are notes")


@pytest.mark.parametrize("options, code, field", [
    ({"create": True, "keep_snapshots": 0}, "INVALID_FIELD", "keepSnapshots"),
    ({"create": True, "snapshot_every": -1}, "INVALID_FIELD", "snapshotEvery"),
    ({"create": True, "campaign": ""}, "INVALID_FIELD", "campaign"),
    ({"options_json": '{"create":true,"snapshotevery":5}'}, "INVALID_FIELD", "snapshotevery"),
    ({"options_json": "[]"}, "MALFORMED_INPUT", None),
    ({"create": True, "trust": {"keys": "none"}}, "MALFORMED_INPUT", "trust.keys"),
])
def test_bad_options_name_the_option(tmp_path: Path, library, options, code, field) -> None:
    path = tmp_path / "campaign.db"
    with pytest.raises(GrassrootsError) as raised:
        Store(str(path), library=library, **options)
    assert (raised.value.code, raised.value.field) == (code, field)
    assert not path.exists()


def test_a_size_limit_is_sqlite_s_and_a_full_file_keeps_what_it_had(tmp_path: Path, library) -> None:
    with pytest.raises(GrassrootsError) as raised:
        Store("postgres://nobody@127.0.0.1:1/none", max_size_bytes=1 << 20, library=library)
    assert (raised.value.code, raised.value.field) == ("INVALID_FIELD", "maxSizeBytes")
    with pytest.raises(ValueError):
        Store(str(tmp_path / "x.db"), create=True, options_json="{}", library=library)

    location = str(tmp_path / "small.db")
    with Store(location, create=True, max_size_bytes=128 * 1024, snapshot_every=0, library=library) as store:
        flow = Flow(store)
        open_and_populate(flow)
        head = store.head()
        rows = "".join(f"big-{n},东方红社区{n}栋{n}号,{DONGFANGHONG}\n" for n in range(2000))
        with pytest.raises(GrassrootsError) as full:
            store.execute(flow.envelope(OFFICE, ImportCsvCommand(table=CsvTable.HOUSEHOLDS, csv="户编号,地址,村社区代码\n" + rows)))
        assert (full.value.code, full.value.status) == ("STORAGE_FULL", 26)
        assert store.head() == head
        store.execute(household(flow, "h-40"))
        assert store.head().seq == head.seq + 1


def test_an_unreachable_server_is_storage_unavailable(tmp_path: Path, library) -> None:
    with pytest.raises(GrassrootsError) as raised:
        Store(f"host={tmp_path} port=1 dbname=grassroots password=secret", create=True, library=library)
    assert (raised.value.code, raised.value.status) == ("STORAGE_UNAVAILABLE", 25)
    assert "secret" not in str(raised.value)
