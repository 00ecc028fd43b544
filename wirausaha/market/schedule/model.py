"""A business-matching event's scheduling instance and its schedule, as plain values.
Pure: no Django import."""

from dataclasses import dataclass

BUSINESS = "business"
BUYER = "buyer"
SIDES = (BUSINESS, BUYER)
# A pair both sides asked for weighs this much; a pair only one side asked for weighs ONE_SIDED.
MUTUAL = 2
ONE_SIDED = 1


@dataclass(frozen=True)
class Party:
    id: str
    side: str
    unavailable: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Instance:
    """`slots` and `tables` are counts (numbered from 0); `weights` maps each requested
    (business id, buyer id) pair to its weight."""

    slots: int
    tables: int
    parties: dict[str, Party]
    weights: dict[tuple[str, str], int]

    def free_slots(self, business: str, buyer: str) -> list[int]:
        busy = self.parties[business].unavailable | self.parties[buyer].unavailable
        return [slot for slot in range(self.slots) if slot not in busy]


@dataclass(frozen=True)
class Meeting:
    business: str
    buyer: str
    slot: int
    table: int


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    weight: int
    optimal: bool
    seconds: float
    bound: int

    def as_json(self) -> dict:
        return {
            "weight": self.weight,
            "optimal": self.optimal,
            "seconds": round(self.seconds, 3),
            "meetings": [
                {"business": m.business, "buyer": m.buyer, "slot": m.slot, "table": m.table}
                for m in self.meetings
            ],
        }


def weights_of(requests: list[tuple[str, str]], parties: dict[str, Party]) -> dict[tuple[str, str], int]:
    """Each asked-for (business, buyer) pair with weight MUTUAL when both asked, ONE_SIDED otherwise;
    `requests` are (from, to) pairs between a business and a buyer."""
    asked: dict[tuple[str, str], set[str]] = {}
    for source, target in requests:
        pair = (source, target) if parties[source].side == BUSINESS else (target, source)
        asked.setdefault(pair, set()).add(source)
    return {pair: MUTUAL if len(sides) == 2 else ONE_SIDED for pair, sides in asked.items()}
