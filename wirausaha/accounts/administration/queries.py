"""What the account pages may show: only a national admin manages accounts and organisations;
anyone else gets the same 404 as for a missing account."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..models import Organisation, Role, User


def manages_accounts(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.NATIONAL_ADMIN


def staff_accounts_visible_to(user, *, role: str = "", q: str = "") -> QuerySet[User]:
    """Every account but participants' (theirs come from registration), newest first."""
    if not manages_accounts(user):
        return User.objects.none()
    accounts = User.objects.exclude(role=Role.PARTICIPANT).select_related("organisation", "scope_region")
    if role:
        accounts = accounts.filter(role=role)
    if q:
        accounts = accounts.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    return accounts.order_by("-date_joined", "-id")


def get_account_for(user, account_id: int) -> User:
    account = staff_accounts_visible_to(user).filter(pk=account_id).first()
    if account is None:
        raise Http404
    return account


def organisations_visible_to(user, *, kind: str = "") -> QuerySet[Organisation]:
    if not manages_accounts(user):
        return Organisation.objects.none()
    organisations = Organisation.objects.select_related("region").annotate(member_count=Count("members"))
    return organisations.filter(kind=kind) if kind else organisations
