"""Rendering a form keeps nothing of what was sent: a worker's memory cannot be filled by
posting large values, while the page chrome is still drawn once per process."""

from __future__ import annotations

import gc
import tracemalloc

from django import forms
from django.template import Context, Template

from ldsp.core.templatetags import govuk

MEGABYTE = 1024 * 1024


class _LongTextForm(forms.Form):
    """Like the suggestion form: a long text box whose value comes back when refused."""

    body = forms.CharField(max_length=100_000, widget=forms.Textarea(attrs={"rows": 20}))
    message = forms.CharField(max_length=500, required=False, widget=forms.Textarea)


def _render_refused(number: int) -> str:
    """The form re-shown with a 2 MB value it refused (too long), as a page would."""
    value = f"{number} " + "x" * (2 * MEGABYTE)
    form = _LongTextForm(data={"body": value, "message": f"attempt {number}"})
    assert not form.is_valid()
    return str(form)


def _retained_after(render: int) -> int:
    """Bytes still allocated after rendering ``render`` refused forms and letting them go."""
    _render_refused(0)  # templates and macros load once per process: not what is measured
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(1, render + 1):
            page = _render_refused(number)
            assert f"{number} xxx" in page and "govuk-error-message" in page
            del page
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_five_refused_two_megabyte_values_leave_nothing_behind() -> None:
    assert _retained_after(5) < MEGABYTE


def test_the_page_chrome_is_drawn_once_and_reused() -> None:
    template = Template(
        '{% load govuk %}{% govuk "skip-link" text="Skip to main content" href="#main" %}'
    )
    first = template.render(Context())
    hits = govuk._render_remembered.cache_info().hits
    assert template.render(Context()) == first
    assert govuk._render_remembered.cache_info().hits == hits + 1


def test_chrome_with_long_parameters_is_drawn_but_not_kept() -> None:
    remembered = govuk._render_remembered.cache_info().currsize
    for number in range(5):
        html = govuk.render_chrome("skip-link", {"text": f"{number}" * 3000, "href": "#main"})
        assert f"{number}" * 3000 in html
    assert govuk._render_remembered.cache_info().currsize == remembered
