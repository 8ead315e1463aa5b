#!/usr/bin/env python3
"""Checks a grassroots log's hash chain without the library, with Python's standard library only.

    python3 scripts/verify-log.py [--hash sha256|sm3] LOG...

LOG: records as a host stored them (a JSON array or JSON lines; any key order, any whitespace).
A record of schema version 2 on is hashed over itself without `hash` in RFC 8785 canonical JSON
(SHA-256, or SM3 for a campaign opened with logHash "sm3"). Each record must follow the one before
(seq + 1, prevHash = its hash; seq 1 has prevHash zeros); versions never go back. Version-1 records
(the library's own field order) are linked, not rebuilt. This proves the records are the ones the
head commits to, not who wrote them (the library checks checkpoint signatures) nor that the head is
genuine (compare it with one kept elsewhere). Exit 1, naming the first bad seq, on failure.
"""
import argparse
import hashlib
import json
import sys


def number(x):
    """ECMAScript's Number.prototype.toString (RFC 8785 section 3.2.2.3); integers as they are."""
    if isinstance(x, int):
        return str(x)
    if x == 0:
        return "0"
    mantissa, _, exponent = repr(abs(x)).partition("e")  # repr: the shortest round-trip digits
    whole, _, fraction = mantissa.partition(".")
    run = whole + fraction
    digits = run.lstrip("0")
    point = len(whole) + int(exponent or 0) - (len(run) - len(digits))
    digits = digits.rstrip("0")
    k, n = len(digits), point  # the value is 0.digits * 10**point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        e = n - 1
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return ("-" if x < 0 else "") + text


def canonical(v):
    """RFC 8785 canonical JSON of a parsed value."""
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # the same escapes as JSON.stringify
    if isinstance(v, list):
        return "[" + ",".join(canonical(item) for item in v) + "]"
    names = sorted(v, key=lambda name: name.encode("utf-16-be"))
    return "{" + ",".join(json.dumps(n, ensure_ascii=False) + ":" + canonical(v[n]) for n in names) + "}"


def records_of(path):
    text = open(path, encoding="utf-8-sig").read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def verify(path, algorithm):
    previous, version, old = "0" * 64, 0, 0
    records = records_of(path)
    for expected_seq, record in enumerate(records, start=1):
        seq = record.get("seq")
        fail = lambda why: sys.exit(f"{path}: record seq {seq}: {why}")
        if seq != expected_seq:
            fail(f"found where seq {expected_seq} was expected: a record was dropped, inserted or reordered")
        if record.get("prevHash") != previous:
            fail("does not link to the record before it")
        if record.get("schemaVersion", 0) < max(version, 1):
            fail(f"schema version {record.get('schemaVersion')} after version {version}")
        version = record["schemaVersion"]
        if version >= 2:
            body = {name: value for name, value in record.items() if name != "hash"}
            digest = hashlib.new(algorithm, canonical(body).encode("utf-8")).hexdigest()
            if digest != record.get("hash"):
                fail("does not match its hash: it was altered")
        else:
            old += 1
        previous = record.get("hash")
    print(f"{path}: {len(records)} records verified, head seq {len(records)} hash {previous}"
          + (f" ({old} of schema version 1 linked, not rebuilt)" if old else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hash", default="sha256", choices=["sha256", "sm3"])
    parser.add_argument("logs", nargs="+")
    arguments = parser.parse_args()
    if arguments.hash not in hashlib.algorithms_available:
        sys.exit(f"this Python's hashlib has no {arguments.hash}")
    for log in arguments.logs:
        verify(log, arguments.hash)
