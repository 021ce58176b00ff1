"""Coordinators and staff importing centres: upload, preview row by row, confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core.errors import Refused
from ldsp.core.templatetags.govuk import render_component
from ldsp.finder.forms_imports import CentreFileForm
from ldsp.finder.imports import (
    ImportFileRefused,
    import_confirm,
    import_preview,
    may_import,
    may_see_import,
)
from ldsp.finder.models import CentreImport

TEMPLATE_PATH = Path(__file__).resolve().parent / "import_template.csv"
RECENT_IMPORTS = 10
PREVIEW_ROWS_PAGE = 200
# The error summary lists this many problems; the table shows them all.
ERRORS_SHOWN = 50


def _require_importer(request: HttpRequest) -> None:
    if not may_import(request.user):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or Open Referral UK file; row problems are shown on its preview."""
    _require_importer(request)
    if request.method == "POST":
        form = CentreFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                centre_import = import_preview(
                    actor=request.user,  # type: ignore[arg-type]
                    file_name=upload.name or "upload",
                    content=upload.read(),
                    format=form.cleaned_data["format"],
                )
            except ImportFileRefused as error:
                form.add_error(error.field if error.field in form.fields else "file", str(error))
            else:
                return redirect(centre_import)
        status = 400
    else:
        form = CentreFileForm()
        status = 200
    recent = CentreImport.objects.filter(
        actor=request.user
    ).only(  # type: ignore[misc]
        "pk", "file_name", "format", "status", "created_at", "report"
    )[:RECENT_IMPORTS]
    return render(
        request, "finder/imports/upload.html", {"form": form, "recent": recent}, status=status
    )


@login_required
@require_GET
def template_csv(request: HttpRequest) -> FileResponse:
    """The CSV template, with its example row."""
    _require_importer(request)
    return FileResponse(
        TEMPLATE_PATH.open("rb"),
        as_attachment=True,
        filename="ldsp-centres-template.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """What the import will do, row by row; confirming (POST) writes it all at once."""
    centre_import = get_object_or_404(CentreImport, pk=import_id)
    if not may_see_import(request.user, centre_import):  # type: ignore[arg-type]
        raise Http404
    _require_importer(request)
    if request.method == "POST":
        try:
            written = import_confirm(actor=request.user, centre_import=centre_import)  # type: ignore[arg-type]
        except Refused as error:
            messages.error(request, str(error))
            return redirect(centre_import)
        request.session[f"centre_import_{centre_import.pk}"] = written
        return redirect(centre_import)
    report = centre_import.report
    rows = report.get("rows", [])
    for number, row in enumerate(rows):
        row["anchor"] = f"row-{number + 1}"
        row["page"] = number // PREVIEW_ROWS_PAGE + 1
    page = Paginator(rows, PREVIEW_ROWS_PAGE).get_page(request.GET.get("page"))
    counts = report.get("counts", {})
    to_write = sum(
        counts.get(key, 0)
        for key in ("centres_create", "centres_change", "offers_create", "offers_change")
    )
    return render(
        request,
        "finder/imports/preview.html",
        {
            "centre_import": centre_import,
            "report": report,
            "counts": counts,
            "page": page,
            "error_summary": _error_summary(rows, page.number),
            "to_write": to_write,
            "written": request.session.get(f"centre_import_{centre_import.pk}"),
        },
    )


def _error_summary(rows: list[dict[str, Any]], current_page: int) -> SafeString:
    """Every refused row in the GOV.UK error summary, each linking to its row."""
    items: list[dict[str, str]] = []
    for row in rows:
        if row["status"] != "refused":
            continue
        href = ("" if row["page"] == current_page else f"?page={row['page']}") + f"#{row['anchor']}"
        for problem in row["problems"]:
            field = f", {problem['field']}" if problem["field"] else ""
            items.append({"text": f"{row['row']}{field}: {problem['message']}", "href": href})
    if not items:
        return mark_safe("")
    shown = items[:ERRORS_SHOWN]
    if len(items) > ERRORS_SHOWN:
        shown.append(
            {
                "text": f"And {len(items) - ERRORS_SHOWN:,} more problems in the table below",
                "href": "#rows",
            }
        )
    return render_component(
        "error-summary",
        {
            "titleText": "There is a problem",
            "descriptionText": (
                "Fix these rows in your file and upload it again. Nothing has been imported."
            ),
            "errorList": shown,
        },
    )
