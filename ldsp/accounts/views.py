"""Your account: profile and personal API tokens; the admin's way in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from ldsp.accounts import selectors, services
from ldsp.accounts.forms import ApiTokenForm, ProfileForm
from ldsp.accounts.models import ApiToken
from ldsp.accounts.roles import roles_of
from ldsp.core.errors import Refused

NEW_TOKEN_SESSION_KEY = "ldsp_new_api_token"  # noqa: S105 - a session key name


def _profile_page(
    request: HttpRequest,
    profile_form: ProfileForm,
    token_form: ApiTokenForm,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": selectors.profile_of(user),  # type: ignore[arg-type]
            "roles": roles_of(user),
            "profile_form": profile_form,
            "token_form": token_form,
            "forms_with_errors": [f for f in (profile_form, token_form) if f.errors],
            "tokens": selectors.api_tokens_of(user),  # type: ignore[arg-type]
        },
        status=status,
    )


def _saved_profile_form(request: HttpRequest) -> ProfileForm:
    current = selectors.profile_of(request.user)  # type: ignore[arg-type]
    return ProfileForm(
        initial={
            "display_name": current.display_name,
            "organisation_name": current.organisation_name,
            "sector": current.sector,
            "area": current.area_id,
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """See and change your profile; list your API tokens."""
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(
                    actor=request.user,  # type: ignore[arg-type]
                    user=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except Refused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your profile has been updated.")
                return redirect("accounts:profile")
        return _profile_page(request, form, ApiTokenForm(), status=400)
    return _profile_page(request, _saved_profile_form(request), ApiTokenForm())


@login_required
@require_http_methods(["POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a personal API token, then show it once."""
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, plaintext = services.api_token_create(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except Refused as error:
            form.add_error("name", str(error))
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "plaintext": plaintext}
            return redirect("accounts:token_created")
    return _profile_page(request, _saved_profile_form(request), form, status=400)


@login_required
@require_http_methods(["GET"])
def token_created(request: HttpRequest) -> HttpResponse:
    """The one and only time a new token's text is shown."""
    new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    if new is None:
        messages.info(request, "A token is shown only once, just after you create it.")
        return redirect("accounts:profile")
    token = get_object_or_404(ApiToken, pk=new["id"], user=request.user)
    response = render(
        request, "accounts/token_created.html", {"token": token, "plaintext": new["plaintext"]}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Ask for confirmation, then revoke one of your tokens."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, f"The token “{token.name}” has been revoked.")
        return redirect("accounts:profile")
    return render(request, "accounts/token_revoke.html", {"token": token})


def admin_login(request: HttpRequest) -> HttpResponse:
    """Send the admin's sign-in to the site's, so it has the same limits and checks.

    Django admin's own form would take passwords without allauth's rate limits;
    nothing posted here is read.
    """
    admin_home = reverse("admin:index")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = admin_home
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("account_login"))
    if not request.user.is_staff:
        # Sending a signed-in non-staff person back to the admin would loop.
        raise PermissionDenied
    return HttpResponseRedirect(next_url)
