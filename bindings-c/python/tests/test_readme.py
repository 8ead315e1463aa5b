"""The Python snippets of README.md run as written (against the library GRASSROOTS_LIB names)."""

from __future__ import annotations

import contextlib
import io
import re

from conftest import PACKAGE_DIR


def test_the_readme_snippet_runs(library) -> None:
    readme = (PACKAGE_DIR / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", readme, flags=re.DOTALL | re.MULTILINE)
    assert blocks, "README.md has no python snippet"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("HouseholdRegisteredEvent(household=Household(")
    assert lines[1:] == ["1", "OUT_OF_SCOPE command.unit", "True", "True"]  # the campaign's, then the store's
