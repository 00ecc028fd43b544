"""Reading a list of objects with ids from a JSON instance file (pure: the planners' commands share
it). Problems are reported through `fail(field, code, **params)` with the path of each field, as
`graduates[2].id`, so a command can say which row and which field is wrong."""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Fail = Callable[..., None]


def unknown_fields(data: Mapping, fields: tuple[str, ...], prefix: str, fail: Fail) -> int:
    """Report every key of `data` outside `fields`; returns how many."""
    unknown = [key for key in data if key not in fields]
    for key in unknown:
        fail(f"{prefix}{key}", "unknown_field", expected=", ".join(fields))
    return len(unknown)


def listed_objects(
    data: Mapping, name: str, fields: tuple[str, ...], fail: Fail
) -> Iterator[tuple[Mapping[str, Any], str, bool]]:
    """Each object of the list `data[name]` with its path and whether it passed the checks made
    here: the list is there and is a list, the item is an object with known keys only, and its
    "id" is a non-blank string not used by an earlier item."""
    if name not in data:
        fail(name, "required")
        return
    items = data[name]
    if not isinstance(items, list):
        fail(name, "not_a_list")
        return
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        path = f"{name}[{index}]"
        if not isinstance(item, Mapping):
            fail(path, "not_an_object")
            continue
        clean = unknown_fields(item, fields, f"{path}.", fail) == 0
        identifier = item.get("id")
        if not isinstance(identifier, str) or not identifier.strip():
            fail(f"{path}.id", "bad_id")
            clean = False
        elif identifier in first_seen:
            fail(f"{path}.id", "duplicate_id", value=identifier, other=f"{name}[{first_seen[identifier]}]")
            clean = False
        else:
            first_seen[identifier] = index
        yield item, path, clean
