"""Sign-out, password reset, the user's own page, and a territory team's member management."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.jobs.api import job_url, start_job
from tindus.jobs.models import Job

from .forms import AddMemberForm
from .models import Membership
from .permissions import Action, permission_required, public
from .second_factor import confirmed_device
from .tasks import send_member_invitation

# How long the members page lists the invitation e-mails started from it.
RECENT_INVITATIONS = dt.timedelta(days=7)

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
        # A new person, or one added before who never chose a password (their invitation was lost).
        if created or (user.last_login is None and not user.has_usable_password()):
            _start_invitation(request, user)
            messages.success(
                request, _("%(email)s has been added; the invitation e-mail is being sent.") % {"email": user.email}
            )
        else:
            messages.success(request, _("%(email)s has been added.") % {"email": user.email})
        return redirect("accounts:members", slug=territory.slug)
    return render(
        request,
        "accounts/members.html",
        {
            "territory": territory,
            "form": form,
            "memberships": territory.memberships.select_related("user").order_by("role", "user__last_name"),
            "invitations": _recent_invitations(territory),
        },
        status=400 if form.errors else 200,
    )


def _start_invitation(request: HttpRequest, user: User) -> Job:
    """The invitation e-mail goes from a task worker, which has no request: it gets the site's address."""
    return start_job(send_member_invitation, territory=request.territory, author=request.user, user=user.pk,
                     site=request.build_absolute_uri("/"))  # fmt: skip


def _recent_invitations(territory) -> list[tuple[Job, str, str]]:
    """The invitation e-mails started lately, newest first, with the address each goes to."""
    jobs = list(
        Job.objects.filter(territory=territory, task_path=send_member_invitation.module_path,
                           created_at__gte=timezone.now() - RECENT_INVITATIONS)[:20]
    )  # fmt: skip
    emails = dict(User.objects.filter(pk__in=[j.params.get("user") for j in jobs]).values_list("pk", "email"))
    return [(job, emails.get(job.params.get("user"), "—"), job_url(job)) for job in jobs]


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
