"""The API's authentication, which lives with the accounts (wirausaha/accounts/api.py) so that an
app's router can ask for a role check before its body is read (`auth_allowing`)."""

from wirausaha.accounts.api import AUTH, BearerToken, SessionUnlessBearer, auth_allowing

__all__ = ["AUTH", "BearerToken", "SessionUnlessBearer", "auth_allowing"]
