"""The one place where errors become HTTP responses for the API."""

from django.http import Http404
from django.http.request import RawPostDataException
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

    @api.exception_handler(RawPostDataException)
    def form_to_a_json_operation(request, exc):
        # A large multipart body was streamed into request.POST by the edge middleware.
        return api.create_response(
            request, {"code": "error", "detail": _("This operation takes a JSON body.")}, status=400
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
    "400": "The path, query or body holds a control character (such as a NUL byte), or the body is not JSON.",
    "401": "Not signed in, or the bearer token is missing, wrong or expired.",
    "403": "Signed in, but not allowed (or the session's CSRF check failed).",
    "404": "No such record, or not within your access.",
    "413": "The request body is larger than the limit (MAX_REQUEST_BYTES).",
    "422": "Some input is not valid; `errors` names each field.",
}


def document_errors(schema: dict) -> dict:
    """Adds to each operation of an OpenAPI schema the errors it can answer, in the one error shape:
    400 and 413 on every operation (the edge middleware refuses control characters and oversized
    bodies before any view runs), 401 and 403 when it needs a login, 404 when its path names a
    record, 422 when it takes input."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = ["400", "413"]
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


# What the edge middleware (RejectControlCharactersMiddleware) lets through: no C0 control
# character but tab, LF and CR, in a path, a query or a JSON body (its keys too).
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$"


_PLAIN = {"$ref": "#/components/schemas/PlainJson"}
PLAIN_JSON = {
    "description": "Any JSON value without a control character in its strings or keys.",
    "anyOf": [
        {"type": "null"},
        {"type": "boolean"},
        {"type": "number"},
        {"type": "string", "pattern": NO_CONTROL_CHARACTERS},
        {"type": "array", "items": _PLAIN},
        {
            "type": "object",
            "propertyNames": {"pattern": NO_CONTROL_CHARACTERS},
            "additionalProperties": _PLAIN,
        },
    ],
}


def document_plain_text(schema: dict) -> dict:
    """Says in the schema what the middleware refuses with 400 before any operation runs: each input
    string (a path or query parameter, a request body's field or key) that has no shape of its own
    is documented as holding no control character."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    seen: set[str] = {"PlainJson"}
    components["PlainJson"] = PLAIN_JSON

    def plain(node) -> None:
        if isinstance(node, list):
            for item in node:
                plain(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen and name in components:
                seen.add(name)
                plain(components[name])
            return
        if node.get("type") == "string" and not {"pattern", "enum", "format", "const"} & set(node):
            node["pattern"] = NO_CONTROL_CHARACTERS
        if node.get("type") == "object" or "properties" in node:
            # Fields it does not name are ignored, but pass the middleware first.
            node.setdefault("propertyNames", {"pattern": NO_CONTROL_CHARACTERS})
            node.setdefault("additionalProperties", {"$ref": "#/components/schemas/PlainJson"})
        for key in ("properties", "items", "anyOf", "allOf", "oneOf", "additionalProperties"):
            child = node.get(key)
            plain(list(child.values()) if isinstance(child, dict) and key == "properties" else child)

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                plain(parameter.get("schema"))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                plain(media.get("schema"))
    return schema
