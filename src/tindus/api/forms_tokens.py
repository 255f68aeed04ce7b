"""The form a person fills in to get a personal API token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tindus.accounts.models import Role
from tindus.core.forms import DATE_INPUT
from tindus.territories.models import Territory

from .tokens import MAX_LIFETIME, grantable_roles

DEFAULT_LIFETIME = dt.timedelta(days=90)


def latest_expiry(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=MAX_LIFETIME.days)


class TokenForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), empty_label=None,
        help_text=_("The token reads and writes on this territory only."),
    )  # fmt: skip
    role = forms.ChoiceField(
        label=_("Role of the token"), choices=Role.choices,
        help_text=_("No higher than your own role on the territory: a token may do less than you, never more."),
    )  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. « notebook »."))
    expires_on = forms.DateField(label=_("Expiry date"), widget=DATE_INPUT)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "token")
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["territory"].queryset = Territory.objects.filter(memberships__user=user).distinct().order_by("name")
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + DEFAULT_LIFETIME
        self.fields["expires_on"].help_text = _("At most %(days)s days from today (%(date)s at the latest).") % {
            "days": MAX_LIFETIME.days, "date": date_format(latest_expiry(today)),
        }  # fmt: skip

    def clean_expires_on(self) -> dt.date:
        expires_on = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if expires_on <= today:
            raise forms.ValidationError(_("Choose a date after today."))
        if expires_on > latest_expiry(today):
            raise forms.ValidationError(
                _("A token lasts at most %(days)s days: choose %(date)s or an earlier date.")
                % {"days": MAX_LIFETIME.days, "date": date_format(latest_expiry(today))}
            )
        return expires_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        territory, role = data.get("territory"), data.get("role")
        if territory is not None and role and role not in grantable_roles(self.user, territory):
            granted = grantable_roles(self.user, territory)
            allowed = ", ".join(str(label) for value, label in Role.choices if value in granted) or "—"
            message = _(
                "Your role on %(territory)s does not allow a token with the role « %(role)s »; possible: %(allowed)s."
            )
            self.add_error(
                "role", message % {"territory": territory.name, "role": Role(role).label, "allowed": allowed}
            )
        return data

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day, never more than the longest lifetime from now."""
        end_of_day = timezone.make_aware(dt.datetime.combine(self.cleaned_data["expires_on"], dt.time(23, 59, 59)))
        return min(end_of_day, timezone.now() + MAX_LIFETIME)
