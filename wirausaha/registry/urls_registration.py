"""Self-registration (public) and a participant's own pages, under /peserta/ in the registry's
namespace."""

from django.urls import path

from . import views_registration as views

urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/<int:step>/", views.register, name="register_step"),
    path("daftar/wilayah/", views.region_lists, name="register_regions"),
    path("daftar/kbli/", views.kbli_search, name="register_kbli"),
    path("saya/status/", views.my_status, name="my_status"),
    path("saya/ubah/", views.my_edit, name="my_edit"),
    path("saya/nik/", views.my_nik, name="my_nik"),
    path("saya/unduh.json", views.my_export, name="my_export"),
    path("saya/tarik-persetujuan/", views.my_withdraw, name="my_withdraw"),
]
