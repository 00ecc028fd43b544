"""Every way a schedule can break the event's rules, and the table numbering of meetings placed in
slots. Pure: no Django import."""

from collections import defaultdict

from .model import Instance, Meeting


class InvalidSchedule(AssertionError):
    """A schedule broke a rule; never returned to a caller."""


def violations(instance: Instance, meetings: list[Meeting] | tuple[Meeting, ...]) -> list[str]:
    """Each broken rule as a sentence (empty: the schedule is valid)."""
    found = []
    pairs: set[tuple[str, str]] = set()
    busy: set[tuple[str, int]] = set()
    tables: set[tuple[int, int]] = set()
    for m in meetings:
        pair = (m.business, m.buyer)
        if pair not in instance.weights:
            found.append(f"{pair} was not asked for")
        if pair in pairs:
            found.append(f"{pair} meets twice")
        pairs.add(pair)
        if not 0 <= m.slot < instance.slots:
            found.append(f"{pair} in slot {m.slot} of {instance.slots}")
        if not 0 <= m.table < instance.tables:
            found.append(f"{pair} at table {m.table} of {instance.tables}")
        if (m.slot, m.table) in tables:
            found.append(f"table {m.table} twice in slot {m.slot}")
        tables.add((m.slot, m.table))
        for party in pair:
            if party in instance.parties and m.slot in instance.parties[party].unavailable:
                found.append(f"{party} is unavailable in slot {m.slot}")
            if (party, m.slot) in busy:
                found.append(f"{party} in two meetings in slot {m.slot}")
            busy.add((party, m.slot))
    return found


def at_tables(placed: list[tuple[str, str, int]]) -> tuple[Meeting, ...]:
    """Meetings placed as (business, buyer, slot) numbered at tables 0, 1, ... in each slot, in the
    order of the pair; sorted by slot, then table."""
    by_slot: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for business, buyer, slot in placed:
        by_slot[slot].append((business, buyer))
    return tuple(
        Meeting(business, buyer, slot, table)
        for slot in sorted(by_slot)
        for table, (business, buyer) in enumerate(sorted(by_slot[slot]))
    )


def weight_of(instance: Instance, meetings) -> int:
    return sum(instance.weights[(m.business, m.buyer)] for m in meetings)
