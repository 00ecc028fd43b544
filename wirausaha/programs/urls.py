from django.urls import path

from . import views
from .published import views as published
from .setup import views as setup

app_name = "programs"
urlpatterns = [
    path("", views.wave_list, name="wave_list"),
    path("baru/", setup.wave_create, name="wave_create"),  # before "<code>/", which would take it
    path("<str:code>/", views.wave_detail, name="wave_detail"),
    path("<str:code>/daftar/", views.apply, name="apply"),
    path("<str:code>/mundur/", views.withdraw, name="withdraw"),
    path("<str:code>/langkah/<str:step>/", views.wave_step, name="wave_step"),
    path("<str:code>/hasil/", views.wave_results, name="wave_results"),
    path("<str:code>/undian/", published.lottery_page, name="wave_lottery"),
    path("<str:code>/undian/peserta.csv", published.entrants_csv, name="lottery_entrants_csv"),
    path("<str:code>/undian/hasil.csv", published.results_csv, name="lottery_results_csv"),
    path("<str:code>/undian/perubahan.csv", published.changes_csv, name="lottery_changes_csv"),
    path("<str:code>/undian/berita-acara.pdf", published.record_pdf, name="lottery_record_pdf"),
    path("<str:code>/peserta/", views.wave_enrolments, name="wave_enrolments"),
]
