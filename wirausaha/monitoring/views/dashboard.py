"""The dashboard (pemantauan/): funnel, province map, weekly trends and the table behind each,
for the user's scope and filters."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wirausaha.grievances.queries import grievance_statistics

from ..charts import funnel_chart
from ..forms import FilterForm
from ..indicators import DIMENSIONS, INDICATORS, conversions, sees_dashboard
from ..maps import choropleth, names
from ..summary import data_as_of
from ..summary import read_breakdown as breakdown
from ..summary import read_totals as totals
from ..trends import line_chart, weekly

MAP_INDICATOR = "registered"


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not sees_dashboard(user):
        raise Http404
    form = FilterForm(request.GET or None)
    f = form.filters()
    dimension = form.dimension() if form.is_bound else "province"
    counts = totals(user, f)
    funnel = conversions(counts)
    provinces = breakdown(user, f, "province")
    province_names = names()
    by_province = {row["group"]: row[MAP_INDICATOR] for row in provinces}
    table = [
        {
            "label": province_names.get(row["group"], row["group"])
            if dimension == "province"
            else row["group"],
            "cells": [row[i.key] for i in INDICATORS],
        }
        for row in (breakdown(user, f, dimension) if dimension != "province" else provinces)
    ]
    trend_rows = weekly(user, f)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "form": form,
            "query": request.GET.urlencode(),
            "funnel": funnel,
            # Steps are not nested (an unverified person may apply): say so where one exceeds 100 %.
            "funnel_not_nested": any((step["conversion"] or 0) > 100 for step in funnel),
            "funnel_chart": funnel_chart(funnel),
            "indicators": INDICATORS,
            "counts": [{"key": i.key, "label": i.label, "count": counts[i.key]} for i in INDICATORS],
            "map": choropleth(by_province),
            "province_rows": [
                {"code": row["group"], "name": province_names.get(row["group"], row["group"]), **row}
                for row in provinces
            ],
            "dimension": dimension,
            "dimension_label": DIMENSIONS[dimension],
            "table": table,
            "trend_rows": trend_rows,
            "trend": line_chart(trend_rows, width=360, height=180),
            "data_as_of": data_as_of(user, f),
            "grievances": grievance_statistics(user, region=f.province or None),
        },
    )
