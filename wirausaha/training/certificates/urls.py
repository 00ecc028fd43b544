"""Certificates for the centres that issue them (and their holders' downloads), under
/pelatihan/sertifikat/. The holder's own page is journey's (/pelatihan/sertifikat/saya/)."""

from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("<str:code>/unduh/", views.download, name="download"),
    path("<str:code>/cabut/", views.revoke, name="revoke"),
]
