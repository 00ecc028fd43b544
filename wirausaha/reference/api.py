from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from wirausaha.common.pagination import PageNumberPagination

from .models import Sector
from .queries import get_region, regions_under, sectors_matching
from .schemas import RegionOut, SectorOut

router = Router(tags=["reference"])


class RegionFilter(Schema):
    parent: str | None = Field(None, max_length=13, pattern=r"^\d{2}(\.\d{2}(\.\d{2})?)?$")
    q: str | None = Field(None, max_length=100)


class SectorFilter(Schema):
    q: str | None = Field(None, max_length=100)
    level: Sector.Level | None = None


@router.get("/regions", response=list[RegionOut], auth=None)
@paginate(PageNumberPagination, page_size=100)
def list_regions(request, filters: Query[RegionFilter]):
    return regions_under(filters.parent, filters.q)


@router.get("/regions/{code}", response=RegionOut, auth=None)
def region_detail(request, code: str):
    return get_region(code)


@router.get("/sectors", response=list[SectorOut], auth=None)
@paginate(PageNumberPagination, page_size=50)
def list_sectors(request, filters: Query[SectorFilter]):
    return sectors_matching(filters.q, filters.level)
