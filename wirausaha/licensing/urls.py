from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET

from .queries import is_participant, reads_rules, verifies_nib, works_with_businesses
from .views import businesses, mine, nib, rules


@require_GET
def index(request):
    user = request.user
    if is_participant(user):
        return redirect("licensing:my_business")
    if verifies_nib(user):
        return redirect("licensing:nib_queue")
    if works_with_businesses(user):
        return redirect("licensing:business_list")
    if reads_rules(user):
        return redirect("licensing:rule_list")
    raise Http404


app_name = "licensing"
urlpatterns = [
    path("", index, name="index"),
    # Participants.
    path("saya/", mine.mine, name="my_business"),
    path("saya/ubah/", mine.business_edit, name="my_business_edit"),
    path("saya/nib/", mine.nib_edit, name="my_nib"),
    path("saya/nib/dokumen/", mine.my_nib_document, name="my_nib_document"),
    path("saya/izin/<int:pk>/", mine.item_edit, name="my_item"),
    path("saya/izin/<int:pk>/dokumen/", mine.my_item_document, name="my_item_document"),
    # Counselors, labour offices, national admins and auditors.
    path("daftar/", businesses.business_list, name="business_list"),
    path("daftar/<int:pk>/", businesses.business_detail, name="business_detail"),
    path("daftar/<int:pk>/nib/", businesses.nib_document, name="nib_document"),
    path("izin/<int:pk>/tenggat/", businesses.item_due, name="item_due"),
    path("izin/<int:pk>/dokumen/", businesses.item_document, name="item_document"),
    # Labour offices and national admins.
    path("nib/", nib.queue, name="nib_queue"),
    path("nib/<int:pk>/", nib.review, name="nib_review"),
    # National admins (auditors read).
    path("aturan/", rules.rule_list, name="rule_list"),
    path("aturan/baru/", rules.rule_form, name="rule_create"),
    path("aturan/<int:pk>/", rules.rule_form, name="rule_edit"),
]
