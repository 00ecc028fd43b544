"""Refusals made before a view runs (by middleware): JSON under /api/, a plain error page elsewhere."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(
    request, *, status: int, code: str, title: str, detail: str, errors: list | None = None
) -> HttpResponse:
    """The API's error shape ({code, detail, errors?}) under /api/, the site's error page elsewhere."""
    if is_api(request):
        body = {"code": code, "detail": str(detail)}
        if errors:
            body["errors"] = errors
        return JsonResponse(body, status=status)
    context = {"status": status, "title": title, "detail": detail}
    return render(request, "error.html", context, status=status)
