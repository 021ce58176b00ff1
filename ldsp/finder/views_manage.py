"""Placeholder: replaced by the real views."""

from django.http import Http404, HttpRequest, HttpResponse


def manage(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def centre_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def centre_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def centre_checked(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def offer_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def offer_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def offer_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def session_create(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def report_resolve(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
