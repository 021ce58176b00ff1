"""The one way a page with a form behaves: GET shows it; a valid POST calls the service and
goes on; a refusal is shown beside the field (or at the top) and the page answers 400 with
everything the person typed still in the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ldsp.core.errors import Refused


def form_page(
    request: HttpRequest,
    form_class: type[forms.Form],
    template_name: str,
    context: dict[str, Any],
    on_valid: Callable[[dict[str, Any]], HttpResponse],
    *,
    initial: dict[str, Any] | None = None,
    error_field: str | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run a form page. ``on_valid(cleaned_data)`` does the write and returns where to go;
    a ``Refused`` it raises is put on ``error_field`` (None: the whole form)."""
    extra = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                return on_valid(form.cleaned_data)
            except Refused as error:
                form.add_error(error_field, str(error))
        status = 400
    else:
        form = form_class(initial=initial, **extra)
        status = 200
    return render(request, template_name, {**context, "form": form}, status=status)
