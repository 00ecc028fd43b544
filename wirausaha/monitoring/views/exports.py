"""Exports of the dashboard's table: CSV and Excel for the user's scope, and the open-data CSV of
aggregates with small cells suppressed. Each export is recorded in the audit trail."""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from wirausaha.common.audit import record_event
from wirausaha.common.spreadsheets import safe_row

from ..forms import FilterForm
from ..indicators import DIMENSIONS, INDICATORS, sees_dashboard
from ..summary import read_breakdown as breakdown
from ..summary import read_totals as totals
from ..tables import suppress

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(request: HttpRequest):
    if not sees_dashboard(request.user):
        raise Http404
    form = FilterForm(request.GET or None)
    f = form.filters()
    dimension = form.dimension() if form.is_bound else "province"
    rows = breakdown(request.user, f, dimension)
    whole = totals(request.user, f)
    header = [str(DIMENSIONS[dimension]), *[str(i.label) for i in INDICATORS]]
    return dimension, header, rows, whole, f


def _record(request, kind: str, dimension: str, n: int) -> None:
    record_event(
        request.user,
        "monitoring.exported",
        None,
        reason=kind,
        changes={"dimension": dimension, "rows": n, "query": request.GET.urlencode()[:300]},
    )


def _name(dimension: str, ext: str) -> str:
    return f"indikator-{dimension}-{timezone.localdate():%Y%m%d}.{ext}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    dimension, header, rows, whole, _f = _table(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row([row["group"], *[row[i.key] for i in INDICATORS]]))
    writer.writerow(safe_row([_("Total (people, counted once)"), *[whole[i.key] for i in INDICATORS]]))
    _record(request, "csv", dimension, len(rows))
    return _attachment(HttpResponse(out.getvalue(), content_type=CSV), _name(dimension, "csv"))


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    dimension, header, rows, whole, _f = _table(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Indicators"))
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row([row["group"], *[row[i.key] for i in INDICATORS]]))
    sheet.append(safe_row([_("Total (people, counted once)"), *[whole[i.key] for i in INDICATORS]]))
    stream = io.BytesIO()
    book.save(stream)
    _record(request, "xlsx", dimension, len(rows))
    return _attachment(HttpResponse(stream.getvalue(), content_type=XLSX), _name(dimension, "xlsx"))


@require_GET
def export_open_data(request: HttpRequest) -> HttpResponse:
    """Aggregates fit to publish: counts under 5 shown as "<5", and each column's total withheld
    ("*") when it would give a hidden cell away. The total is the sum of the rows (a person in two
    rows of a dimension counts in both), so that it matches the table it closes."""
    dimension, header, rows, _whole, _f = _table(request)
    keys = [i.key for i in INDICATORS]
    shown, column_totals = suppress(rows, keys)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(header))
    for row in shown:
        writer.writerow(safe_row([row["group"], *[row[k] for k in keys]]))
    writer.writerow(safe_row([_("Total"), *[column_totals[k] for k in keys]]))
    writer.writerow(
        [_('Counts under 5 are shown as "<5"; a total marked "*" is withheld because it would reveal one.')]
    )
    _record(request, "open_data", dimension, len(rows))
    return _attachment(HttpResponse(out.getvalue(), content_type=CSV), _name(dimension, "data-terbuka.csv"))
