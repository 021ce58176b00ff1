"""Placeholder: replaced by the real views."""

from django.http import Http404, HttpRequest, HttpResponse


def gaps(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def gaps_csv(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def partnership_gaps(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def partnership_gaps_csv(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
