"""`Campaign`: one campaign handle of libgrassroots, with typed commands, queries and records."""

from __future__ import annotations

import ctypes
import json
import os
import weakref
from typing import Any, List, Mapping, Optional, Sequence, Type, TypeVar, Union, overload

from ._library import Library, load_library
from ._wire import WireObject
from .types import (
    CommandEnvelope,
    Error,
    ExecuteResult,
    Head,
    QueryAnswer,
    QueryEnvelope,
    QueryResult,
    Record,
    RowError,
)

__all__ = ["Campaign", "GrassrootsError"]

GR_OK = 0

R = TypeVar("R", bound=QueryResult)
LibraryArg = Union[Library, str, "os.PathLike[str]", None]


class GrassrootsError(Exception):
    """A call the library refused. Nothing changed: a refused command records nothing.

    Attributes:
        code: the stable code, e.g. "OUT_OF_SCOPE" (match on it, never on the message).
        status: the C status number, e.g. 10.
        message: what is wrong and what to fix, for a person; never an ID or phone number.
        field: the offending field as a JSON path into the input, e.g. "command.unit", or None.
        rule: the stable id of the domain rule that refused the command, e.g.
            "microGrid.keyPersonNeedsQualifiedMember" (with RULE_VIOLATED and INVALID_TRANSITION).
        seq: the offending record (tampered logs, conflicts), or None.
        rows: every bad row of a refused CSV file.
        error: the whole error JSON, typed (None if the library gave no detail).
    """

    def __init__(self, status: int, detail: Optional[Mapping[str, Any]] = None, code: Optional[str] = None):
        detail = dict(detail or {})
        self.status = status
        self.code: str = str(detail.get("code") or code or f"STATUS_{status}")
        self.message: str = str(detail.get("message") or "no detail")
        self.field: Optional[str] = detail.get("field")
        self.rule: Optional[str] = detail.get("rule")
        self.seq: Optional[int] = detail.get("seq")
        self.rows: List[RowError] = [RowError.from_json(row) for row in detail.get("rows") or []]
        try:
            self.error: Optional[Error] = Error.from_json(detail) if detail else None
        except ValueError:  # a code of the C door itself (NULL_ARGUMENT, PANIC, ...) is no ErrorCode
            self.error = None
        where = f" at {self.field}" if self.field else ""
        rule = f" [{self.rule}]" if self.rule else ""
        super().__init__(f"{self.code} ({status}){where}{rule}: {self.message}")


GrassrootsError.__module__ = "grassroots"


class Campaign:
    """A campaign: its state and the records that made it.

    A new Campaign is empty: execute an `OpenCampaignCommand` on it, or load stored records with
    `replay` (or `Campaign.from_records`), or a snapshot with `restore`. Use it as a context manager,
    or call `close()`, to free the handle at once (it is also freed when garbage-collected).

    A handle may be used from one thread at a time; give each thread its own, or guard it with a lock.
    """

    def __init__(self, library: LibraryArg = None):
        """Creates an empty campaign. `library` is a loaded `Library`, a path to libgrassroots, or
        None to find it (GRASSROOTS_LIB, then the linker's search path, then the usual install
        directories; see `grassroots.load_library`)."""
        self.library = library if isinstance(library, Library) else load_library(library)
        self._handle = ctypes.c_void_p()
        status = self.library.cdll.gr_campaign_new(ctypes.byref(self._handle))
        if status != GR_OK:
            raise GrassrootsError(status, {"message": "gr_campaign_new failed"}, self.library.status_name(status))
        self._finalizer = weakref.finalize(self, _free, self.library, self._handle)

    # -- loading --------------------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Union[str, Sequence[Union[Record, Mapping[str, Any]]]],
                     library: LibraryArg = None) -> "Campaign":
        """A campaign rebuilt from stored records (see `replay`)."""
        campaign = cls(library)
        try:
            campaign.replay(records)
        except BaseException:
            campaign.close()
            raise
        return campaign

    @classmethod
    def from_snapshot(cls, snapshot: str, library: LibraryArg = None) -> "Campaign":
        """A campaign restored from a snapshot (see `restore`)."""
        campaign = cls(library)
        try:
            campaign.restore(snapshot)
        except BaseException:
            campaign.close()
            raise
        return campaign

    def replay(self, records: Union[str, Sequence[Union[Record, Mapping[str, Any]]]]) -> None:
        """Loads stored records into this empty campaign, verifying their hash chain.

        `records` is the JSON array text as `records_since_json` gave it (the safest form to store:
        it is exactly what the library wrote), or a list of `Record`s or dicts. A failed load raises
        GrassrootsError (e.g. TAMPERED_LOG, CAMPAIGN_ALREADY_OPEN) and leaves the campaign empty.
        """
        text = records if isinstance(records, str) else _dumps([_plain(r) for r in records])
        self._call("gr_campaign_replay", _encode(text))

    def snapshot(self) -> str:
        """The state at the head, as JSON text to store; load it with `restore`."""
        out = ctypes.c_void_p()
        self._call("gr_campaign_snapshot", ctypes.byref(out))
        return self._take(out)

    def restore(self, snapshot: str) -> None:
        """Loads a snapshot into this empty campaign (its digest is verified)."""
        self._call("gr_campaign_restore", _encode(snapshot))

    # -- commands and queries -------------------------------------------------------------------

    def execute(self, envelope: Union[CommandEnvelope, Mapping[str, Any]]) -> ExecuteResult:
        """Executes one command envelope; returns its records (`retried` for a retry).

        Raises GrassrootsError if the command is refused; then nothing was recorded.
        """
        out = ctypes.c_void_p()
        self._call("gr_campaign_execute", _encode(_dumps(_plain(envelope))), ctypes.byref(out))
        return ExecuteResult.from_json(self._take(out))

    @overload
    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]]) -> QueryResult: ...

    @overload
    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]], expected: Type[R]) -> R: ...

    def query(self, envelope: Union[QueryEnvelope, Mapping[str, Any]],
              expected: Optional[Type[QueryResult]] = None) -> QueryResult:
        """Answers one query envelope with its result (the variant of `QueryResult` for the query,
        e.g. `CoverageResult` for a `CoverageQuery`). With `expected`, checks the result is of that
        class (and tells a type checker so)."""
        out = ctypes.c_void_p()
        self._call("gr_campaign_query", _encode(_dumps(_plain(envelope))), ctypes.byref(out))
        result = QueryAnswer.from_json(self._take(out)).result
        if expected is not None and not isinstance(result, expected):
            raise TypeError(f"expected a {expected.__name__}, the library answered a {type(result).__name__}")
        return result

    # -- the log --------------------------------------------------------------------------------

    def records_since_json(self, seq: int = 0) -> str:
        """The records after `seq` as the JSON array text the library wrote: store this verbatim."""
        out = ctypes.c_void_p()
        self._call("gr_campaign_records_since", ctypes.c_uint64(seq), ctypes.byref(out))
        return self._take(out)

    def records_since(self, seq: int = 0) -> List[Record]:
        """The records after `seq` (all of them for 0), typed."""
        return [Record.from_json(r) for r in json.loads(self.records_since_json(seq))]

    def head(self) -> Head:
        """The last record's `seq` and hash (0 and 64 zeros before the first record)."""
        seq = ctypes.c_uint64()
        hash_out = ctypes.c_void_p()
        self._call("gr_campaign_head", ctypes.byref(seq), ctypes.byref(hash_out))
        return Head(seq=seq.value, hash=self._take(hash_out))

    def last_error(self) -> Optional[Error]:
        """The error of the last failed call on this campaign, or None if none has failed (or it is
        one of the C door's own codes, which `Error` does not type: see `GrassrootsError.code`)."""
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
        """Frees the handle. Closing twice is harmless; any other call after it raises ValueError."""
        self._finalizer()

    def __enter__(self) -> "Campaign":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<grassroots.Campaign {'closed' if self.closed else 'open'} ({self.library.path})>"

    # -- internals ------------------------------------------------------------------------------

    def _live(self) -> ctypes.c_void_p:
        if self.closed:
            raise ValueError("the campaign is closed")
        return self._handle

    def _call(self, name: str, *args: Any) -> None:
        status = getattr(self.library.cdll, name)(self._live(), *args)
        if status != GR_OK:
            raise self._error(status)

    def _take(self, pointer: ctypes.c_void_p) -> str:
        text = self.library.take_string(pointer)
        if text is None:  # the library writes every output on GR_OK
            raise RuntimeError("libgrassroots returned no string")
        return text

    def _last_error_json(self) -> Optional[Mapping[str, Any]]:
        out = ctypes.c_void_p()
        if self.library.cdll.gr_campaign_last_error(self._live(), ctypes.byref(out)) != GR_OK:
            return None
        text = self.library.take_string(out)
        return json.loads(text) if text else None

    def _error(self, status: int) -> GrassrootsError:
        return GrassrootsError(status, self._last_error_json(), self.library.status_name(status))


def _free(library: Library, handle: ctypes.c_void_p) -> None:
    library.cdll.gr_campaign_free(handle)
    handle.value = None


def _plain(value: Any) -> Any:
    """A dataclass as its wire form; a dict (raw JSON) as it is."""
    return value.to_json() if isinstance(value, WireObject) else value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encode(text: str) -> bytes:
    return text.encode("utf-8")
