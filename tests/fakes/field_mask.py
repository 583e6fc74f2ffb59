"""`fields=` partial responses: parse a mask, check it against the schema, cut a resource down.

Grammar as Google documents it: `a,b.c,d(e,f(g))`, with `/` accepted for `.`; `*` means all.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.discovery import discovery

Mask = dict[str, "Mask"]  # field -> sub-mask; an empty sub-mask means the whole field


def parse_mask(text: str) -> Mask:
    """`"a,b(c,d.e)"` -> `{"a": {}, "b": {"c": {}, "d": {"e": {}}}}`; raises ValueError."""
    mask, rest = _parse_list(text.replace("/", ".").replace(" ", ""))
    if rest:
        raise ValueError(f"unexpected {rest!r} in fields mask")
    return mask


def _parse_list(text: str) -> tuple[Mask, str]:
    mask: Mask = {}
    while True:
        path, text = _parse_path(text)
        _merge(mask, path)
        if not text.startswith(","):
            return mask, text
        text = text[1:]


def _parse_path(text: str) -> tuple[Mask, str]:
    name = ""
    while text and text[0] not in ",().":
        name, text = name + text[0], text[1:]
    if not name:
        raise ValueError("empty field name in fields mask")
    if text.startswith("."):
        sub, text = _parse_path(text[1:])
        return {name: sub}, text
    if text.startswith("("):
        sub, text = _parse_list(text[1:])
        if not text.startswith(")"):
            raise ValueError("unbalanced parentheses in fields mask")
        return {name: sub}, text[1:]
    return {name: {}}, text


def _merge(into: Mask, path: Mask) -> None:
    for name, sub in path.items():
        if name not in into:
            into[name] = sub
        elif not into[name] or not sub:
            into[name] = {}  # the whole field was asked for
        else:
            _merge(into[name], sub)


def check_mask(api: str, schema: str, mask: Mask) -> list[str]:
    """Field names in `mask` that resource `schema` does not have."""
    schemas = discovery(api)["schemas"]
    problems: list[str] = []

    def walk(spec: dict[str, Any], mask: Mask, path: str) -> None:
        while "items" in spec or "$ref" in spec:
            spec = spec["items"] if "items" in spec else schemas[spec["$ref"]]
        properties = spec.get("properties", {})
        for name, sub in mask.items():
            if name == "*":
                continue
            if name not in properties:
                problems.append(f"fields: {path}{name} is not a field of the response")
            elif sub:
                walk(properties[name], sub, f"{path}{name}.")

    walk({"$ref": schema}, mask, "")
    return problems


def apply_mask(value: Any, mask: Mask) -> Any:
    """`value` with only the masked fields (lists are masked item by item)."""
    if not mask or "*" in mask:
        return value
    if isinstance(value, list):
        return [apply_mask(item, mask) for item in value]
    if not isinstance(value, dict):
        return value
    kept = {name: apply_mask(value[name], sub) for name, sub in mask.items() if name in value}
    return {name: item for name, item in kept.items() if item not in ({}, [])}
