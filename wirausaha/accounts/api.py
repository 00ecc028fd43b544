from collections.abc import Callable

from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from wirausaha.common.errors import NotFound

from .models import User
from .queries import user_for_token
from .schemas import MeOut

router = Router(tags=["accounts"])


def _refuse_unless(allowed: Callable[[User], bool] | None, user: User) -> None:
    # The same 404 as for a record outside the caller's access: a role may not learn what exists.
    if allowed is not None and not allowed(user):
        raise NotFound()


class BearerToken(HttpBearer):
    """`Authorization: Bearer wrs_…`, a token from `manage.py create_api_token`. A process that
    found a token good trusts it for TOKEN_TRUSTED_SECONDS (10) without asking the database again,
    so a token revoked in another process is refused within that time (user_for_token).
    With `allowed`, a user it refuses is answered 404 before the request body is read."""

    def __init__(self, allowed: Callable[[User], bool] | None = None):
        self.allowed = allowed
        super().__init__()

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
            _refuse_unless(self.allowed, user)
        return user


class SessionUnlessBearer(SessionAuth):
    """The browser's session, but not for a request that sent a bearer token or has no signed-in
    session: those must answer 401, not the session check's CSRF failure."""

    def __init__(self, allowed: Callable[[User], bool] | None = None):
        self.allowed = allowed
        super().__init__()

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None
        # Not signed in: 401, as for a missing token; the CSRF check (403) only concerns a session.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        user = super().__call__(request)
        if user:
            _refuse_unless(self.allowed, user)
        return user


def auth_allowing(allowed: Callable[[User], bool]) -> list:
    """The API's authentication for an operation only some roles may call. Ninja authenticates
    before it reads the body, so a caller of another role is refused (404) whatever the body
    holds, instead of being told (422) what is wrong with it."""
    return [BearerToken(allowed), SessionUnlessBearer(allowed)]


# Partners' systems use bearer tokens; the web pages' own calls use the session.
AUTH = [BearerToken(), SessionUnlessBearer()]


@router.get("/me", response=MeOut)
def me(request):
    """The account behind this session or token, with its role and scope."""
    return request.auth
