""" "Lupa kata sandi" by phone, which is also the first sign-in of a person an officer registered:
the mobile number, a one-time code by SMS, then a new password. The answer is the same whether
the number has an account or not; codes are limited per number and per client."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wirausaha.accounts.actions import set_own_password
from wirausaha.accounts.backends import canonical_username
from wirausaha.accounts.codes import CODE_MINUTES, may_send_code, use_code
from wirausaha.accounts.models import User
from wirausaha.common.client import client_ip
from wirausaha.common.responses import error_response

from ..actions import send_one_time_code
from ..forms import CodePasswordForm, ForgotPasswordForm

SESSION_KEY = "password_reset_account"
BACKEND = "wirausaha.accounts.backends.UsernameOrPhoneBackend"


def account_with_phone(phone: str) -> User | None:
    """The active account whose mobile number (on the account, or on the participant's record) it is."""
    number = canonical_username(phone.strip())
    if not number or not number.startswith("+"):
        return None
    by_record = User.objects.filter(is_active=True, participant__phone=number).order_by("pk").first()
    return by_record or User.objects.filter(is_active=True, phone=number).order_by("pk").first()


@login_not_required
@require_http_methods(["GET", "POST"])
def forgot_password(request):
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = canonical_username(form.cleaned_data["phone"].strip()) or ""
        if not may_send_code(phone=phone, client=client_ip(request)):
            return error_response(
                request,
                status=429,
                code="too_many_attempts",
                title=_("Too many codes asked for"),
                detail=_(
                    "Too many codes were asked for this number or from your network. Try again in 30 minutes."
                ),
            )
        account = account_with_phone(phone)
        if account is not None:
            send_one_time_code(account)
        request.session[SESSION_KEY] = account.pk if account is not None else None
        return redirect("notifications:reset_password")
    return render(request, "accounts/forgot_password.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def reset_password(request):
    if SESSION_KEY not in request.session:
        return redirect("notifications:forgot_password")
    pk = request.session[SESSION_KEY]
    account = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    form = CodePasswordForm(account or User(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        if account is not None and use_code(account, form.cleaned_data["code"]):
            set_own_password(account, password=form.cleaned_data["new_password1"])
            request.session.pop(SESSION_KEY, None)
            login(request, account, backend=BACKEND)
            messages.success(request, _("Your new password is saved."))
            return redirect("home")
        form.add_error("code", _("This code is not right, or it is no longer valid. Ask for a new code."))
    return render(request, "accounts/reset_password.html", {"form": form, "minutes": CODE_MINUTES})
