"""Signing in with a password, then a code when the account has a second factor; setting that factor up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor as factor
from .forms import CodeForm
from .permissions import Action, permission_required, public
from .throttling import lock_minutes

MAX_CODE_TRIES = 5  # wrong codes in one sign-in before the password is asked again


class SignInView(auth_views.LoginView):
    """Django's sign-in page; an account with a second factor goes on to the code page."""

    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        if factor.confirmed_device(user) is None:
            return super().form_valid(form)
        factor.begin_pending(self.request, user, self.get_success_url())
        return redirect("accounts:login_code")

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "lock_minutes": lock_minutes()}


login = public(SignInView.as_view())


def _code_error(form: CodeForm, check: factor.CodeCheck) -> None:
    if check.wait_seconds:
        message = ngettext(
            "Too many wrong codes: wait %(seconds)s second before trying again.",
            "Too many wrong codes: wait %(seconds)s seconds before trying again.",
            check.wait_seconds,
        ) % {"seconds": check.wait_seconds}
    else:
        message = _("This is not the expected code: type the one your app shows for Tindus now.")
    form.add_error("code", message)


@public
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: the code of the authenticator app, within five minutes of the password."""
    found = factor.pending(request)
    device = factor.confirmed_device(found[0]) if found else None
    if device is None:
        if factor.PENDING_KEY in request.session:
            factor.clear_pending(request)
            messages.error(request, _("Your sign-in took too long: type your password again."))
        return redirect("accounts:login")
    user, next_url = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = factor.check_code(device, form.cleaned_data["code"])
        if check.accepted:
            factor.clear_pending(request)
            user.otp_device = device  # django-otp marks the session as verified on sign-in
            auth_login(request, user)
            return redirect(next_url)
        pending = request.session[factor.PENDING_KEY]
        pending["tries"] = pending.get("tries", 0) + 1
        request.session.modified = True
        if pending["tries"] >= MAX_CODE_TRIES:
            factor.clear_pending(request)
            messages.error(request, _("Too many wrong codes: type your password again."))
            return redirect("accounts:login")
        _code_error(form, check)
    return render(request, "registration/login_code.html", {"form": form}, status=400 if form.errors else 200)


@permission_required(Action.USE_SECOND_FACTOR)
@never_cache  # the page shows the secret key
def second_factor(request: HttpRequest) -> HttpResponse:
    """Add the second factor (scan the QR code, type a first code) or remove it (type a current code)."""
    user = request.user
    device = factor.confirmed_device(user)
    context = {"required": factor.required_for(user), "device": device}
    if device is not None:
        form = CodeForm(request.POST or None, prefix="remove")
        if request.method == "POST" and form.is_valid():
            check = factor.check_code(device, form.cleaned_data["code"])
            if check.accepted:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("The two-step sign-in is off: your password alone now opens your account."))
                return redirect("accounts:profile")
            _code_error(form, check)
    else:
        pending = factor.device_to_confirm(user)
        form = CodeForm(request.POST or None, prefix="add")
        if request.method == "POST" and form.is_valid():
            check = factor.check_code(pending, form.cleaned_data["code"])
            if check.accepted:
                TOTPDevice.objects.filter(pk=pending.pk).update(confirmed=True)
                pending.confirmed = True
                otp_login(request, pending)
                messages.success(
                    request, _("The two-step sign-in is on: Tindus will ask for a code after your password.")
                )
                return redirect("accounts:profile")
            _code_error(form, check)
        context |= {"qr": factor.qr_data_uri(pending), "key": factor.key_text(pending)}
    context["form"] = form
    return render(request, "accounts/second_factor.html", context, status=400 if form.errors else 200)
