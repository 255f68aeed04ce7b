"""Sign-out, password reset, the user's own page, and a territory team's member management."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import AddMemberForm
from .invitations import send_invitation
from .models import Membership
from .permissions import Action, permission_required, public
from .second_factor import confirmed_device

logout = public(auth_views.LogoutView.as_view())
password_reset = public(auth_views.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")))
password_reset_done = public(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete"))
)
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view())


@permission_required(Action.VIEW_ACCOUNT)
def profile(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("territory")
    context = {"memberships": memberships, "second_factor_on": confirmed_device(request.user) is not None}
    return render(request, "accounts/profile.html", context)


@permission_required(Action.MANAGE_MEMBERS)
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The team adds people to its territory with a role; new people get an email to set a password."""
    territory = request.territory
    form = AddMemberForm(request.POST or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.filter(email__iexact=data["email"]).first()
            created = user is None
            if created:
                user = User.objects.create_user(
                    username=data["email"].lower(),
                    email=data["email"].lower(),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
                user.set_unusable_password()
                user.save()
            Membership.objects.create(
                user=user,
                territory=territory,
                role=data["role"],
                organisation=data["organisation"],
                company_siret=data["company_siret"],
            )
        if created:
            send_invitation(request, user, territory)
        messages.success(request, _("%(email)s has been added.") % {"email": user.email})
        return redirect("accounts:members", slug=territory.slug)
    return render(
        request,
        "accounts/members.html",
        {
            "territory": territory,
            "form": form,
            "memberships": territory.memberships.select_related("user").order_by("role", "user__last_name"),
        },
        status=400 if form.errors else 200,
    )


@permission_required(Action.MANAGE_MEMBERS)
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    territory = request.territory
    membership = get_object_or_404(Membership, pk=pk, territory=territory)
    if request.method == "POST":
        if membership.user == request.user and membership.role == "team":
            messages.error(request, _("You cannot remove your own team role."))
        else:
            membership.delete()
            messages.success(request, _("The membership has been removed."))
    return redirect("accounts:members", slug=territory.slug)
