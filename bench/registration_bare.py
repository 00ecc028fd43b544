"""The baseline for bench_registration: the project's settings and middleware, but a URLconf of its
own whose one view parses the same JSON body and inserts one row with a plain cursor INSERT into
`bench_bare` (created by the harness). Served by gunicorn as `bench.registration_bare:application`."""

import json
import os

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
@login_not_required
def bare_view(request):
    from django.db import connection

    body = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare (nik, full_name) VALUES (%s, %s) RETURNING id",
            [body["nik"], body["full_name"]],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


@login_not_required
def health(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bare", bare_view), path("api/v1/health", health)]


def _application():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()


application = _application()
