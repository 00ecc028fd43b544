from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent: str | None
    latitude: float | None
    longitude: float | None
    time_zone: str

    @staticmethod
    def resolve_parent(region) -> str | None:
        return region.parent_id


class SectorOut(Schema):
    code: str
    level: str
    kategori: str
    parent: str | None
    title: str

    @staticmethod
    def resolve_parent(sector) -> str | None:
        return sector.parent_id
