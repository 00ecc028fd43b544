from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.wave_list, name="wave_list"),
    path("<str:code>/", views.wave_detail, name="wave_detail"),
    path("<str:code>/daftar/", views.apply, name="apply"),
    path("<str:code>/mundur/", views.withdraw, name="withdraw"),
    path("<str:code>/langkah/<str:step>/", views.wave_step, name="wave_step"),
    path("<str:code>/hasil/", views.wave_results, name="wave_results"),
    path("<str:code>/peserta/", views.wave_enrolments, name="wave_enrolments"),
]
