from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput

from .errors import InvalidScope
from .models import ApiToken, Language, Organisation, Role, User
from .queries import forget_trusted_token
from .tokens import digest, new_secret


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    role: Role,
    by: User | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    scope_region=None,
    is_synthetic: bool = False,
) -> User:
    """Create an account whose scope fits its role (a region for officers, an organisation
    for centre and partner staff)."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        organisation=organisation,
        scope_region=scope_region,
        is_synthetic=is_synthetic,
        is_staff=role == Role.NATIONAL_ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidScope(messages[0], field=field) from error
    user.save()
    record_event(by, "user.created", user, changes={"role": [None, role]})
    return user


@transaction.atomic
def create_api_token(*, user: User, name: str = "", by: User | None) -> tuple[ApiToken, str]:
    """Issue a bearer token. The secret is returned once and never stored."""
    secret = new_secret()
    days = settings.API_TOKEN_DAYS
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:10],
        key_hash=digest(secret),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    record_event(by, "api_token.created", user, changes={"token": [None, token.prefix]})
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User | None) -> ApiToken:
    """Refuse the token from now on: at once in this process, and within TOKEN_TRUSTED_SECONDS
    in the others, which may still trust it from a recent request."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    transaction.on_commit(lambda: forget_trusted_token(token.key_hash))
    record_event(by, "api_token.revoked", token.user, changes={"token": [token.prefix, None]})
    return token


@transaction.atomic
def set_own_password(user: User, *, password: str) -> User:
    """A person sets a new password after proving control of their phone (registration/)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(user, "user.password_set", user)
    return user


@transaction.atomic
def set_account_language(user: User, *, language: str, by: User | None) -> User:
    """The language the person reads: their messages and documents are written in it."""
    if language not in Language.values:
        raise InvalidInput({"language": _("Choose Indonesian or English.")})
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        record_event(by, "user.language_set", user, changes={"language": [before, language]})
    return user
