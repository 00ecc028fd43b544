from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wirausaha.common.pagination import page_of

from .models import Region
from .queries import get_region, regions_under, sectors_matching


@require_GET
def region_list(request: HttpRequest, code: str | None = None) -> HttpResponse:
    region = get_region(code) if code else None
    ancestors = []
    node = region
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    q = request.GET.get("q", "")
    page = page_of(regions_under(code, q), request.GET.get("page"), 100)
    return render(
        request,
        "reference/region_list.html",
        {"region": region, "ancestors": ancestors, "page": page, "q": q, "levels": Region.Level},
    )


@require_GET
def sector_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    page = page_of(sectors_matching(q), request.GET.get("page"), 50)
    return render(request, "reference/sector_list.html", {"page": page, "q": q})
