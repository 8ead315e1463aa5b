"""Finding and loading libgrassroots, with the signature of every function it uses declared once."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from typing import Dict, List, Optional, Tuple, Union

__all__ = ["Library", "LibraryNotFoundError", "load_library", "candidate_paths"]

ENV_VAR = "GRASSROOTS_LIB"

if sys.platform == "darwin":
    _FILE_NAMES = ["libgrassroots.dylib"]
elif sys.platform == "win32":
    _FILE_NAMES = ["grassroots.dll"]
else:
    _FILE_NAMES = ["libgrassroots.so"]

# Where `bash scripts/install-c.sh --prefix PREFIX` puts the library for the usual prefixes.
_WELL_KNOWN_DIRS = [
    "/usr/local/lib",
    "/usr/local/lib64",
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/opt/grassroots/lib",
    "/opt/homebrew/lib",
]

_HINT = (
    "To fix it: build and install the C library (bash scripts/install-c.sh --prefix /usr/local), "
    f"then set {ENV_VAR}=/path/to/libgrassroots.so (e.g. {ENV_VAR}=/usr/local/lib/libgrassroots.so), "
    "or pass the path: grassroots.Campaign(library='/path/to/libgrassroots.so')."
)


class LibraryNotFoundError(OSError):
    """libgrassroots could not be found or is not a usable grassroots library.

    `attempts` lists every place that was tried, as `(place, what happened)`; the message says the
    same and how to fix it.
    """

    def __init__(self, attempts: List[Tuple[str, str]], summary: str = "could not load libgrassroots"):
        self.attempts = attempts
        lines = [f"grassroots: {summary}. Looked in:"]
        lines += [f"  - {place}: {outcome}" for place, outcome in attempts]
        lines.append(_HINT)
        super().__init__("\n".join(lines))


LibraryNotFoundError.__module__ = "grassroots"


_status = ctypes.c_uint32
_handle = ctypes.c_void_p
_text = ctypes.c_char_p
# Strings the library returns are declared c_void_p, NOT c_char_p: c_char_p would copy them into
# Python bytes and lose the pointer that gr_string_free needs.
_out = ctypes.POINTER(ctypes.c_void_p)

_SIGNATURES = {
    "gr_campaign_new": ([_out], _status),
    "gr_campaign_execute": ([_handle, _text, _out], _status),
    "gr_campaign_query": ([_handle, _text, _out], _status),
    "gr_campaign_replay": ([_handle, _text], _status),
    "gr_campaign_restore": ([_handle, _text], _status),
    "gr_campaign_records_since": ([_handle, ctypes.c_uint64, _out], _status),
    "gr_campaign_snapshot": ([_handle, _out], _status),
    "gr_campaign_head": ([_handle, ctypes.POINTER(ctypes.c_uint64), _out], _status),
    "gr_campaign_last_error": ([_handle, _out], _status),
    "gr_campaign_records_since_lines": ([_handle, ctypes.c_uint64, _out], _status),
    "gr_campaign_record": ([_handle, ctypes.c_uint64, _out], _status),
    "gr_campaign_release_records_through": ([_handle, ctypes.c_uint64], _status),
    "gr_reference_questionnaire": ([_out], _status),
    "gr_roll_up": ([_text, _out, _out], _status),
    "gr_store_open": ([_text, _text, _out, _out], _status),
    "gr_store_execute": ([_handle, _text, _out], _status),
    "gr_store_execute_batch": ([_handle, _text, _out], _status),
    "gr_store_query": ([_handle, _text, _out], _status),
    "gr_store_refresh": ([_handle], _status),
    "gr_store_head": ([_handle, ctypes.POINTER(ctypes.c_uint64), _out], _status),
    "gr_store_records_since_lines": ([_handle, ctypes.c_uint64, ctypes.c_size_t, _out], _status),
    "gr_store_snapshot": ([_handle, ctypes.POINTER(ctypes.c_uint64)], _status),
    "gr_store_verify": ([_handle, _out], _status),
    "gr_store_status": ([_handle, _out], _status),
    "gr_store_last_error": ([_handle, _out], _status),
    "gr_store_free": ([_handle], None),
    "gr_campaign_free": ([_handle], None),
    "gr_string_free": ([ctypes.c_void_p], None),
    "gr_version": ([], ctypes.c_char_p),  # static: never freed, so c_char_p is right here
    "gr_status_name": ([_status], ctypes.c_char_p),  # static too
}


class Library:
    """A loaded libgrassroots. Most programs never use it directly: `Campaign()` loads one."""

    def __init__(self, cdll: ctypes.CDLL, path: str):
        self.cdll = cdll
        self.path = path
        for name, (argtypes, restype) in _SIGNATURES.items():
            function = getattr(cdll, name)
            function.argtypes, function.restype = argtypes, restype
        self.version: str = cdll.gr_version().decode("utf-8")
        self._statuses: Optional[Dict[str, int]] = None

    def take_string(self, pointer: ctypes.c_void_p) -> Optional[str]:
        """Copies a string the library returned into Python and frees it (once)."""
        if not pointer.value:
            return None
        try:
            return ctypes.string_at(pointer.value).decode("utf-8")
        finally:
            self.cdll.gr_string_free(pointer)
            pointer.value = None

    def status_name(self, status: int) -> str:
        """The stable code of a status, e.g. 10 -> "OUT_OF_SCOPE"."""
        name = self.cdll.gr_status_name(status)
        return name.decode("utf-8") if name else f"STATUS_{status}"

    def status_of(self, code: str) -> int:
        """The status of a stable code, e.g. "OUT_OF_SCOPE" -> 10 (0 for a name that is no status):
        `status_name` read backwards."""
        if self._statuses is None:
            names = {self.status_name(status): status for status in range(1, 128)}
            names.pop("UNKNOWN", None)
            self._statuses = names
        return self._statuses.get(code, 0)

    def __repr__(self) -> str:
        return f"Library(path={self.path!r}, version={self.version!r})"


def candidate_paths() -> List[Tuple[str, str]]:
    """The places searched when no path is given, in order, as (description, path or name)."""
    candidates: List[Tuple[str, str]] = []
    found = ctypes.util.find_library("grassroots")
    candidates.append(('ctypes.util.find_library("grassroots")', found or ""))
    for directory in _WELL_KNOWN_DIRS:
        for file_name in _FILE_NAMES:
            path = os.path.join(directory, file_name)
            candidates.append((path, path))
    return candidates


def _try_load(path: str) -> Tuple[Optional[Library], str]:
    """(the library, "") or (None, why it is not usable)."""
    if os.sep in path and not os.path.exists(path):
        return None, "no such file"
    try:
        cdll = ctypes.CDLL(path)
    except OSError as error:
        return None, f"cannot be loaded ({error})"
    missing = [name for name in _SIGNATURES if not hasattr(cdll, name)]
    if missing:
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        if "gr_campaign_new" in missing:
            why = "it is not libgrassroots, or an old or broken build of it"
        else:
            why = "it is an older libgrassroots than this package needs"
        return None, f"loaded, but it has no {shown}: {why}"
    return Library(cdll, path), ""


_lock = threading.Lock()
_default: Optional[Library] = None


def load_library(path: Union[str, "os.PathLike[str]", None] = None) -> Library:
    """Loads libgrassroots and checks that it is one.

    The library is found, in order: `path`; the environment variable GRASSROOTS_LIB (a path);
    `ctypes.util.find_library("grassroots")` (the linker's search path: ldconfig, LD_LIBRARY_PATH);
    the usual install directories (/usr/local/lib, /usr/lib, ...). An explicit `path` or
    GRASSROOTS_LIB is used alone: if it is wrong, nothing else is tried. Without a `path`, the library
    is loaded once and shared.

    Raises `LibraryNotFoundError`, which says where it looked and how to fix it, when no usable
    library is found, or a found one lacks `gr_campaign_new` (it is not libgrassroots).
    """
    global _default
    if path is not None:
        return _load_explicit(os.fspath(path), f"the path given ({path})")
    with _lock:
        if _default is None:
            _default = _discover()
        return _default


def _load_explicit(path: str, place: str) -> Library:
    library, why = _try_load(path)
    if library is None:
        raise LibraryNotFoundError([(place, why)], f"{path} is not a usable libgrassroots")
    return library


def _discover() -> Library:
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return _load_explicit(from_env, f"{ENV_VAR}={from_env}")
    attempts: List[Tuple[str, str]] = [(f"{ENV_VAR}", "not set")]
    for place, path in candidate_paths():
        if not path:
            attempts.append((place, "not found"))
            continue
        library, why = _try_load(path)
        if library is not None:
            return library
        attempts.append((place if place == path else f"{place} -> {path}", why))
    raise LibraryNotFoundError(attempts)


def _reset_default_for_tests() -> None:
    """Forgets the shared library, so that the next `load_library()` searches again."""
    global _default
    with _lock:
        _default = None

