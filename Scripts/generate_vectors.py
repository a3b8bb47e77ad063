#!/usr/bin/env python3
"""Generate extra MEF 139 vectors judged by the same oracle as the published ones.

Mutates the valid payloads of mef139-vectors.json (values swapped for tricky ones: IPv4/IPv6 and
date-time edge cases, long and non-ASCII strings, big and fractional numbers, wrong types;
members dropped, grafted or wrapped; lists grown) and records what Python jsonschema (Draft 7,
FormatChecker with rfc3339-validator) reports, in the published format. Feed the result to
the Swift tests:

    /tmp/venv-js/bin/python Scripts/generate_vectors.py --count 20000 --seed 1 --output /tmp/extra.json
    MEF139_EXTRA_VECTORS=/tmp/extra.json swift test

Needs: pip install jsonschema pyyaml rfc3339-validator.
"""

import argparse
import copy
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_jsonschema import DEFAULT_SCHEMAS, build_validators, find_vectors  # noqa: E402

IPV4 = ["1.2.3.4", "01.2.3.4", "1.2.3", "256.1.1.1", "1.2.3.4 ", "\u0661.2.3.4", "0.0.0.0", "255.255.255.255",
        "1.2.3.04", "1..2.3", "1.2.3.4/24", "a.b.c.d", "1.2.3.0255"]
IPV6 = ["::", "::1", "1::", ":1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.4", "fe80::1%eth0",
        "2001:db8::/32", "12345::", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::2::3", "g::", "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4", "::01.2.3.4", "2001:0DB8:0066::", ":::", "1:", "1:2", "fe80::1%",
        "1:2:3:4:5:6:7:", ":2:3:4:5:6:7:8", "abcd:EF01::", "\u0661::"]
DATE_TIMES = ["2023-06-28T22:00:00Z", "2023-06-28t22:00:00z", "2023-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
              "2023-06-28T24:00:00Z", "2023-06-28T22:00:60Z", "2023-06-28T22:00:00+24:00", "2023-06-28T22:00:00.Z",
              "2023-06-28T22:00:00Z\n", "0000-01-01T00:00:00Z", "2023-06-28 22:00:00Z", "2023-06-28T22:00:00",
              "2023-06-28T22:00:00.123456+05:30", "2023-04-31T00:00:00Z", "1900-02-29T00:00:00Z"]
STRINGS = ["", "x" * 53, "x" * 54, "\u00e9" * 53, "\u00e9" * 54, "\u007f", "\u0001", "a\u0000b",
           "\U0001F600" * 53, "\U0001F600" * 54, " ", "DHCP", "dhcp", "true", "false", "null", "1", "1.0"]
NUMBERS = [0, -1, 1, 1.0, 1.5, -0.0, 1e300, 10**20, 2**63, 2**63 - 1, 4294967295, 4294967296,
           72057594037927935, 72057594037927936, 281474976710655, 281474976710656, 63, 64, 127, 128, 31, 32,
           576, 575, 575.5, 576.0, 100, 100.0, 99.99, 100.01, 4094, 4095]
OTHERS = [None, True, False, [], {}, {"a": 1}, [1], ["a", "a"], [1, 1.0]]
POOL = IPV4 + IPV6 + DATE_TIMES + STRINGS + NUMBERS + OTHERS


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


def lookup(value, path):
    for step in path:
        value = value[step]
    return value


def mutate(payload, rng):
    candidates = [path for path in paths(payload) if path and path[0] != "@type"]
    if not candidates:
        return "noop"
    path = rng.choice(candidates)
    parent, key = lookup(payload, path[:-1]), path[-1]
    current = parent[key]
    roll = rng.random()
    if roll < 0.45:
        parent[key] = copy.deepcopy(rng.choice(POOL))
    elif roll < 0.55 and isinstance(parent, dict):
        del parent[key]
    elif roll < 0.65:
        parent[key] = [current]
    elif roll < 0.72 and isinstance(current, list) and current:
        parent[key] = current[0]
    elif roll < 0.80 and isinstance(current, list) and current:
        current.append(copy.deepcopy(current[0]))
    elif roll < 0.85 and isinstance(current, dict):
        current["unexpectedMember"] = 1
    elif roll < 0.92 and isinstance(current, dict) and current:
        del current[rng.choice(list(current))]
    elif isinstance(current, dict):
        # Graft a member found elsewhere: makes oneOf "more than one" cases.
        donors = [(p[-1], lookup(payload, p)) for p in candidates if isinstance(p[-1], str)]
        name, donor = rng.choice(donors)
        current[name] = copy.deepcopy(donor)
    else:
        parent[key] = copy.deepcopy(rng.choice(POOL))
    return "/".join(map(str, path))


def pointer(error):
    text = "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in error.absolute_path)
    return text or "/"  # the published vectors write the root as "/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=pathlib.Path, required=True)
    parser.add_argument("--vectors", type=pathlib.Path, default=None)
    parser.add_argument("--schemas", type=pathlib.Path, default=DEFAULT_SCHEMAS)
    arguments = parser.parse_args()

    source = arguments.vectors or find_vectors()
    if source is None:
        print("mef139-vectors.json not found; pass --vectors PATH", file=sys.stderr)
        return 64
    published = json.loads(source.read_text(encoding="utf-8"))["vectors"]
    bases = [vector["payload"] for vector in published if vector["valid"]]
    validators = build_validators(arguments.schemas)
    rng = random.Random(arguments.seed)

    vectors = []
    for number in range(arguments.count):
        payload = copy.deepcopy(rng.choice(bases))
        mutations = [mutate(payload, rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        if rng.random() < 0.01:
            payload["@type"] = rng.choice(["urn:x", "urn:mef:lso:spec:cantata-sonata:ip-uni:v0.2.0:all"])
        validator = validators.get(payload.get("@type"))
        if validator is None:
            errors = ["/@type"]
        else:
            body = {key: value for key, value in payload.items() if key != "@type"}
            errors = sorted({pointer(error) for error in validator.iter_errors(body)})
        vectors.append({"name": f"generated-{number}:" + ",".join(mutations), "payload": payload,
                        "valid": not errors, "errors": errors})

    arguments.output.write_text(json.dumps({"oracle": "jsonschema Draft7 with format assertion",
                                            "vectors": vectors}), encoding="utf-8")
    print(f"{len(vectors)} vectors, {sum(v['valid'] for v in vectors)} valid, written to {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
