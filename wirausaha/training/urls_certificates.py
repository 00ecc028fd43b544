"""Certificates for their holders and the centres that issue them, under /pelatihan/sertifikat/."""

from django.urls import path

from . import views_certificates as views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("saya/", views.mine, name="mine"),
    path("<str:code>/unduh/", views.download, name="download"),
    path("<str:code>/cabut/", views.revoke, name="revoke"),
]
