"""The one place where errors become HTTP responses for the API."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

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
