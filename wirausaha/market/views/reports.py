"""The market report for national admins and auditors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..queries import contract_report, outcome_counts
from ..rules import market_rules


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "market/report.html",
        {
            "report": contract_report(request.user),
            "outcomes": outcome_counts(request.user),
            "rules": market_rules(),
        },
    )
