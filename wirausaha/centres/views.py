from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wirausaha.common.pagination import page_of

from .queries import centres_listed


@require_GET
def centre_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "centres/centre_list.html", {"page": page_of(centres_listed(), request.GET.get("page"), 50)}
    )
