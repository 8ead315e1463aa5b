"""Finding the library: a wrong or missing one gives an error that says where it looked and how to
fix it, never a bare "undefined symbol: gr_campaign_new"."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import grassroots
from grassroots import Campaign, LibraryNotFoundError, load_library
from grassroots import _library

from conftest import REPO

FIX = "GRASSROOTS_LIB=/path/to/libgrassroots.so"


def not_grassroots_library() -> str:
    """A shared library that is surely not libgrassroots: the C maths library."""
    return ctypes.util.find_library("m") or "libm.so.6"


def test_a_missing_path_says_where_it_looked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "libgrassroots.so"
    with pytest.raises(LibraryNotFoundError) as raised:
        Campaign(library=str(missing))
    message = str(raised.value)
    assert str(missing) in message and "no such file" in message
    assert FIX in message


def test_a_bad_grassroots_lib_is_used_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRASSROOTS_LIB", str(tmp_path / "libgrassroots.so"))
    monkeypatch.setattr(_library, "_default", None)
    with pytest.raises(LibraryNotFoundError) as raised:
        Campaign()
    message = str(raised.value)
    assert f"GRASSROOTS_LIB={tmp_path / 'libgrassroots.so'}: no such file" in message
    assert FIX in message
    assert "find_library" not in message, "an explicit GRASSROOTS_LIB is not second-guessed"


def test_a_library_without_gr_campaign_new_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    other = not_grassroots_library()
    monkeypatch.setenv("GRASSROOTS_LIB", other)
    monkeypatch.setattr(_library, "_default", None)
    with pytest.raises(LibraryNotFoundError) as raised:
        load_library()
    message = str(raised.value)
    assert f"GRASSROOTS_LIB={other}" in message
    assert "has no gr_campaign_new" in message and "not libgrassroots" in message
    assert FIX in message


def test_a_file_that_is_no_library_is_named(tmp_path: Path) -> None:
    fake = tmp_path / "libgrassroots.so"
    fake.write_text("not an ELF file")
    with pytest.raises(LibraryNotFoundError) as raised:
        load_library(fake)
    assert "cannot be loaded" in str(raised.value) and FIX in str(raised.value)


def test_nothing_found_lists_every_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GRASSROOTS_LIB", raising=False)
    monkeypatch.setattr(_library, "_default", None)
    monkeypatch.setattr(_library.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(_library, "_WELL_KNOWN_DIRS", [str(tmp_path / "a"), str(tmp_path / "b")])
    with pytest.raises(LibraryNotFoundError) as raised:
        load_library()
    error = raised.value
    places = [place for place, _ in error.attempts]
    assert places[0] == "GRASSROOTS_LIB"
    assert places[1] == 'ctypes.util.find_library("grassroots")'
    assert str(tmp_path / "a" / "libgrassroots.so") in places
    message = str(error)
    assert "GRASSROOTS_LIB: not set" in message and FIX in message


def test_discovery_finds_the_library_in_a_well_known_directory(
        monkeypatch: pytest.MonkeyPatch, library: grassroots.Library, tmp_path: Path) -> None:
    (tmp_path / "libgrassroots.so").symlink_to(os.path.realpath(library.path))
    monkeypatch.delenv("GRASSROOTS_LIB", raising=False)
    monkeypatch.setattr(_library, "_default", None)
    monkeypatch.setattr(_library.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(_library, "_WELL_KNOWN_DIRS", [str(tmp_path / "empty"), str(tmp_path)])
    found = load_library()
    assert found.path == str(tmp_path / "libgrassroots.so")
    with Campaign(found) as campaign:
        assert campaign.head().seq == 0


def test_the_library_is_the_version_the_package_expects(library: grassroots.Library) -> None:
    assert library.version == grassroots.__version__
    assert library.status_name(10) == "OUT_OF_SCOPE"


def test_the_installed_package_ships_its_types() -> None:
    package = Path(grassroots.__file__).parent
    assert (package / "types.py").is_file() and (package / "py.typed").is_file()


def run_example(env_lib: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GRASSROOTS_LIB=env_lib)
    return subprocess.run([sys.executable, str(REPO / "examples" / "python" / "grassroots_example.py")],
                          env=env, capture_output=True, text=True, timeout=60)


def test_the_ctypes_example_explains_a_missing_library(tmp_path: Path) -> None:
    result = run_example(str(tmp_path / "libgrassroots.so"))
    assert result.returncode != 0
    assert "cannot load libgrassroots" in result.stderr and FIX in result.stderr


def test_the_ctypes_example_explains_a_library_without_gr_campaign_new() -> None:
    result = run_example(not_grassroots_library())
    assert result.returncode != 0
    assert "has no gr_campaign_new" in result.stderr and FIX in result.stderr
    assert "undefined symbol" not in result.stderr


def test_the_ctypes_example_runs(library: grassroots.Library) -> None:
    result = run_example(library.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("python example: ok")
