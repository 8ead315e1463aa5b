"""`Store`: a campaign kept in a database (a SQLite file, or PostgreSQL) through libgrassroots.

Each command's records are written in the transaction that accepts it, so a host gets persistence
without writing SQL: open, execute, query, close; after a restart, open again and the campaign is
where it was.
"""

from __future__ import annotations

import ctypes
import json
import weakref
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Type, Union, overload

from ._library import Library, load_library
from .campaign import GR_OK, GrassrootsError, LibraryArg, R, _dumps, _encode, _plain
from .types import CommandEnvelope, Error, ExecuteResult, Head, QueryAnswer, QueryEnvelope, QueryResult, Record

__all__ = ["Store", "StoreStatus", "StoreVerified"]

#: The most records `records_since_lines` answers per call.
MAX_RECORDS_PER_CALL = 10_000


@dataclass(frozen=True)
class StoreVerified:
    """What `Store.verify` checked."""

    #: The head the whole chain was replayed to.
    head: Head
    #: How many records were replayed and verified.
    records: int
    #: How many stored snapshots were checked against the replayed state.
    snapshots: int


@dataclass(frozen=True)
class StoreStatus:
    """What a store is, for a health check (`Store.status`)."""

    #: Where it lives (any password masked).
    location: str
    #: The campaign's name in it.
    campaign: str
    #: The head as this handle last saw it.
    head: Head
    #: The seq of the latest snapshot (0 when none).
    snapshot_seq: int
    #: The seq of the snapshot the store was opened from (0 when none).
    opened_from_snapshot: int
    #: Why the last automatic snapshot could not be written, or None (the records are safe; the
    #: next write tries again).
    snapshot_error: Optional[str]


class Store:
    """A campaign kept in a SQLite file or a PostgreSQL database (`gr_store_*`).

        with Store("campaign.db", create=True) as store:
            store.execute(CommandEnvelope(command_id="c-1", actor=office, at="...", command=open_command))
        with Store("campaign.db") as store:     # a restart: the campaign is where it was
            head = store.head()

    A retried command id is answered from the stored records (`retried` true), after a restart too.
    Several handles, in one process or several, may open the same store: each reads what the others
    wrote before it writes. A refusal raises GrassrootsError and stores nothing; so does a storage
    failure (`STORAGE_UNAVAILABLE`, `STORAGE_FULL`): send the command again with the same id.
    `execute_batch` stores many commands in one transaction (one write to disk for the batch),
    answering each command on its own. Use it as a context manager, or call `close()`, to close the
    file or connection at once. One thread at a time per handle.
    """

    def __init__(
        self,
        location: str,
        *,
        create: Optional[bool] = None,
        campaign: Optional[str] = None,
        snapshot_every: Optional[int] = None,
        keep_snapshots: Optional[int] = None,
        max_size_bytes: Optional[int] = None,
        trust: Union[str, Mapping[str, Any], None] = None,
        options_json: Optional[str] = None,
        library: LibraryArg = None,
    ):
        """Opens the store at `location`: a SQLite file path, or PostgreSQL as a `postgres://` URL
        or a libpq string (`host=/run/postgresql dbname=grassroots`).

        Options left None keep the library's defaults:
        - `create`: True creates the store when there is none (a new SQLite file, the tables in an
          empty database, the campaign when the store lacks it); by default an existing store is only
          opened, so that a mistyped location raises NOT_A_CAMPAIGN_STORE instead of starting empty;
        - `campaign`: the campaign's name in the store (a database may hold several); "main";
        - `snapshot_every`: take a snapshot each time this many records were stored (0: never); 10000;
        - `keep_snapshots`: how many of the latest snapshots to keep (at least 1); 2;
        - `max_size_bytes`: SQLite only, the largest the file may grow (a write past it raises
          STORAGE_FULL); no limit;
        - `trust`: the trust list (a dict or JSON text) the snapshots and checkpoints are held to.
        `options_json` gives the options as `gr_store_open` reads them instead (not with the others).
        `library` is as for `Campaign`.

        Raises GrassrootsError: NOT_A_CAMPAIGN_STORE (24: no store there, a file that is no database,
        no campaign by that name), STORAGE_UNAVAILABLE (25), STORAGE_FULL (26), TAMPERED_LOG naming
        the record, INVALID_FIELD naming a bad option, ...
        """
        self.library = library if isinstance(library, Library) else load_library(library)
        options = {
            "campaign": campaign,
            "create": create,
            "snapshotEvery": snapshot_every,
            "keepSnapshots": keep_snapshots,
            "maxSizeBytes": max_size_bytes,
            "trust": json.loads(trust) if isinstance(trust, str) else trust,
        }
        options = {name: value for name, value in options.items() if value is not None}
        if options_json is not None and options:
            raise ValueError("give the options either as keywords or as options_json, not both")
        text = options_json if options_json is not None else (_dumps(options) if options else None)
        self._handle = ctypes.c_void_p()
        error = ctypes.c_void_p()
        status = self.library.cdll.gr_store_open(
            _encode(location), None if text is None else _encode(text), ctypes.byref(self._handle), ctypes.byref(error)
        )
        if status != GR_OK:
            detail = self.library.take_string(error)
            raise GrassrootsError(status, json.loads(detail) if detail else None, self.library.status_name(status))
        self._finalizer = weakref.finalize(self, _free, self.library, self._handle)

    # -- commands and queries -------------------------------------------------------------------

    def execute(self, envelope: Union[CommandEnvelope, Mapping[str, Any]]) -> ExecuteResult:
        """Executes one command envelope and stores its records in the same transaction; returns them
        as stored (`retried` for a retry, whose records are read back from the store).

        Raises GrassrootsError if the command is refused or could not be stored; then nothing was
        stored."""
        return ExecuteResult.from_json(self.execute_json(_dumps(_plain(envelope))))

    def execute_json(self, envelope_json: str) -> str:
        """`execute` with the envelope and the answer as JSON text (`gr_store_execute`)."""
        out = ctypes.c_void_p()
        self._call("gr_store_execute", _encode(envelope_json), ctypes.byref(out))
        return self._take(out)

    def execute_batch(
        self, lines: Union[str, Iterable[Union[CommandEnvelope, Mapping[str, Any], str]]]
    ) -> List[Union[ExecuteResult, GrassrootsError]]:
        """Executes commands in order and stores the records of those accepted in one transaction
        (`gr_store_execute_batch`): one write to disk for the batch, where `execute` makes one per
        command. A refused command stores nothing and does not stop the others; a command may rely
        on those before it.

        `lines` is the envelopes as JSON lines (one per line, blank lines skipped), or an iterable
        of envelopes: dataclasses, dicts, or JSON texts each on one line. At most 32 MiB of JSON in
        all: split a larger batch (a thousand commands a call already make the write cheap).

        Returns one answer per envelope, in order: the `ExecuteResult` of an accepted command (as
        `execute` returns it), or the `GrassrootsError` `execute` would have raised for a refused one,
        returned, not raised (MALFORMED_INPUT naming the line for a text that is no envelope):

            for answer in store.execute_batch(envelopes):
                if isinstance(answer, GrassrootsError): ...

        Raises GrassrootsError when the batch could not be stored (STORAGE_UNAVAILABLE,
        STORAGE_FULL, CONFLICT with another writer, TAMPERED_LOG): then nothing of it was stored;
        send it again with the same command ids. INPUT_TOO_LARGE past 32 MiB. ValueError for an
        envelope text that is blank or spans several lines."""
        if isinstance(lines, str):
            text = lines
        else:
            parts = []
            for i, envelope in enumerate(lines):
                line = envelope if isinstance(envelope, str) else _dumps(_plain(envelope))
                if not line.strip() or "\n" in line:
                    why = "blank" if not line.strip() else "on several lines: give it as compact JSON on one line"
                    raise ValueError(f"execute_batch: envelope {i} is {why}")
                parts.append(line + "\n")
            text = "".join(parts)
        return [self._answer(line) for line in self.execute_batch_lines(text).splitlines() if line]

    def execute_batch_lines(self, lines: str) -> str:
        """`execute_batch` with the envelopes and the answers as JSON lines (`gr_store_execute_batch`):
        one answer line per envelope line, in order, each ending in a newline; an accepted command's
        `{"schemaVersion":2,"retried":...,"records":[...]}` or a refused one's error JSON
        `{"code":...,"message":...}`; "" when there are none."""
        out = ctypes.c_void_p()
        self._call("gr_store_execute_batch", _encode(lines), ctypes.byref(out))
        return self._take(out)

    @overload
    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]]) -> QueryResult: ...

    @overload
    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]], expected: Type[R]) -> R: ...

    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]],
              expected: Optional[Type[QueryResult]] = None) -> QueryResult:
        """Answers one query envelope on the campaign as stored (first reading what other handles
        wrote), as `Campaign.query` does."""
        result = QueryAnswer.from_json(self.query_json(_dumps(_plain(envelope)))).result
        if expected is not None and not isinstance(result, expected):
            raise TypeError(f"expected a {expected.__name__}, the library answered a {type(result).__name__}")
        return result

    def query_json(self, envelope_json: str) -> str:
        """`query` with the envelope and the answer as JSON text (`gr_store_query`)."""
        out = ctypes.c_void_p()
        self._call("gr_store_query", _encode(envelope_json), ctypes.byref(out))
        return self._take(out)

    # -- the stored log -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reads the records other handles or processes stored since this one last looked, so that
        `head()` shows the store's head."""
        self._call("gr_store_refresh")

    def head(self) -> Head:
        """The head as this handle last saw it (at opening, or at its last execute, query or
        refresh); reads nothing from the database."""
        seq = ctypes.c_uint64()
        hash_out = ctypes.c_void_p()
        self._call("gr_store_head", ctypes.byref(seq), ctypes.byref(hash_out))
        return Head(seq=seq.value, hash=self._take(hash_out))

    def records_since_lines(self, seq: int = 0, limit: int = MAX_RECORDS_PER_CALL) -> str:
        """Up to `limit` stored records after `seq` (10000 at most per call), read from the
        database, as JSON lines: one record per line, each exactly as stored, each ending in a
        newline; "" when there are none. Page with the last seq received; `Campaign.replay` takes
        the lines back."""
        if seq < 0 or limit < 0:
            raise ValueError(f"records_since_lines({seq}, {limit}): not negative")
        out = ctypes.c_void_p()
        self._call("gr_store_records_since_lines", ctypes.c_uint64(seq), ctypes.c_size_t(limit), ctypes.byref(out))
        return self._take(out)

    def records_since(self, seq: int = 0, limit: int = MAX_RECORDS_PER_CALL) -> List[Record]:
        """`records_since_lines`, typed."""
        return [Record.from_json(line) for line in self.records_since_lines(seq, limit).splitlines() if line]

    def snapshot(self) -> int:
        """Takes a snapshot at the store's head now and stores it; returns its seq. The next opening
        starts from it."""
        seq = ctypes.c_uint64()
        self._call("gr_store_snapshot", ctypes.byref(seq))
        return seq.value

    def verify(self) -> StoreVerified:
        """Replays the whole stored chain, verifying every record and checkpoint, and checks each
        stored snapshot and the head against it. Raises GrassrootsError TAMPERED_LOG naming the
        first bad record (or snapshot) in `.seq`."""
        out = ctypes.c_void_p()
        self._call("gr_store_verify", ctypes.byref(out))
        answer = json.loads(self._take(out))
        return StoreVerified(head=Head.from_json(answer["head"]), records=answer["records"], snapshots=answer["snapshots"])

    def status(self) -> StoreStatus:
        """Where the store is, its head and its snapshots; reads nothing from the database."""
        out = ctypes.c_void_p()
        self._call("gr_store_status", ctypes.byref(out))
        answer = json.loads(self._take(out))
        return StoreStatus(
            location=answer["location"],
            campaign=answer["campaign"],
            head=Head.from_json(answer["head"]),
            snapshot_seq=answer["snapshotSeq"],
            opened_from_snapshot=answer["openedFromSnapshot"],
            snapshot_error=answer.get("snapshotError"),
        )

    def last_error(self) -> Optional[Error]:
        """The error of the last failed call on this handle, or None (also for the C door's own
        codes, which `Error` does not type: see `GrassrootsError.code`)."""
        detail = self._last_error_json()
        try:
            return Error.from_json(detail) if detail else None
        except ValueError:
            return None

    # -- life -----------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Closes the file or connection and frees the handle. Closing twice is harmless; any other
        call after it raises ValueError. Every accepted command is already stored."""
        self._finalizer()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<grassroots.Store {'closed' if self.closed else 'open'} ({self.library.path})>"

    # -- internals ------------------------------------------------------------------------------

    def _live(self) -> ctypes.c_void_p:
        if self.closed:
            raise ValueError("the store is closed")
        return self._handle

    def _call(self, name: str, *args: Any) -> None:
        status = getattr(self.library.cdll, name)(self._live(), *args)
        if status != GR_OK:
            raise GrassrootsError(status, self._last_error_json(), self.library.status_name(status))

    def _take(self, pointer: ctypes.c_void_p) -> str:
        text = self.library.take_string(pointer)
        if text is None:  # the library writes every output on GR_OK
            raise RuntimeError("libgrassroots returned no string")
        return text

    def _answer(self, line: str) -> Union[ExecuteResult, GrassrootsError]:
        """One answer of a batch, typed: a result, or the refusal (not raised)."""
        answer = json.loads(line)
        if "code" in answer:
            return GrassrootsError(self.library.status_of(answer["code"]), answer, answer["code"])
        return ExecuteResult.from_json(answer)

    def _last_error_json(self) -> Optional[Mapping[str, Any]]:
        out = ctypes.c_void_p()
        if self.library.cdll.gr_store_last_error(self._live(), ctypes.byref(out)) != GR_OK:
            return None
        text = self.library.take_string(out)
        return json.loads(text) if text else None


def _free(library: Library, handle: ctypes.c_void_p) -> None:
    library.cdll.gr_store_free(handle)
    handle.value = None
