from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role

from .queries import is_counselor, oversees_coaching, reads_counselors
from .views import admin, cases, documents, mine, plans


@require_GET
def index(request):
    user = request.user
    if user.role == Role.PARTICIPANT:
        return redirect("coaching:mine")
    if is_counselor(user) or oversees_coaching(user):
        return redirect("coaching:caseload")
    if reads_counselors(user):
        return redirect("coaching:counselor_list")
    raise Http404


app_name = "coaching"
urlpatterns = [
    path("", index, name="index"),
    # Admins.
    path("konselor/", admin.counselor_list, name="counselor_list"),
    path("konselor/baru/", admin.counselor_form, name="counselor_create"),
    path("konselor/<int:pk>/", admin.counselor_form, name="counselor_edit"),
    path("penugasan/", admin.run_list, name="run_list"),
    path("penugasan/<int:pk>/", admin.run_detail, name="run_detail"),
    path("penugasan/<int:pk>/konfirmasi/", admin.run_confirm, name="run_confirm"),
    path("penugasan/<int:pk>/batalkan/", admin.run_discard, name="run_discard"),
    path("permintaan/", admin.change_requests, name="change_requests"),
    path("permintaan/<int:pk>/", admin.change_request_decide, name="change_request"),
    # Counselors.
    path("kasus/", cases.caseload_page, name="caseload"),
    path("kasus/<int:pk>/", cases.case, name="case"),
    path("kasus/<int:pk>/sesi/", cases.session_add, name="session_add"),
    path("kasus/<int:pk>/tugas/", cases.item_add, name="item_add"),
    path("kasus/<int:pk>/tonggak/", cases.milestone_add, name="milestone_add"),
    path("kasus/<int:pk>/surat/", cases.letter_issue, name="letter_issue"),
    path("kasus/<int:pk>/ganti/", admin.reassign, name="reassign"),
    path("kasus/<int:pk>/rencana/", plans.plan_review, name="plan_review"),
    path("kasus/<int:pk>/rencana.pdf", plans.plan_pdf, name="plan_pdf"),
    path("kasus/<int:pk>/dokumen/", documents.case_documents, name="case_documents"),
    path("surat/<int:pk>/unduh/", documents.letter_download, name="letter_download"),
    path("sesi/<int:pk>/", cases.session_record, name="session_record"),
    path("tugas/<int:pk>/", cases.item_status, name="item_status"),
    # Participants.
    path("saya/", mine.mine, name="mine"),
    path("saya/ganti/", mine.ask_change, name="ask_change"),
    path("saya/rencana/", plans.my_plan, name="my_plan"),
    path("saya/rencana/kirim/", plans.my_plan_submit, name="my_plan_submit"),
    path("saya/rencana.pdf", plans.my_plan_pdf, name="my_plan_pdf"),
    path("saya/dokumen/", documents.my_documents, name="my_documents"),
    path("saya/rencana/<slug:key>/", plans.my_plan_section, name="my_plan_section"),
]
