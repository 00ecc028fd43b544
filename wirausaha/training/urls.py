from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("kelas/", views.cohort_list, name="cohort_list"),
    path("kelas/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("kelas/<int:pk>/jadwal/", views.generate_schedule, name="generate_schedule"),
    path("kelas/<int:pk>/sesi/tambah/", views.session_add, name="session_add"),
    path("kelas/<int:pk>/mulai/", views.cohort_start, name="cohort_start"),
    path("kelas/<int:pk>/selesai/", views.cohort_complete, name="cohort_complete"),
    path("kelas/<int:pk>/penilaian/", views.assessment, name="assessment"),
    path("kelas/<int:pk>/keluar/<int:enrolment_id>/", views.drop_out, name="drop_out"),
    path("hari-ini/", views.today, name="today"),
    path("sesi/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("sesi/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("sesi/<int:pk>/hapus/", views.session_delete, name="session_delete"),
    path("sesi/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("hadir/<str:code>/", views.check_in, name="check_in"),
]
