"""Probable duplicates, mounted under /peserta/duplikat/ (names in the `registry` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.duplicate_list, name="duplicate_list"),
    path("<int:candidate_id>/", views.duplicate_detail, name="duplicate_detail"),
    path("<int:candidate_id>/gabung/", views.merge_confirm, name="duplicate_merge_confirm"),
    path("<int:candidate_id>/gabungkan/", views.merge, name="duplicate_merge"),
    path("<int:candidate_id>/berbeda/", views.distinct, name="duplicate_distinct"),
]
