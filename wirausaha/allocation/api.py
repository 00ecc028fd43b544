from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from wirausaha.common.errors import NotFound
from wirausaha.common.pagination import CursorPagination
from wirausaha.programs.queries import get_wave_for

from .models import AllocationRun
from .queries import filter_placements, placements_visible_to, runs_visible_to, sees_placements
from .schemas import PlacementOut

router = Router(tags=["placement"])


class PlacementFilter(Schema):
    outcome: Literal["placed", "unplaced"] | None = None
    province: str = Field("", pattern=r"^(\d{2})?$")
    run: int | None = None


@router.get("/waves/{code}/placements", response=list[PlacementOut])
@paginate(CursorPagination, page_size=100)
def list_placements(request, code: str, filters: Query[PlacementFilter]):
    """The wave's confirmed placement (or the run given), only the participants in the caller's
    scope, each with its explanation. A wave without a confirmed run, or a run out of reach: 404."""
    user = request.auth
    if not sees_placements(user):
        raise NotFound()
    wave = get_wave_for(user, code)
    runs = runs_visible_to(user, wave)
    if filters.run is not None:
        run = runs.filter(pk=filters.run).first()
    else:
        run = runs.filter(status=AllocationRun.Status.CONFIRMED).first()
    if run is None:
        raise NotFound(
            _("This wave has no confirmed placement yet.") if filters.run is None else _("No such run.")
        )
    placements = placements_visible_to(user, run)
    return filter_placements(placements, outcome=filters.outcome or "", province=filters.province)
