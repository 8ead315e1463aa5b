"""grassroots for Python: typed commands, queries and records over libgrassroots (ctypes).

    from grassroots import Campaign, CommandEnvelope, Actor, Role, RegisterOrgUnitCommand, OrgLevel

    with Campaign() as campaign:      # finds libgrassroots: GRASSROOTS_LIB, then the usual places
        campaign.execute(CommandEnvelope(command_id="c-1", actor=..., at="...", command=...))

    with Store("campaign.db", create=True) as store:   # the same, kept in SQLite (or PostgreSQL)
        store.execute(CommandEnvelope(command_id="c-1", actor=..., at="...", command=...))

The dataclasses of the wire form (`grassroots.types`, generated from docs/schema/) are re-exported
here. See README.md beside the package.
"""

from ._library import Library, LibraryNotFoundError, load_library
from .campaign import Campaign, GrassrootsError, reference_questionnaire, reference_questionnaire_json, roll_up
from .store import Store, StoreStatus, StoreVerified
from .types import *  # noqa: F401,F403 (the generated dataclasses and enums)
from .types import __all__ as _types_all

__version__ = "0.1.0"


def library_version() -> str:
    """The version of the libgrassroots that `Campaign()` loads (e.g. "0.1.0")."""
    return load_library().version


__all__ = [
    "Campaign",
    "GrassrootsError",
    "Library",
    "LibraryNotFoundError",
    "library_version",
    "load_library",
    "reference_questionnaire",
    "reference_questionnaire_json",
    "roll_up",
    "Store",
    "StoreStatus",
    "StoreVerified",
    *_types_all,
]
