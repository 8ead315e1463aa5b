"""grassroots from Python through ctypes: open a campaign, import households from CSV, execute
commands, read a query result and handle a refused command; then keep a campaign in a SQLite store
(no SQL in the host): open it, execute, close, open it again and find the same head.

    GRASSROOTS_LIB=/usr/local/lib/libgrassroots.so python3 grassroots_example.py

Only the standard library is used. Copy the `Grassroots`, `Campaign`, `Store` and `GrassrootsError`
classes into your project; the rest shows how to call them.
"""

import ctypes
import ctypes.util
import json
import os
import sys
import tempfile

GR_OK = 0


class GrassrootsError(Exception):
    """A call refused with a status; `code`, `message`, `field` and `rows` come from the error JSON."""

    def __init__(self, status, error):
        self.status = status  # the gr_status number, e.g. 10
        self.code = error.get("code")  # e.g. "OUT_OF_SCOPE"
        self.field = error.get("field")  # e.g. "command.code" (may be None)
        self.rows = error.get("rows", [])  # bad CSV rows: [{line, column, code, message}]
        super().__init__(f"{self.code} ({status}): {error.get('message')}")


class Grassroots:
    """The library, with the signature of every function declared once."""

    def __init__(self, path=None):
        # Never call ctypes.CDLL(None): it loads the Python executable itself, and the first function
        # then fails with "undefined symbol: gr_campaign_new". Say where we looked instead.
        fix = "set GRASSROOTS_LIB=/path/to/libgrassroots.so (bash scripts/install-c.sh --prefix /usr/local installs it)"
        env = os.environ.get("GRASSROOTS_LIB")
        where = "the path given" if path else f"GRASSROOTS_LIB={env}" if env else 'ctypes.util.find_library("grassroots")'
        path = path or env or ctypes.util.find_library("grassroots")
        if not path:
            raise OSError(f"libgrassroots not found: no path given, GRASSROOTS_LIB is not set and "
                          f'ctypes.util.find_library("grassroots") found nothing; {fix}')
        try:
            lib = ctypes.CDLL(path)
        except OSError as error:
            raise OSError(f"cannot load libgrassroots from {path} ({where}): {error}; {fix}") from None
        if not hasattr(lib, "gr_campaign_new"):
            raise OSError(f"{path} ({where}) has no gr_campaign_new: it is not libgrassroots, or an old build; {fix}")
        handle, text, status = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32
        # Strings the library returns are declared c_void_p, NOT c_char_p: c_char_p would copy them
        # into Python bytes and lose the pointer that gr_string_free needs.
        out = ctypes.POINTER(ctypes.c_void_p)
        signatures = {
            "gr_campaign_new": ([out], status),
            "gr_campaign_execute": ([handle, text, out], status),
            "gr_campaign_query": ([handle, text, out], status),
            "gr_campaign_replay": ([handle, text], status),
            "gr_campaign_restore": ([handle, text], status),
            "gr_campaign_records_since": ([handle, ctypes.c_uint64, out], status),
            "gr_campaign_snapshot": ([handle, out], status),
            "gr_campaign_last_error": ([handle, out], status),
            "gr_campaign_free": ([handle], None),
            "gr_store_open": ([text, text, out, out], status),
            "gr_store_execute": ([handle, text, out], status),
            "gr_store_query": ([handle, text, out], status),
            "gr_store_head": ([handle, ctypes.POINTER(ctypes.c_uint64), out], status),
            "gr_store_last_error": ([handle, out], status),
            "gr_store_free": ([handle], None),
            "gr_string_free": ([ctypes.c_void_p], None),
            "gr_version": ([], ctypes.c_char_p),  # static: never freed, so c_char_p is right here
            "gr_status_name": ([status], ctypes.c_char_p),
        }
        for name, (argtypes, restype) in signatures.items():
            function = getattr(lib, name)
            function.argtypes, function.restype = argtypes, restype
        self.lib = lib
        self.version = lib.gr_version().decode()

    def take_string(self, pointer):
        """Copies a string the library returned into Python and frees it (once)."""
        if not pointer.value:
            return None
        try:
            return ctypes.string_at(pointer.value).decode("utf-8")
        finally:
            self.lib.gr_string_free(pointer)


class Campaign:
    """One campaign handle. Use it from one thread at a time; use one handle per thread if needed."""

    def __init__(self, gr):
        self.gr = gr
        self.handle = ctypes.c_void_p()
        self._check(gr.lib.gr_campaign_new(ctypes.byref(self.handle)))

    def execute(self, command):
        """Executes a command envelope (a dict); returns the answer with its `records`."""
        out = ctypes.c_void_p()
        self._check(self.gr.lib.gr_campaign_execute(self.handle, _json(command), ctypes.byref(out)))
        return json.loads(self.gr.take_string(out))

    def query(self, query):
        """Answers a query envelope (a dict); returns its `result`."""
        out = ctypes.c_void_p()
        self._check(self.gr.lib.gr_campaign_query(self.handle, _json(query), ctypes.byref(out)))
        return json.loads(self.gr.take_string(out))["result"]

    def records_since(self, seq):
        """The records after `seq`, for the host to store."""
        out = ctypes.c_void_p()
        self._check(self.gr.lib.gr_campaign_records_since(self.handle, seq, ctypes.byref(out)))
        return json.loads(self.gr.take_string(out))

    def close(self):
        self.gr.lib.gr_campaign_free(self.handle)  # free(NULL) is a no-op, so closing twice is safe
        self.handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self, status):
        if status == GR_OK:
            return
        out = ctypes.c_void_p()
        error = {"code": self.gr.lib.gr_status_name(status).decode(), "message": "no detail"}
        if self.handle.value and self.gr.lib.gr_campaign_last_error(self.handle, ctypes.byref(out)) == GR_OK:
            error = json.loads(self.gr.take_string(out) or json.dumps(error))
        raise GrassrootsError(status, error)


class Store:
    """A campaign kept in a SQLite file or a PostgreSQL database (gr_store_*): every accepted command's
    records are written in the transaction that accepts it. One thread at a time per handle."""

    def __init__(self, gr, location, options=None):
        """Opens the store at `location` (a file path, or `postgres://…` / `host=… dbname=…`).
        `options` is a dict such as {"create": True}: see gr_store_open in grassroots.h."""
        self.gr = gr
        self.handle = ctypes.c_void_p()
        error = ctypes.c_void_p()
        options_json = _json(options) if options is not None else None
        status = gr.lib.gr_store_open(location.encode("utf-8"), options_json, ctypes.byref(self.handle), ctypes.byref(error))
        if status != GR_OK:  # gr_store_open writes its error JSON itself: there is no handle yet
            raise GrassrootsError(status, json.loads(gr.take_string(error) or "{}"))

    def execute(self, command):
        """Executes a command envelope and stores its records; a retry is answered from the store."""
        out = ctypes.c_void_p()
        self._check(self.gr.lib.gr_store_execute(self.handle, _json(command), ctypes.byref(out)))
        return json.loads(self.gr.take_string(out))

    def query(self, query):
        """Answers a query envelope on the campaign as stored; returns its `result`."""
        out = ctypes.c_void_p()
        self._check(self.gr.lib.gr_store_query(self.handle, _json(query), ctypes.byref(out)))
        return json.loads(self.gr.take_string(out))["result"]

    def head(self):
        """(seq, hash) of the last stored record, as this handle last saw it."""
        seq, out = ctypes.c_uint64(), ctypes.c_void_p()
        self._check(self.gr.lib.gr_store_head(self.handle, ctypes.byref(seq), ctypes.byref(out)))
        return seq.value, self.gr.take_string(out)

    def close(self):
        self.gr.lib.gr_store_free(self.handle)  # closes the file or connection; NULL is a no-op
        self.handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self, status):
        if status == GR_OK:
            return
        out = ctypes.c_void_p()
        error = {"code": self.gr.lib.gr_status_name(status).decode(), "message": "no detail"}
        if self.handle.value and self.gr.lib.gr_store_last_error(self.handle, ctypes.byref(out)) == GR_OK:
            error = json.loads(self.gr.take_string(out) or json.dumps(error))
        raise GrassrootsError(status, error)


def _json(value):
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# An integration: what a host system does.

OFFICE = {"id": "office", "role": "administrator", "scope": "430171004000"}
GRID_WORKER_JINNAN = {"id": "gw-jinnan", "role": "gridWorker", "scope": "430171004002"}

HOUSEHOLDS_CSV = """户编号,地址,村社区代码,楼栋
h-1,东方红社区1栋101,430171004001,1栋
h-2,东方红社区1栋102,430171004001,1栋
h-3,东方红社区2栋201,430171004001,2栋
"""


def envelope(command_id, actor, at, command):
    return {"schemaVersion": 1, "commandId": command_id, "actor": actor, "at": at, "command": command}


OPEN_CAMPAIGN = {
    "type": "openCampaign",
    "config": {
        "title": "开展基层党组织整建提质专项行动", "theme": "强组织、善治理、增活力",
        "city": {"code": "430100000000", "name": "长沙市"},
        "district": {"code": "430171000000", "name": "长沙高新区"},
        "subdistrict": {"code": "430171004000", "name": "东方红街道"},
        "start": "2022-04-01", "end": "2022-11-30",
        "phases": [{"phase": "survey", "start": "2022-04-13", "due": "2022-04-30"}],
    },
}


def main():
    gr = Grassroots(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"grassroots {gr.version}")

    with Campaign(gr) as campaign:
        # 1. Open the campaign from its config.
        campaign.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN))

        # 2. Register two communities, then import households from a CSV file.
        for command_id, code, name in [("c-2", "430171004001", "东方红社区"), ("c-3", "430171004002", "金南社区")]:
            campaign.execute(envelope(command_id, OFFICE, "2022-04-13T10:00:00+08:00", {
                "type": "registerOrgUnit", "code": code, "level": "community", "name": name}))
        imported = campaign.execute(envelope("c-4", OFFICE, "2022-04-13T11:00:00+08:00", {
            "type": "importCsv", "table": "households", "csv": HOUSEHOLDS_CSV}))
        print(f"imported {len(imported['records'])} households")

        # 3. Read a query result.
        page = campaign.query({"schemaVersion": 1, "actor": OFFICE,
                               "query": {"type": "households", "unit": "430171004001"}})
        for household in page["households"]:
            print(f"  {household['id']}: {household['address']}")
        if [h["id"] for h in page["households"]] != ["h-1", "h-2", "h-3"]:
            raise SystemExit("unexpected households")

        # 4. Handle a refused command: a grid worker of 金南社区 may not register a household of 东方红社区.
        try:
            campaign.execute(envelope("c-5", GRID_WORKER_JINNAN, "2022-04-13T12:00:00+08:00", {
                "type": "registerHousehold", "id": "h-4", "unit": "430171004001", "address": "东方红社区3栋301"}))
            raise SystemExit("the command should have been refused")
        except GrassrootsError as error:
            print(f"refused as expected: {error.code} at {error.field}")
            if error.code != "OUT_OF_SCOPE":
                raise

        # 5. A bad CSV file is refused whole, with every bad row listed.
        try:
            campaign.execute(envelope("c-6", OFFICE, "2022-04-13T13:00:00+08:00", {
                "type": "importCsv", "table": "households",
                "csv": "户编号,地址,村社区代码\nh-5,,430171004001\nh-6,金南社区1栋,4301710040\n"}))
            raise SystemExit("the CSV should have been refused")
        except GrassrootsError as error:
            for row in error.rows:
                print(f"  line {row['line']}, column {row.get('column')}: {row['code']}")
            if error.code != "INVALID_CSV" or len(error.rows) != 2:
                raise

        # 6. Store the new records in the host's database (here: count them).
        records = campaign.records_since(0)
        print(f"{len(records)} records to store, last seq {records[-1]['seq']}")

    # 7. Or let the library store them: a campaign kept in a SQLite file (a PostgreSQL connection
    #    string works the same). Open it (creating it), execute, close; open it again after a restart.
    with tempfile.TemporaryDirectory() as folder:
        location = os.path.join(folder, "campaign.db")
        with Store(gr, location, {"create": True}) as store:
            opened = store.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN))
            store.execute(envelope("c-2", OFFICE, "2022-04-13T10:00:00+08:00", {
                "type": "registerOrgUnit", "code": "430171004001", "level": "community", "name": "东方红社区"}))
            head = store.head()
            print(f"stored up to seq {head[0]} in {os.path.basename(location)}")
        with Store(gr, location) as store:  # no "create": a mistyped path is NOT_A_CAMPAIGN_STORE
            if store.head() != head:
                raise SystemExit("the reopened store is at another head")
            again = store.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN))
            if not again["retried"] or again["records"] != opened["records"]:
                raise SystemExit("the retry was not answered from the store")
            units = store.query({"schemaVersion": 1, "actor": OFFICE, "query": {"type": "orgUnits"}})
            print(f"reopened at seq {store.head()[0]}, the same head; c-1 again: retried")
            print("units: " + ", ".join(unit["name"] for unit in units["units"]))
        try:
            Store(gr, os.path.join(folder, "missing.db"))
            raise SystemExit("a missing store should have been refused")
        except GrassrootsError as error:
            print(f"no store there: {error.code} ({error.status})")
            if error.status != 24:
                raise
    print("python example: ok")


if __name__ == "__main__":
    main()
