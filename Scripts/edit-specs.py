#!/usr/bin/env python3
"""Apply the four MEF spec edits that swift-openapi-generator needs to keep data.

Without them the generated types silently drop the MEF 139 payload, the place/address
values and money precision (see docs: openapi-notes.md). Usage:

    edit-specs.py SRC_DIR DEST_DIR

Reads every *.api.yaml in SRC_DIR and writes the edited copy to DEST_DIR. The originals in
Specs/mef/ stay byte-identical to the MEF SDK.
"""
import pathlib
import sys

import yaml

PLACE_SUBTYPES = ["FieldedAddress", "FormattedAddress", "GeographicAddressLabel",
                  "MEFGeographicPoint", "GeographicAddressRef", "GeographicSiteRef"]
ADDRESS_SUBTYPES = ["FieldedAddress", "FormattedAddress", "GeographicAddressLabel", "MEFGeographicPoint"]


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def polymorphic(base, subtypes, schemas):
    """A oneOf over the discriminator mapping of `base`, which the generator turns into an enum."""
    mapping = schemas[base]["discriminator"]["mapping"]
    return {
        "description": f"{base} as one of its subtypes (added by Scripts/edit-specs.py).",
        "oneOf": [ref(name) for name in subtypes if name in mapping],
        "discriminator": {"propertyName": "@type", "mapping": {name: mapping[name] for name in subtypes if name in mapping}},
    }


def retarget(node, old, new, skip_allof=True):
    """Point every `$ref: old` at `new`, except inside allOf lists (the subtypes' link to their base)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "allOf" and skip_allof:
                continue
            if key == "$ref" and value == f"#/components/schemas/{old}":
                node[key] = f"#/components/schemas/{new}"
            else:
                retarget(value, old, new, skip_allof)
    elif isinstance(node, list):
        for item in node:
            retarget(item, old, new, skip_allof)


def edit(spec):
    schemas = spec["components"]["schemas"]
    # 1. The MEF 139 payload lives in the extension point: keep every key.
    if "MEFProductConfiguration" in schemas:
        schemas["MEFProductConfiguration"]["additionalProperties"] = True
    # 2. place[]: a real polymorphic type instead of the base schema that keeps only @type and role.
    if "RelatedPlaceRefOrValue" in schemas:
        schemas["RelatedPlaceRefOrValueOneOf"] = polymorphic("RelatedPlaceRefOrValue", PLACE_SUBTYPES, schemas)
        for name, schema in schemas.items():
            place = schema.get("properties", {}).get("place")
            if place and place.get("items", {}).get("$ref") == "#/components/schemas/RelatedPlaceRefOrValue":
                place["items"] = ref("RelatedPlaceRefOrValueOneOf")
    # 3. Address API: the same for GeographicAddress wherever it is used as a value.
    if "GeographicAddress" in schemas and "discriminator" in schemas["GeographicAddress"]:
        one_of = polymorphic("GeographicAddress", ADDRESS_SUBTYPES, schemas)
        retarget(spec["paths"], "GeographicAddress", "GeographicAddressOneOf")
        for name, schema in list(schemas.items()):
            if name not in ADDRESS_SUBTYPES:
                retarget(schema, "GeographicAddress", "GeographicAddressOneOf")
        schemas["GeographicAddressOneOf"] = one_of
    # 4. Money must not be rounded to 24-bit floats.
    for name in ("Money", "Price"):
        for prop in schemas.get(name, {}).get("properties", {}).values():
            if prop.get("format") == "float":
                prop["format"] = "double"
    return spec


def main():
    src, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("*.api.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        (dest / path.name).write_text(yaml.safe_dump(edit(spec), sort_keys=False, allow_unicode=True), encoding="utf-8")


if __name__ == "__main__":
    main()
