from django.urls import include, path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("<int:participant_id>/bukti/", views.layoff_evidence, name="layoff_evidence"),
    path("<int:participant_id>/keputusan/", views.decide, name="decide"),
    path("verifikasi/", views.verification_list, name="verification"),
    path("nik/<int:change_id>/keputusan/", views.decide_nik, name="decide_nik"),
    path("saya/", views.my_record, name="my_record"),
    path("", include("wirausaha.registry.registration.urls")),
    path("", include("wirausaha.registry.own_record.urls")),
    path("", include("wirausaha.registry.imports.urls")),
    path("duplikat/", include("wirausaha.registry.duplicates.urls")),
]
