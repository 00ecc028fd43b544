"""The public certificate check: /verify/<code>, no login."""

from django.urls import path

from . import views_certificates as views

app_name = "verify"
urlpatterns = [
    path("", views.verify_index, name="index"),
    path("<str:code>", views.verify, name="certificate"),
    path("<str:code>/", views.verify),
]
