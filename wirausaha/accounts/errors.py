from wirausaha.common.errors import DomainError


class InvalidScope(DomainError):
    code = "invalid_scope"
