from django.urls import path

from .views import officers, public

app_name = "grievances"

urlpatterns = [
    # Reporters: anyone, no account needed.
    path("", public.report, name="report"),
    path("terkirim/", public.reported, name="reported"),
    path("lacak/", public.follow, name="follow"),
    path("lacak/kasus/", public.followed, name="followed"),
    path("lacak/informasi/", public.add_information, name="add_information"),
    path("lacak/banding/", public.appeal, name="appeal"),
    path("lacak/selesai/", public.leave, name="leave"),
    # Grievance officers.
    path("antrean/", officers.queue, name="queue"),
    path("eskalasi/", officers.escalations, name="escalations"),
    path("kasus/<int:pk>/", officers.case, name="case"),
    path("kasus/<int:pk>/langkah/", officers.step, name="step"),
    path("kasus/<int:pk>/bukti/<int:evidence_id>/", officers.evidence, name="evidence"),
]
