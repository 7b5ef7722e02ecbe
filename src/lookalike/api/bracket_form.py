"""Nested request fields written as bracketed keys, as HTTP clients serialise them into a query.

Clients built on axios or ``qs`` (Pipedream's Lusha actions among them) send a POST with an empty
body and the fields in the query string::

    contacts[0][personId]=p1&contacts[0][companyId]=c1&exclude[]=p2&limit=25

:func:`nested_fields` turns such pairs into the JSON object the body would have held:
``{"contacts": [{"personId": "p1", "companyId": "c1"}], "exclude": ["p2"], "limit": "25"}``.
Values stay text; the request models convert numbers as they do for JSON. An index gives the
position in its list (gaps close up); ``[]`` appends, or fills the last object of the list while
it lacks the key that follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
_MAX_DEPTH = 6


class _Indexed(dict[int, Any]):
    """A list under construction: position -> value, turned into a list at the end."""


def key_path(key: str) -> list[str]:
    """``"contacts[0][personId]"`` -> ``["contacts", "0", "personId"]``; ``"a[]"`` -> ``["a", ""]``.

    A key whose brackets do not close is one plain name.
    """
    head, bracket, rest = key.partition("[")
    if not bracket:
        return [key]
    rest = "[" + rest
    segments = _SEGMENT.findall(rest)
    if not head or "".join(f"[{s}]" for s in segments) != rest or len(segments) > _MAX_DEPTH:
        return [key]
    return [head, *segments]


def nested_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The object that bracketed ``(key, value)`` pairs describe (see the module docstring)."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        _assign(root, key_path(key), value)
    fields: dict[str, Any] = _finished(root)
    return fields


def _assign(node: dict[Any, Any], path: list[str], value: str) -> None:
    for depth, segment in enumerate(path):
        last = depth == len(path) - 1
        slot: Any = segment
        if isinstance(node, _Indexed):
            slot = _position(node, segment, None if last else path[depth + 1])
        if last:
            node[slot] = value
            return
        child = node.get(slot)
        wants_list = path[depth + 1] == "" or path[depth + 1].isdigit()
        if not isinstance(child, dict) or isinstance(child, _Indexed) != wants_list:
            child = _Indexed() if wants_list else {}
            node[slot] = child
        node = child


def _position(items: _Indexed, segment: str, next_key: str | None) -> int:
    if segment.isdigit():
        return int(segment)
    last = max(items, default=None)
    if (
        last is not None
        and next_key is not None
        and isinstance(items[last], dict)
        and not isinstance(items[last], _Indexed)
        and next_key not in items[last]
    ):
        return last
    return 0 if last is None else last + 1


def _finished(node: Any) -> Any:
    if isinstance(node, _Indexed):
        return [_finished(node[position]) for position in sorted(node)]
    if isinstance(node, dict):
        return {key: _finished(value) for key, value in node.items()}
    return node
