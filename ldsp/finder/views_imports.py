"""Placeholder: replaced by the real views."""

from django.http import Http404, HttpRequest, HttpResponse


def upload(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def template_csv(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def preview(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
