from functools import lru_cache

from django.db.models import Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from . import kbli_search
from .files import DATA_DIR, read_csv
from .models import Region, Sector


class KnownRegions:
    """Current Kemendagri codes as NIK prefixes: `provinces` 2 digits, `regencies` 4, `districts` 6."""

    def __init__(self, provinces: frozenset[str], regencies: frozenset[str], districts: frozenset[str]):
        self.provinces = provinces
        self.regencies = regencies
        self.districts = districts


@lru_cache(maxsize=1)
def known_region_codes() -> KnownRegions:
    """From the region table once loaded; before that, from the same shipped files."""
    rows = list(
        Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.REGENCY, Region.Level.DISTRICT])
        .values_list("code", flat=True)
        .iterator(chunk_size=5000)
    )
    if not rows:
        rows = [
            r["code"]
            for name in ("provinsi", "kabupaten_kota", "kecamatan")
            for r in read_csv(DATA_DIR / f"wilayah_{name}.csv")
        ]
    digits = [code.replace(".", "") for code in rows]
    return KnownRegions(
        provinces=frozenset(c for c in digits if len(c) == 2),
        regencies=frozenset(c for c in digits if len(c) == 4),
        districts=frozenset(c for c in digits if len(c) == 6),
    )


def regions_under(parent_code: str | None, name: str | None = None) -> QuerySet[Region]:
    """Direct children of a region, or the provinces when no parent is given; optionally by name."""
    regions = (
        Region.objects.filter(parent_id=parent_code)
        if parent_code
        else Region.objects.filter(level=Region.Level.PROVINCE)
    )
    if name:
        regions = regions.filter(name__icontains=name.strip())
    return regions


def get_region(code: str) -> Region:
    return get_object_or_404(Region, pk=code)


def sectors_matching(query: str | None, level: str | None = None) -> QuerySet[Sector]:
    """KBLI entries for a code prefix or for words, best first: every word found in the title or
    the description, as the start of a word or within one typo (kbli_search). "kopi" finds
    "Industri Pengolahan Kopi", not "Aktivitas Fotokopi"; "sepatu" finds "Industri Alas Kaki" by
    its description."""
    sectors = Sector.objects.all()
    if level:
        sectors = sectors.filter(level=level)
    query = (query or "").strip()
    if not query:
        return sectors
    codes = kbli_search.rank(query, sector_index(), limit=SEARCH_LIMIT)
    if not codes:
        return sectors.none()
    return sectors.filter(code__in=codes).order_by(
        Case(*(When(code=code, then=Value(number)) for number, code in enumerate(codes)))
    )


SEARCH_LIMIT = 300


@lru_cache(maxsize=1)
def sector_index() -> kbli_search.Index:
    """The search index of the whole classification, with the everyday words people use for its
    activities (data/kbli_everyday_words.csv), built once per process."""
    meanings = kbli_search.everyday_words(
        (row["word"], row["kbli_words"]) for row in read_csv(DATA_DIR / "kbli_everyday_words.csv")
    )
    return kbli_search.Index.build(
        Sector.objects.values_list("code", "title", "description").iterator(), meanings
    )


def region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=set(codes)).values_list("code", "name"))


@lru_cache(maxsize=1)
def region_levels() -> dict[str, str]:
    """District and village codes with their level: where a participant may live."""
    return dict(
        Region.objects.filter(level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE])
        .values_list("code", "level")
        .iterator(chunk_size=10000)
    )


@lru_cache(maxsize=1)
def sector_codes() -> frozenset[str]:
    return frozenset(Sector.objects.values_list("code", flat=True))


_region_names: dict[str, str] = {}


def region_name(code: str) -> str:
    """A region's name without a query per call: the whole table's names are read once per
    process and kept (about 15 MB), since only the loaders change reference data; a code missing
    from them is looked up."""
    global _region_names
    if not _region_names:
        _region_names = dict(Region.objects.values_list("code", "name").iterator(chunk_size=10000))
    name = _region_names.get(code)
    if name is None:
        name = Region.objects.values_list("name", flat=True).get(pk=code)
    return name


def place_name(code: str) -> str:
    """A village code as people write the place: "Desa Sukaraja, Kecamatan Tambelang, Kabupaten
    Bekasi, Jawa Barat" (the code itself when it is not in the reference table)."""
    if not code:
        return "—"
    parts = code.split(".")
    codes = [".".join(parts[: n + 1]) for n in range(len(parts))]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes).only("code", "name", "level", "kind")}
    named = []
    for region_code in reversed(codes):
        region = regions.get(region_code)
        if region is None:
            continue
        if region.level == Region.Level.VILLAGE:
            kelurahan = region.kind == Region.Kind.KELURAHAN
            label = _("Urban village %(name)s") if kelurahan else _("Village %(name)s")
            named.append(label % {"name": region.name})
        elif region.level == Region.Level.DISTRICT:
            named.append(_("District %(name)s") % {"name": region.name})
        else:
            named.append(region.name)
    return ", ".join(named) or code


def forget_reference_data() -> None:
    """Drop what this process keeps of the reference tables, after a loader changed them. Other
    running processes keep theirs until they restart (as a deployment does after load_reference)."""
    global _region_names
    _region_names = {}
    known_region_codes.cache_clear()
    region_levels.cache_clear()
    sector_codes.cache_clear()
    sector_index.cache_clear()
