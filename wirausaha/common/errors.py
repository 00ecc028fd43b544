"""Domain errors: what the rules refuse. Exactly one place per interface turns them into HTTP."""


class DomainError(Exception):
    """A broken business rule. `code` is stable for API clients; the message is for people."""

    code = "domain_error"

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(DomainError):
    """Missing or out of the actor's scope: the two look the same so ids cannot be probed."""

    code = "not_found"


class PermissionDenied(DomainError):
    code = "permission_denied"


class InvalidInput(DomainError):
    """Input that breaks field rules: `errors` maps each field to what is wrong with it."""

    code = "invalid"

    def __init__(self, errors: dict[str, str], message: str = ""):
        super().__init__(message or "; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors
