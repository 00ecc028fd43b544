from ninja.security import HttpBearer, SessionAuth

from wirausaha.accounts.queries import user_for_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer wrs_…`, a token from `manage.py create_api_token`. A process that
    found a token good trusts it for TOKEN_TRUSTED_SECONDS (10) without asking the database again,
    so a token revoked in another process is refused within that time (user_for_token)."""

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionUnlessBearer(SessionAuth):
    """The browser's session, but not for a request that sent a bearer token or has no signed-in
    session: those must answer 401, not the session check's CSRF failure."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None
        # Not signed in: 401, as for a missing token; the CSRF check (403) only concerns a session.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


# Partners' systems use bearer tokens; the web pages' own calls use the session.
AUTH = [BearerToken(), SessionUnlessBearer()]
