"""Domain errors: what the rules refuse. Exactly one place per interface turns them into HTTP."""


class DomainError(Exception):
    """A broken business rule. `code` is stable for API clients; the message is for people."""

    code = "domain_error"

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field

    @property
    def messages(self) -> list[str]:
        """What to show a person: one text per problem."""
        return [str(self)]

    @property
    def text(self) -> str:
        """The messages as one line, for a page's notice."""
        return " ".join(self.messages)


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

    @property
    def messages(self) -> list[str]:
        return [str(text) for text in self.errors.values()]
