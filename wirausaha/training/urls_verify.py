"""The public certificate check: /verify/<code>, no login."""

from django.urls import path  # noqa: F401

app_name = "verify"
urlpatterns = []
