from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wirausaha.accounts.actions import set_account_language
from wirausaha.common.masking import mask_phone

from ..actions import choose_channels
from ..forms import ChannelsForm
from ..models import CHOOSABLE, ChannelConsent
from ..queries import failed_messages_for
from ..routing import choices_of


@require_http_methods(["GET", "POST"])
def my_channels(request):
    """ "Saluran pesan saya": the channels a person opts in to, and the language of their messages."""
    user = request.user
    choices = choices_of(user)
    if request.method == "POST":
        form = ChannelsForm(request.POST)
        if form.is_valid():
            choose_channels(
                user,
                chosen=set(form.cleaned_data["channels"]),
                source=ChannelConsent.Source.OWN_PAGE,
                by=user,
            )
            set_account_language(user, language=form.cleaned_data["language"], by=user)
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:my_channels")
    else:
        form = ChannelsForm(
            initial={"channels": [c for c in CHOOSABLE if choices.get(c)], "language": user.language}
        )
    latest = {}
    for consent in ChannelConsent.objects.filter(user=user).order_by("-recorded_at", "-pk"):
        latest.setdefault(consent.channel, consent)
    return render(
        request,
        "notifications/my_channels.html",
        {
            "form": form,
            "phone": mask_phone(user.phone),
            "email": user.email,
            "history": [latest[c] for c in CHOOSABLE if c in latest],
            "failed": failed_messages_for(user)[:10],
        },
    )
