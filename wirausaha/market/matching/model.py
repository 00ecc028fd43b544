"""What the matching reads: a business's offer and a buyer's demand listing, as plain values.
Pure: no Django import."""

from dataclasses import dataclass, field
from datetime import date

# Certificate kinds a listing may require and a business may hold (licensing checklist kinds, and SNI).
CERTIFICATE_KINDS = ("nib", "halal", "spp_irt", "bpom_md", "pkp", "sertifikat_standar", "izin", "sni")


@dataclass(frozen=True)
class Offer:
    """What a business offers. `region` is its Kemendagri code ("32.16" or longer), `certificates`
    (kind, valid_until) pairs where valid_until None means no expiry; `price` a unit price in whole
    rupiah (None: not stated); lat/lng None when not known."""

    id: str
    kbli: str
    region: str
    capacity_per_month: int
    certificates: tuple[tuple[str, date | None], ...] = ()
    lat: float | None = None
    lng: float | None = None
    price: int | None = None

    def valid_kinds(self, on: date) -> frozenset[str]:
        """The certificate kinds valid on `on` (valid until that day inclusive, or without expiry)."""
        return frozenset(kind for kind, until in self.certificates if until is None or until >= on)


@dataclass(frozen=True)
class Demand:
    """A buyer's demand listing. `regions` are code prefixes served (empty: nationwide),
    `min_per_supplier` the least monthly capacity a supplier must have, `volume_per_month` the whole
    monthly need (None: the minimum), price range in whole rupiah per unit (either end may be None),
    lat/lng the delivery place (None: not stated)."""

    id: str
    kbli: str
    regions: tuple[str, ...] = ()
    min_per_supplier: int = 0
    requires: frozenset[str] = field(default_factory=frozenset)
    volume_per_month: int | None = None
    price_min: int | None = None
    price_max: int | None = None
    lat: float | None = None
    lng: float | None = None

    @property
    def division(self) -> str:
        return self.kbli[:2]
