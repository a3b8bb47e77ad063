#!/usr/bin/env python3
"""Measure Python jsonschema's throughput on the MEF 139 vectors (the baseline for MEF139Bench).

Same work as `swift run -c release MEF139Bench`: schemas compiled once (Draft7Validator with
FormatChecker, $refs resolved through a pre-loaded referencing.Registry, one validator per
schema $id), vectors parsed before timing, then every payload is dispatched by its @type, stripped
of @type and validated with `list(validator.iter_errors(body))`, in a loop for about 2 s on one
core. Prints payloads/s.

Setup:
    python3 -m venv /tmp/venv-js
    /tmp/venv-js/bin/pip install jsonschema pyyaml rfc3339-validator
    /tmp/venv-js/bin/python Scripts/bench_jsonschema.py [--vectors PATH] [--schemas DIR] [--seconds 2]

rfc3339-validator is what makes jsonschema assert `date-time` (without it the format is
silently skipped, which is less work than the Swift side does and not what the oracle did).
"""

import argparse
import importlib.metadata
import json
import pathlib
import sys
import time

import yaml
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

PACKAGE_ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SCHEMAS = PACKAGE_ROOT / "Sources" / "MEF139" / "Resources" / "Schemas" / "ip"


def find_vectors() -> pathlib.Path | None:
    """shared/mef/vectors/mef139-vectors.json in the nearest ancestor (../shared in the repo)."""
    for directory in PACKAGE_ROOT.parents:
        candidate = directory / "shared" / "mef" / "vectors" / "mef139-vectors.json"
        if candidate.exists():
            return candidate
    return None


def build_validators(schema_root: pathlib.Path) -> dict:
    """One Draft7Validator per schema $id; every document pre-registered under its file URI."""
    documents = {}
    identifiers = {}
    for path in sorted(schema_root.rglob("*.yaml")):
        schema = yaml.safe_load(path.read_text(encoding="utf-8"))
        uri = path.resolve().as_uri()
        if isinstance(schema, dict) and "$id" in schema:
            identifiers[schema["$id"]] = uri
            # Relative $refs resolve against the file, not against the URN $id.
            schema = dict(schema, **{"$id": uri})
        documents[uri] = schema
    registry = Registry().with_resources(
        (uri, Resource(schema, specification=DRAFT7)) for uri, schema in documents.items()
    )
    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        print("warning: rfc3339-validator missing, date-time is not asserted", file=sys.stderr)
    return {
        identifier: Draft7Validator(documents[uri], registry=registry, format_checker=checker)
        for identifier, uri in identifiers.items()
    }


def validate(validators: dict, payload: dict) -> list:
    validator = validators.get(payload.get("@type"))
    if validator is None:
        return ["/@type"]
    body = {key: value for key, value in payload.items() if key != "@type"}
    return list(validator.iter_errors(body))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=pathlib.Path, default=None)
    parser.add_argument("--schemas", type=pathlib.Path, default=DEFAULT_SCHEMAS)
    parser.add_argument("--seconds", type=float, default=2.0)
    arguments = parser.parse_args()

    vectors_path = arguments.vectors or find_vectors()
    if vectors_path is None or not vectors_path.exists():
        print("mef139-vectors.json not found; pass --vectors PATH", file=sys.stderr)
        return 64
    vectors = json.loads(vectors_path.read_text(encoding="utf-8"))["vectors"]
    payloads = [vector["payload"] for vector in vectors]
    validators = build_validators(arguments.schemas)

    # Warm-up pass, which also confirms the verdicts match the published ones.
    agreeing = sum(1 for vector in vectors if (not validate(validators, vector["payload"])) == vector["valid"])

    calls = 0
    start = time.perf_counter()
    while time.perf_counter() - start < arguments.seconds:
        for payload in payloads:
            validate(validators, payload)
        calls += len(payloads)
    elapsed = time.perf_counter() - start

    print(f"vectors:              {vectors_path} ({len(payloads)} payloads)")
    print(f"verdicts agreeing:    {agreeing}/{len(vectors)}")
    print(f"jsonschema {importlib.metadata.version('jsonschema')}, Python {sys.version.split()[0]}")
    print(f"validate (all errors): {calls / elapsed:.0f} payloads/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
