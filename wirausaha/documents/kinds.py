"""The kinds of document and what each needs: its number prefix and how its PDF is worded and drawn.

Documents knows no stage. A stage that issues a kind of document registers it once, when its app
starts (`AppConfig.ready`), with `register_kind`; the kind's label is a `Document.Kind` choice."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Document


@dataclass(frozen=True)
class KindSpec:
    """`prefix`: the printed number's first part. `wording()` returns the fixed wording (in the
    document language) once per batch; `text(document, wording)` what one PDF says; `render(text)`
    the PDF bytes."""

    prefix: str
    wording: Callable[[], Any]
    text: Callable[[Document, Any], Any]
    render: Callable[[Any], bytes]


_KINDS: dict[str, KindSpec] = {}


class UnknownKind(LookupError):
    pass


def register_kind(
    kind: str,
    *,
    prefix: str,
    wording: Callable[[], Any],
    text: Callable[[Document, Any], Any],
    render: Callable[[Any], bytes],
) -> KindSpec:
    """Teach documents a kind (idempotent: registering the same again changes nothing). Refused for
    a kind without a `Document.Kind` label, and for a prefix another kind prints already."""
    kind = str(kind)
    if kind not in Document.Kind.values:
        raise ValueError(f"{kind!r} is not a Document.Kind: add it there with its label first.")
    if not prefix or not prefix.isalnum() or not prefix.isupper():
        raise ValueError(f"The prefix of {kind!r} must be capital letters or digits, not {prefix!r}.")
    clash = [other for other, spec in _KINDS.items() if spec.prefix == prefix and other != kind]
    if clash:
        raise ValueError(f"The prefix {prefix!r} is already that of {clash[0]!r}.")
    spec = KindSpec(prefix=prefix, wording=wording, text=text, render=render)
    _KINDS[kind] = spec
    return spec


def kind_spec(kind: str) -> KindSpec:
    try:
        return _KINDS[str(kind)]
    except KeyError:
        raise UnknownKind(f"No kind of document {kind!r} is registered (see documents.kinds).") from None


def registered_kinds() -> dict[str, KindSpec]:
    return dict(_KINDS)
