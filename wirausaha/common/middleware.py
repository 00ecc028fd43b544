import json
import re
import tempfile

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .responses import error_response, is_api


class IndonesianFirstMiddleware:
    """Indonesian unless the person picked another language with the switch (a cookie): the
    browser's own language is not asked, since many phones in Indonesia are set to English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


# Scripts and styles only from this site: no inline script anywhere. Inline styles are allowed
# (htmx adds its indicator style; Swagger UI, the API docs, sets styles from script).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response, and `Cache-Control: no-store` on every API
    response and every response to a browser with a session (signed in, or part-way through
    registering): such pages can carry a full NIK, which must not stay in a shared cache or on a
    shared computer's disk. Static files are served before this (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if (
            is_api(request)
            or (user is not None and user.is_authenticated)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            response.headers["Cache-Control"] = "no-store"
        return response


_API_ERROR_CODES = {
    400: ("bad_request", gettext_lazy("The request is not valid.")),
    401: ("unauthenticated", gettext_lazy("Log in or send a valid bearer token.")),
    403: ("forbidden", gettext_lazy("You do not have access.")),
    404: ("not_found", gettext_lazy("Not found.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    500: ("server_error", gettext_lazy("Something went wrong on our side. Try again later.")),
}


class ApiJsonErrorsMiddleware:
    """Under /api/, every error is JSON ({code, detail}), including those no API view answered: an
    unknown route (404), a server error (500), a refusal by Django (403, 405)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, detail = _API_ERROR_CODES.get(
            response.status_code, ("error", gettext_lazy("The request failed."))
        )
        json_response = JsonResponse({"code": code, "detail": str(detail)}, status=response.status_code)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                json_response[header] = response[header]
        return json_response


class LimitRequestSizeMiddleware:
    """Refuses (413) a request body larger than settings.MAX_REQUEST_BYTES before any of it is read:
    by its Content-Length, or, for a chunked body without one, by reading at most the limit (into
    a temporary file) and stopping there. The reverse proxy's client_max_body_size should match."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BYTES
        length = request.META.get("CONTENT_LENGTH")
        if length:
            if length.strip().isdigit() and int(length) > limit:
                return self.refuse(request, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            stream = getattr(request, "environ", {}).get("wsgi.input")
            if stream is not None:
                body = self.read_at_most(stream, limit)
                if body is None:
                    return self.refuse(request, limit)
                size = body.seek(0, 2)
                body.seek(0)
                # Django reads a body by its length: give it the one now known.
                request.META["CONTENT_LENGTH"] = str(size)
                request._stream = LimitedStream(body, size)
        return self.get_response(request)

    @staticmethod
    def read_at_most(stream, limit: int):
        """The body in a temporary file, or None when it is longer than the limit."""
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 (returned)
        size = 0
        while chunk := stream.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                body.close()
                return None
            body.write(chunk)
        return body

    @staticmethod
    def refuse(request, limit: int):
        return error_response(
            request,
            status=413,
            code="too_large",
            title=_("Request too large"),
            detail=_("The request is too large: the limit is %(limit)d MB.")
            % {"limit": limit // (1024 * 1024)},
        )


# C0 control characters except tab, LF and CR. PostgreSQL refuses NUL in text (a DataError, so a
# 500) and none of them belongs in a name, a search or an address.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _has_control(text) -> bool:
    return isinstance(text, str) and _CONTROL_CHARACTERS.search(text) is not None


def _json_has_control(value) -> bool:
    if isinstance(value, str):
        return _has_control(value)
    if isinstance(value, dict):
        return any(_has_control(key) or _json_has_control(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_control(item) for item in value)
    return False


class RejectControlCharactersMiddleware:
    """Refuses (400) a request whose path, query string, form fields, uploaded file names or JSON
    body hold a control character, before any of it reaches a view or the database. Uploaded
    files' contents are left to the code that reads them (imports, evidence)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self.where(request)
        if where is None:
            return self.get_response(request)
        return error_response(
            request,
            status=400,
            code="control_characters",
            title=_("Request refused"),
            detail=_("The request contains a control character (such as a NUL byte), which is not allowed."),
            errors=[{"field": where, "message": _("Remove the control character.")}],
        )

    def where(self, request) -> str | None:
        """The name of the first place holding a control character, or None."""
        if _has_control(request.path_info) or _has_control(request.path):
            return "path"
        for key, values in request.GET.lists():
            if _has_control(key) or any(_has_control(value) for value in values):
                return key if not _has_control(key) else "query"
        if request.method in ("GET", "HEAD", "OPTIONS") or not request.META.get("CONTENT_LENGTH"):
            return None
        if request.content_type in _FORM_TYPES:
            if request.method != "POST":
                return None
            length = request.META["CONTENT_LENGTH"].strip()
            if is_api(request) and length.isdigit() and int(length) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                # Read a small raw body first: Django then parses the form from it, and ninja can
                # still read the body. A larger one (an upload) is streamed through request.POST
                # as Django does, to temporary files; an operation that wanted JSON from it then
                # meets RawPostDataException, which the API answers with a 400 (api/errors.py).
                request.body  # noqa: B018 (read and kept by Django)
            for key, values in request.POST.lists():
                if _has_control(key) or any(_has_control(value) for value in values):
                    return key if not _has_control(key) else "form"
            for key, upload in request.FILES.items():
                if _has_control(upload.name):
                    return key
            return None
        # Anything else may be parsed as JSON by the API, whatever its content type says.
        text = request.body.decode("utf-8", errors="replace")
        if _has_control(text):
            return "body"
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return "body" if _json_has_control(data) else None
