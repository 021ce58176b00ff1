"""Round pages and the "You said, we did" report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ldsp.consultations import selectors, services
from ldsp.consultations.charts import report_charts
from ldsp.consultations.forms import CorrectionForm, PublishReportForm
from ldsp.consultations.models import Round
from ldsp.core.permissions import EDIT_CONTENT, has, require
from ldsp.lib.csvsafe import SafeDictWriter

CSV_COLUMNS = [
    "kind",
    "reference",
    "created_at",
    "week",
    "author",
    "sector",
    "area",
    "section",
    "summary",
    "outcome",
    "response",
]


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("playbook")
    return render(request, "consultations/list.html", {"rounds": rounds})


@require_GET
def round_page(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("playbook"), slug=slug)
    return render(
        request,
        "consultations/round.html",
        {
            "round": round_,
            "can_edit": has(request.user, EDIT_CONTENT),
            "headline": selectors.report_headline(
                selectors.report_data(round_)["figures"], so_far=round_.state == Round.State.OPEN
            ),
        },
    )


@require_POST
def round_close(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_object_or_404(Round, slug=slug)
    require(request.user, EDIT_CONTENT)
    try:
        services.round_close(actor=request.user, round_=round_)  # type: ignore[arg-type]
    except services.RoundError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The round is closed. You can now write its report.")
    return redirect("consultations:report", round_.slug)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report: live (for editors) until published, then frozen with corrections."""
    round_ = get_object_or_404(Round.objects.select_related("playbook"), slug=slug)
    can_edit = has(request.user, EDIT_CONTENT)
    if round_.report_published_at is None and not can_edit:
        return render(request, "consultations/report_pending.html", {"round": round_})
    publish_form: PublishReportForm | None = None
    correction_form: CorrectionForm | None = None
    status = 200
    if can_edit:
        publish_form = PublishReportForm(initial={"outcome_summary": round_.outcome_summary})
        correction_form = CorrectionForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            if "outcome_summary" in request.POST:
                publish_form = PublishReportForm(request.POST)
                if publish_form.is_valid():
                    services.report_publish(
                        actor=request.user,  # type: ignore[arg-type]
                        round_=round_,
                        outcome_summary=publish_form.cleaned_data["outcome_summary"],
                    )
                    messages.success(request, "The report has been published.")
                    return redirect("consultations:report", round_.slug)
            else:
                correction_form = CorrectionForm(request.POST)
                if correction_form.is_valid():
                    services.report_correct(
                        actor=request.user,  # type: ignore[arg-type]
                        round_=round_,
                        text=correction_form.cleaned_data["text"],
                    )
                    messages.success(request, "The correction has been added to the report.")
                    return redirect("consultations:report", round_.slug)
        except services.RoundError as error:
            (publish_form if "outcome_summary" in request.POST else correction_form).add_error(  # type: ignore[union-attr]
                None, str(error)
            )
        status = 400
    data = selectors.report_data(round_)
    return render(
        request,
        "consultations/report.html",
        {
            "round": round_,
            "rows": selectors.rows_to_show(data["rows"]),
            "headline": selectors.report_headline(
                data["figures"], so_far=round_.state == Round.State.OPEN
            ),
            "charts": report_charts(data["figures"]),
            "can_edit": can_edit,
            "publish_form": publish_form if round_.report_published_at is None else None,
            "correction_form": correction_form if round_.report_published_at else None,
            "forms_with_errors": [
                f for f in (publish_form, correction_form) if f is not None and f.errors
            ],
        },
        status=status,
    )


@require_GET
def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Every contribution of the round, one row each."""
    round_ = get_object_or_404(Round, slug=slug)
    if round_.report_published_at is None and not has(request.user, EDIT_CONTENT):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}-contributions.csv"'
    writer = SafeDictWriter(response, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in selectors.report_data(round_)["rows"]:
        writer.writerow({column: row[column] for column in CSV_COLUMNS})
    return response
