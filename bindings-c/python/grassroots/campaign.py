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
    CampaignRollup,
    CommandEnvelope,
    Error,
    ExecuteResult,
    Head,
    ImportQuestionnaireCommand,
    QueryAnswer,
    QueryEnvelope,
    QueryResult,
    Record,
    RowError,
)

__all__ = ["Campaign", "GrassrootsError", "reference_questionnaire", "reference_questionnaire_json"]

GR_OK = 0

R = TypeVar("R", bound=QueryResult)
LibraryArg = Union[Library, str, "os.PathLike[str]", None]
# What `replay` loads: the text the library wrote (a JSON array or JSON lines), or a sequence of
# records as `Record`s, dicts, or stored lines (str).
RecordsArg = Union[str, Sequence[Union[Record, Mapping[str, Any], str]]]


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
    def from_records(cls, records: RecordsArg, library: LibraryArg = None) -> "Campaign":
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

    def replay(self, records: RecordsArg) -> None:
        """Loads stored records into this empty campaign, in `seq` order, verifying their hash chain.

        `records` is text the library wrote (the safest form to store: it is exactly what the library
        wrote): the JSON array of `records_since_json`, or the JSON lines of `records_since_lines`
        (or rows from `record_json`, joined by newlines). It may also be a sequence of `Record`s,
        dicts, or lines as `str` (the rows a host stored one per record). A failed load raises
        GrassrootsError (e.g. TAMPERED_LOG, MALFORMED_INPUT, CAMPAIGN_ALREADY_OPEN) and leaves the
        campaign empty.
        """
        if isinstance(records, str):
            text = records
        elif any(isinstance(r, str) for r in records):
            # JSON lines: stored rows as they are; blank lines (a row's own newline) are skipped.
            text = "\n".join(r if isinstance(r, str) else _dumps(_plain(r)) for r in records)
        else:
            text = _dumps([_plain(r) for r in records])
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

    def records_since_lines(self, seq: int = 0) -> str:
        """The records after `seq` as JSON lines: one record per line, each exactly the JSON of
        `records_since_json`'s array, each ending in a newline; "" when there are none. For a host
        that stores a row per record (`text.splitlines()`); `replay` takes the lines back."""
        out = ctypes.c_void_p()
        self._call("gr_campaign_records_since_lines", ctypes.c_uint64(seq), ctypes.byref(out))
        return self._take(out)

    def record_json(self, seq: int) -> str:
        """The record with `seq` as the JSON text the library wrote (its line, without the newline).

        Raises GrassrootsError with code NOT_FOUND when the campaign does not hold it: 0, beyond
        the head, released (`release_records_through`), or before the snapshot it was restored
        from; the message says which records it holds."""
        out = ctypes.c_void_p()
        self._call("gr_campaign_record", ctypes.c_uint64(seq), ctypes.byref(out))
        return self._take(out)

    def record(self, seq: int) -> Record:
        """The record with `seq`, typed (see `record_json`; NOT_FOUND when it is not held)."""
        return Record.from_json(self.record_json(seq))

    def release_records_through(self, seq: int) -> None:
        """Lets the campaign forget the records up to `seq`, once the host has stored them
        durably, to bound its memory. Records are released in whole chunks of 4,096, so some may
        still be held. The state, the head and the recognition of retried commands are not
        affected: the campaign goes on accepting commands (a retry of a released command is still
        answered as a retry, with the records still held). Afterwards `records_since` and
        `record` answer only the records still held."""
        self._call("gr_campaign_release_records_through", ctypes.c_uint64(seq))

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


def reference_questionnaire_json(library: LibraryArg = None) -> str:
    """The reference door-knock questionnaire (敲门行动入户走访问卷) as the JSON text of its
    `importQuestionnaire` command, as the library wrote it (see `reference_questionnaire`)."""
    lib = library if isinstance(library, Library) else load_library(library)
    out = ctypes.c_void_p()
    status = lib.cdll.gr_reference_questionnaire(ctypes.byref(out))
    text = lib.take_string(out)
    if status != GR_OK or text is None:
        raise GrassrootsError(status, {"message": "gr_reference_questionnaire failed"}, lib.status_name(status))
    return text


def reference_questionnaire(library: LibraryArg = None) -> ImportQuestionnaireCommand:
    """The reference door-knock questionnaire (敲门行动入户走访问卷: 32 questions in Chinese with
    English labels) as the command that registers it: `id` "door-knock", `version` 1, its `title`
    by language and its XLSForm sheets `survey` and `choices` as CSV. Execute it as it is (in a
    `CommandEnvelope`), or edit the sheets (or the id and version) to adapt it. `library` is as
    for `Campaign`."""
    return ImportQuestionnaireCommand.from_json(reference_questionnaire_json(library))


def roll_up(rollups: Sequence[Union[CampaignRollup, Mapping[str, Any]]], library: LibraryArg = None) -> CampaignRollup:
    """Merges roll-ups (the `summary` of `rollup` query answers, one per sub-district or already
    merged district) into one, through `gr_roll_up`: the figures of every unit they cover, added up.
    The merge is associative and commutative: any order, any grouping gives the same roll-up.
    Raises GrassrootsError (INVALID_FIELD naming `summaries[i].subdistricts` for a sub-district present
    twice, MALFORMED_INPUT naming the element that is not a roll-up). `library` is as for `Campaign`."""
    lib = library if isinstance(library, Library) else load_library(library)
    items = [r.to_json() if isinstance(r, WireObject) else dict(r) for r in rollups]
    out, error = ctypes.c_void_p(), ctypes.c_void_p()
    status = lib.cdll.gr_roll_up(json.dumps(items, ensure_ascii=False).encode("utf-8"), ctypes.byref(out), ctypes.byref(error))
    text, detail = lib.take_string(out), lib.take_string(error)
    if status != GR_OK or text is None:
        raise GrassrootsError(status, json.loads(detail) if detail else None, lib.status_name(status))
    return CampaignRollup.from_json(text)


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
