from django.urls import path

from . import views

app_name = "allocation"
urlpatterns = [
    path("", views.index, name="index"),
    path("gelombang/<str:code>/", views.wave_runs, name="wave_runs"),
    path("hasil/<int:pk>/", views.run_detail, name="run_detail"),
    path("hasil/<int:pk>/konfirmasi/", views.run_confirm, name="run_confirm"),
    path("hasil/<int:pk>/batalkan/", views.run_discard, name="run_discard"),
    path("hasil/<int:pk>/kelas-baru/", views.run_openings, name="run_openings"),
    path("pindah/<int:pk>/", views.placement_move, name="placement_move"),
]
