from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_GET

from wirausaha.accounts.models import Role

from .queries import buyer_of, oversees_market
from .views import buyers, deals, events, mine, reports


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
    path("permintaan/<int:pk>/tutup/", buyers.listing_close, name="listing_close"),
    path("saya/", mine.mine, name="mine"),
    path("kesepakatan/", deals.deal_list, name="deal_list"),
    path("kesepakatan/<int:pk>/", deals.deal_detail, name="deal_detail"),
    path("kesepakatan/<int:pk>/langkah/", deals.deal_step, name="deal_step"),
    path("laporan/", reports.report, name="report"),
    path("acara/", events.event_list, name="event_list"),
    path("acara/baru/", events.event_create, name="event_create"),
    path("acara/<int:pk>/", events.event_detail, name="event_detail"),
    path("acara/<int:pk>/daftar/", events.event_register, name="event_register"),
    path("acara/<int:pk>/minta-bertemu/", events.event_request, name="event_request"),
    path("acara/<int:pk>/jadwalkan/", events.event_schedule, name="event_schedule"),
    path("acara/<int:pk>/kirim-agenda/", events.event_send_agendas, name="event_send_agendas"),
    path("acara/<int:pk>/agenda-saya/", events.my_agenda, name="my_agenda"),
    path("acara/<int:pk>/agenda/<int:registration>/", events.registrant_agenda_pdf, name="registrant_agenda"),
    path("acara/<int:pk>/meja/<int:table>/", events.table_agenda_pdf, name="table_agenda"),
    path("acara/<int:pk>/hasil/", events.event_outcomes, name="event_outcomes"),
]
