from ninja.security import HttpBearer, django_auth

from wirausaha.accounts.queries import user_for_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer wrs_…`, a token from `manage.py create_api_token`."""

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Partners' systems use bearer tokens; the web pages' own calls use the session.
AUTH = [BearerToken(), django_auth]
