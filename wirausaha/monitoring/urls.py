from django.urls import path

from .views import dashboard, exports, followups, timelines

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("ekspor.csv", exports.export_csv, name="export_csv"),
    path("ekspor.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("data-terbuka.csv", exports.export_open_data, name="export_open_data"),
    path("linimasa/", timelines.my_timeline, name="my_timeline"),
    path("peserta/<int:pk>/linimasa/", timelines.participant_timeline, name="timeline"),
    path("tindak-lanjut/", followups.round_list, name="round_list"),
    path("tindak-lanjut/<int:pk>/", followups.round_detail, name="round_detail"),
    path("tindak-lanjut/<int:pk>/peserta/<int:participant_id>/", followups.answer_entry, name="answer_entry"),
    path("tindak-lanjut/<int:pk>/dampak/", followups.impact_page, name="impact"),
    path("jawab/<int:participant_id>/<str:token>/", followups.follow_up_link, name="follow_up_link"),
]
