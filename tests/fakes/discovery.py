"""Check request bodies against Google's own discovery documents, as the real API does.

The documents ship inside google-api-python-client; they are loaded, never copied, so the fake
rejects exactly what the schema says the real API rejects: unknown fields, wrong JSON types,
values outside an enum, output-only fields, and a `Request` (or `ExtendedValue`) with not
exactly one kind set, or a field the method requires missing. (Fields marked output-only
are not refused: the documents mark some that requests must send, such as a Drive
permission's `emailAddress`.)
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import googleapiclient

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"

# Messages in the API that are a `oneof`: exactly one field must be set.
ONE_OF = {"Request", "ExtendedValue"}
INT32 = (-(2**31), 2**31 - 1)


@cache
def discovery(api: str) -> dict[str, Any]:
    """The discovery document of `api`, e.g. `"sheets.v4"` or `"drive.v3"`."""
    return json.loads((DOCUMENTS / f"{api}.json").read_text(encoding="utf-8"))


def method(api: str, dotted: str) -> dict[str, Any]:
    """A method description, e.g. `method("sheets.v4", "spreadsheets.values.batchGet")`."""
    node: dict[str, Any] = discovery(api)
    *resources, name = dotted.split(".")
    for resource in resources:
        node = node["resources"][resource]
    return node["methods"][name]


def check_body(api: str, schema: str, body: object, method_id: str = "") -> list[str]:
    """Every way `body` breaks schema `schema` of `api`, as `path: problem` lines.

    `method_id` (e.g. `drive.permissions.create`) also checks the fields that method requires.
    """
    problems: list[str] = []
    schemas = discovery(api)["schemas"]
    _check(schemas, {"$ref": schema}, body, schema, problems)
    for name, field in schemas[schema].get("properties", {}).items():
        required = field.get("annotations", {}).get("required", [])
        if method_id in required and isinstance(body, dict) and name not in body:
            problems.append(f"{schema}: {method_id} requires the field {name!r}")
    return problems


def check_params(api: str, dotted: str, params: dict[str, list[str]]) -> list[str]:
    """Every query parameter that `api`'s method `dotted` does not accept, or accepts otherwise."""
    known = {**discovery(api)["parameters"], **method(api, dotted).get("parameters", {})}
    problems = []
    for name, values in params.items():
        spec = known.get(name)
        if spec is None or spec.get("location") == "path":
            problems.append(f"query parameter {name!r} is unknown")
            continue
        if len(values) > 1 and not spec.get("repeated"):
            problems.append(f"query parameter {name!r} is given {len(values)} times")
        for value in values:
            if "enum" in spec and value not in spec["enum"]:
                problems.append(f"query parameter {name}={value!r} is not one of {spec['enum']}")
            if spec.get("type") == "boolean" and value not in ("true", "false"):
                problems.append(f"query parameter {name}={value!r} is not true/false")
    return problems


def _check(
    schemas: dict[str, Any], spec: dict[str, Any], value: object, path: str, out: list[str]
) -> None:
    if "$ref" in spec:
        name = spec["$ref"]
        _check_object(schemas, name, schemas[name], value, path, out)
        return
    kind = spec.get("type")
    if kind == "object" and "additionalProperties" in spec:
        if not isinstance(value, dict):
            out.append(f"{path}: expected an object, got {type(value).__name__}")
            return
        for key, item in value.items():
            _check(schemas, spec["additionalProperties"], item, f"{path}.{key}", out)
    elif kind == "object":
        _check_object(schemas, path, spec, value, path, out)
    elif kind == "array":
        if not isinstance(value, list):
            out.append(f"{path}: expected an array, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            _check(schemas, spec["items"], item, f"{path}[{index}]", out)
    elif kind == "string":
        if not isinstance(value, str):
            out.append(f"{path}: expected a string, got {type(value).__name__}")
        elif "enum" in spec and value not in spec["enum"]:
            out.append(f"{path}: {value!r} is not one of {spec['enum']}")
    elif kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            out.append(f"{path}: expected an integer, got {value!r}")
        elif spec.get("format") == "int32" and not INT32[0] <= value <= INT32[1]:
            out.append(f"{path}: {value} does not fit in int32")
    elif kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            out.append(f"{path}: expected a number, got {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: expected true/false, got {value!r}")
    elif kind == "any":
        pass
    else:
        out.append(f"{path}: the schema has a type this checker does not know: {kind!r}")


def _check_object(
    schemas: dict[str, Any],
    name: str,
    spec: dict[str, Any],
    value: object,
    path: str,
    out: list[str],
) -> None:
    if not isinstance(value, dict):
        out.append(f"{path}: expected an object ({name}), got {type(value).__name__}")
        return
    properties = spec.get("properties", {})
    for key, item in value.items():
        field = properties.get(key)
        if field is None:
            out.append(f"{path}: unknown field {key!r} in {name}")
        else:
            _check(schemas, field, item, f"{path}.{key}", out)
    if name in ONE_OF and len(value) != 1:
        out.append(f"{path}: a {name} must set exactly one kind, not {sorted(value) or 'none'}")
