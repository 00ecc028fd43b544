"""Self-registration (public), under /peserta/ in the registry's namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("daftar/<int:step>/", views.register, name="register_step"),
    path("daftar/kode/", views.register_code, name="register_code"),
    path("daftar/sandi-baru/", views.register_password, name="register_password"),
    path("daftar/wilayah/", views.region_lists, name="register_regions"),
    path("daftar/kbli/", views.kbli_search, name="register_kbli"),
]
