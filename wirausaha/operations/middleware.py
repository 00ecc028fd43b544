import logging
import re
import time
import uuid

from django.conf import settings

from wirausaha.common.logging import request_id

from .metrics import REQUEST_SECONDS

logger = logging.getLogger("wirausaha.request")

# An id the proxy sent (nginx's $request_id) is kept when it is short and plain; otherwise a new one.
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdAndMetricsMiddleware:
    """Gives each request an id (kept from X-Request-ID when the proxy set one, sent back in the
    answer), which every log line written meanwhile carries; times the request for /metrics by its
    route; and, with LOG_REQUESTS, writes one log line per request: method, route, status and
    time, never the URL (searches put NIKs and phone numbers in it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        current = given if _PLAIN_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            route = match.route if match is not None else "<unmatched>"
            status = f"{response.status_code // 100}xx"
            REQUEST_SECONDS.labels(route=route, method=request.method, status=status).observe(seconds)
            if settings.LOG_REQUESTS:
                logger.info(
                    "%s %s %s %.1f ms",
                    request.method,
                    route or "/",
                    response.status_code,
                    seconds * 1000,
                    extra={
                        "route": route,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
            response["X-Request-ID"] = current
            return response
        finally:
            request_id.reset(token)
