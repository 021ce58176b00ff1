"""How text that coordinators type is shown: addresses and web links become links."""

from __future__ import annotations

from django import template
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(is_safe=True)
def contact_links(text: str) -> SafeString:
    """Escape ``text`` and make its email addresses ``mailto:`` links and its web
    addresses links, keeping its line breaks.

    Django's ``urlize`` escapes everything else and only ever links ``http``, ``https``
    and ``mailto`` addresses (a bare domain gets ``http://``), so no ``javascript:`` URL
    can come out. Its own links are the only ``<a`` in its output, which gives them the
    GOV.UK link style.
    """
    linked = urlize(str(text or ""), nofollow=True, autoescape=True)
    linked = linked.replace("<a href=", '<a class="govuk-link" href=')
    return mark_safe(linked.replace("\r\n", "\n").replace("\n", "<br>"))  # noqa: S308 - escaped by urlize
