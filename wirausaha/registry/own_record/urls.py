"""A participant's own pages about their record, under /peserta/saya/ in the registry's namespace.
Their status page (/peserta/saya/status/) is the journey's."""

from django.urls import path

from . import views

urlpatterns = [
    path("saya/ubah/", views.my_edit, name="my_edit"),
    path("saya/nik/", views.my_nik, name="my_nik"),
    path("saya/data/", views.my_data, name="my_data"),
    path("saya/unduh.json", views.my_export, name="my_export"),
    path("saya/data.pdf", views.my_data_pdf, name="my_data_pdf"),
    path("saya/tarik-persetujuan/", views.my_withdraw, name="my_withdraw"),
]
