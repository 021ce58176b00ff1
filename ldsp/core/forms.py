"""The one form renderer: every Django form on the site is drawn as GOV.UK."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class GovUKFormRenderer(TemplatesSetting):
    """Render ``{{ form }}`` and ``{{ field.as_field_group }}`` with GOV.UK components.

    The error summary is drawn once per page by the base template (from the
    ``form`` or ``forms_with_errors`` in the context), so the form template
    draws only the fields and their inline errors.
    """

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
