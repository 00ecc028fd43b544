"""What a national admin does to accounts and organisations, without Django admin: every change
audited, a password never chosen by the admin (the person sets it through a one-time link)."""

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.reference.models import Region

from ..actions import create_user
from ..models import Organisation, Role, User


def password_link(user: User) -> str:
    """The path at which `user` sets a new password. One use: the token is bound to the current
    password hash and last login, so it stops working once used; it also expires after
    settings.PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])


def create_staff_account(*, data: dict, by: User) -> User:
    """A staff account from the form's values: its organisation named exactly and its region by
    Kemendagri code, both looked up here so a wrong one is named on its field."""
    errors = {}
    organisation = None
    if data.get("organisation"):
        organisation = Organisation.objects.filter(name=data["organisation"]).first()
        if organisation is None:
            errors["organisation"] = _("No organisation has this name.")
    region = None
    if data.get("scope_region"):
        region = Region.objects.filter(pk=data["scope_region"]).first()
        if region is None:
            errors["scope_region"] = _("This is not a Kemendagri region code.")
    if errors:
        raise InvalidInput(errors)
    return create_user(
        username=data["username"],
        password=None,
        role=Role(data["role"]),
        by=by,
        first_name=data["first_name"],
        last_name=data.get("last_name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        organisation=organisation,
        scope_region=region,
    )


@transaction.atomic
def issue_password_link(user: User, *, by: User) -> str:
    """A one-time link for the person to choose a password (a new account, or a forgotten
    password). The old password stops working at once."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record_event(by, "user.password_link_issued", user)
    return password_link(user)


@transaction.atomic
def deactivate_user(user: User, *, by: User, reason: str) -> User:
    """Stop an account from signing in (its records and history stay). Not one's own."""
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why the account is deactivated.")})
    if user.pk == by.pk:
        raise InvalidInput({"reason": _("You cannot deactivate your own account.")})
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    # Its partner system's tokens stop with it.
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(by, "user.deactivated", user, reason=reason.strip(), changes={"is_active": [True, False]})
    return user


@transaction.atomic
def reactivate_user(user: User, *, by: User, reason: str) -> User:
    if not reason.strip():
        raise InvalidInput({"reason": _("Say why the account is active again.")})
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_event(by, "user.reactivated", user, reason=reason.strip(), changes={"is_active": [False, True]})
    return user


@transaction.atomic
def create_organisation(*, name: str, kind: str, region_code: str, by: User) -> Organisation:
    """A labour office, training centre, bank, buyer or other partner; names are unique."""
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("Enter the organisation's name.")
    if kind not in Organisation.Kind.values:
        errors["kind"] = _("Choose the type of organisation.")
    region = None
    if region_code.strip():
        region = Region.objects.filter(pk=region_code.strip()).first()
        if region is None:
            code = region_code.strip()[:20]
            errors["region"] = _("“%(code)s” is not a Kemendagri region code.") % {"code": code}
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name, kind=kind, region=region)
    except IntegrityError as error:
        raise InvalidInput({"name": _("An organisation with this name already exists.")}) from error
    record_event(by, "organisation.created", organisation, changes={"kind": [None, kind]})
    return organisation
