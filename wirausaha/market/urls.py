from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role

from .queries import buyer_of, oversees_market
from .views import buyers, deals, mine, reports


@require_GET
def index(request):
    user = request.user
    if buyer_of(user) is not None:
        return redirect("market:listing_list")
    if user.is_authenticated and user.role == Role.PARTICIPANT:
        return redirect("market:mine")
    if oversees_market(user):
        return redirect("market:report")
    raise Http404


app_name = "market"

urlpatterns = [
    path("", index, name="index"),
    path("permintaan/", buyers.listing_list, name="listing_list"),
    path("permintaan/baru/", buyers.listing_create, name="listing_create"),
    path("permintaan/<int:pk>/", buyers.listing_detail, name="listing_detail"),
    path("permintaan/<int:pk>/kesepakatan/", buyers.deal_start, name="deal_start"),
    path("saya/", mine.mine, name="mine"),
    path("kesepakatan/", deals.deal_list, name="deal_list"),
    path("kesepakatan/<int:pk>/", deals.deal_detail, name="deal_detail"),
    path("kesepakatan/<int:pk>/langkah/", deals.deal_step, name="deal_step"),
    path("laporan/", reports.report, name="report"),
]
