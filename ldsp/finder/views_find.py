"""Placeholder: replaced by the real views."""

from django.http import Http404, HttpRequest, HttpResponse


def find(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def results_csv(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def centre_page(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_change(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_sent(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
