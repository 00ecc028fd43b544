from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import views

# Included by accounts/urls.py, inside the "accounts" namespace.
urlpatterns = [
    path("kelola/", views.account_list, name="account_list"),
    path("kelola/baru/", views.account_create, name="account_create"),
    path("kelola/<int:account_id>/", views.account_detail, name="account_detail"),
    path("organisasi/", views.organisation_list, name="organisation_list"),
    # The one-time link an admin hands over: Django's own password-reset views and tokens.
    path(
        "atur-sandi/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/administration/set_password.html",
                success_url=reverse_lazy("accounts:set_password_done"),
            )
        ),
        name="set_password",
    ),
    path(
        "atur-sandi/selesai/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/administration/set_password_done.html"
            )
        ),
        name="set_password_done",
    ),
]
