"""The participant's own pages. They keep the addresses people know, under the stage they
belong to (/peserta/saya/..., /pelatihan/...), so this list is mounted at the site's root."""

from django.urls import path

from . import views

app_name = "journey"
urlpatterns = [
    path("peserta/saya/status/", views.status, name="status"),
    # Training
    path("pelatihan/jadwal/", views.my_schedule, name="my_schedule"),
    path("pelatihan/sertifikat/saya/", views.my_certificates, name="my_certificates"),
]
