"""The one place where errors become HTTP responses for the API."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from wirausaha.common.errors import DomainError, InvalidInput, NotFound, PermissionDenied


def _field(location: tuple) -> str:
    # Ninja reports ("query", "page") or ("body", "payload", "nik"); people need the last names.
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid_input(request, exc: ValidationError):
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "")} for e in exc.errors]
        return api.create_response(
            request,
            {"code": "invalid", "detail": _("Some fields are not valid."), "errors": errors},
            status=422,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"code": "not_found", "detail": _("Not found.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            {"code": "unauthenticated", "detail": _("Log in or send a valid bearer token.")},
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # Ninja's own refusals, such as the session's CSRF check (403).
        code = "csrf_failed" if exc.status_code == 403 and "CSRF" in str(exc) else "error"
        detail = _("CSRF check failed: reload the page.") if code == "csrf_failed" else str(exc)
        return api.create_response(request, {"code": code, "detail": detail}, status=exc.status_code)

    @api.exception_handler(InvalidInput)
    def invalid_domain_input(request, exc: InvalidInput):
        errors = [{"field": field, "message": str(message)} for field, message in exc.errors.items()]
        return api.create_response(
            request,
            {"code": exc.code, "detail": _("Some fields are not valid."), "errors": errors},
            status=422,
        )

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, PermissionDenied) else 400
        body = {"code": exc.code, "detail": str(exc)}
        if exc.field:
            status = 422 if status == 400 else status
            body["errors"] = [{"field": exc.field, "message": str(exc)}]
        return api.create_response(request, body, status=status)


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "example": "not_found"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["code", "detail"],
}
_ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_DESCRIPTIONS = {
    "401": "Not signed in, or the bearer token is missing, wrong or expired.",
    "403": "Signed in, but not allowed (or the session's CSRF check failed).",
    "404": "No such record, or not within your access.",
    "422": "Some input is not valid; `errors` names each field.",
}


def document_errors(schema: dict) -> dict:
    """Adds to each operation of an OpenAPI schema the errors it can answer, in the one error shape:
    401 and 403 when it needs a login, 404 when its path names a record, 422 when it takes input."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = []
            if operation.get("security"):
                statuses += ["401", "403"]
            if "{" in path:
                statuses.append("404")
            if operation.get("parameters") or operation.get("requestBody"):
                statuses.append("422")
            for status in statuses:
                operation["responses"].setdefault(
                    status, {"description": _DESCRIPTIONS[status], **_ERROR_REF}
                )
    return schema
