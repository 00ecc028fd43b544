from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.errors import InvalidInput
from wirausaha.common.forms import add_domain_error

from .actions import define_wave
from .forms import WaveForm


@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.NATIONAL_ADMIN:
        raise Http404
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = define_wave(form.plan(), by=request.user)
        except InvalidInput as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Wave %(code)s saved as a draft: check it, then open it for applications.")
                % {"code": wave.code},
            )
            return redirect("programs:wave_detail", wave.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "programs/wave_form.html", {"form": form}, status=status)
