"""Bulk import of layoff lists, mounted inside the registry's URLs (`/peserta/impor/...`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("impor/", views.import_start, name="import_start"),
    path("impor/templat.xlsx", views.import_template, {"kind": "xlsx"}, name="import_template_xlsx"),
    path("impor/templat.csv", views.import_template, {"kind": "csv"}, name="import_template_csv"),
    path("impor/<int:job_id>/", views.import_job, name="import_job"),
    path("impor/<int:job_id>/progres/", views.import_progress, name="import_progress"),
    path("impor/<int:job_id>/terapkan/", views.import_apply, name="import_apply"),
    path("impor/<int:job_id>/kesalahan.csv", views.import_errors, name="import_errors"),
]
