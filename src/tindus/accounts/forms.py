import re

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tindus.identifiers import siret_valid

from .models import Membership, Role


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    company_siret = forms.CharField(
        label=_("Company SIRET"),
        max_length=14,
        required=False,
        help_text=_("14 digits; required for a company representative."),
    )

    def __init__(self, *args, territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory

    def clean_company_siret(self) -> str:
        siret = re.sub(r"\s", "", self.cleaned_data["company_siret"])
        if siret and not re.fullmatch(r"\d{14}", siret):
            raise forms.ValidationError(_("A SIRET has exactly 14 digits."))
        if siret and not siret_valid(siret):
            raise forms.ValidationError(_("This SIRET fails the Luhn check: check for a typing error."))
        return siret

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if data["role"] == Role.COMPANY and not data["company_siret"]:
            self.add_error("company_siret", _("A company representative needs the SIRET of their company."))
        if data["role"] != Role.COMPANY and data["company_siret"]:
            self.add_error("company_siret", _("Only a company representative has a SIRET."))
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user and Membership.objects.filter(user=user, territory=self.territory, role=data["role"]).exists():
            self.add_error("email", _("This person already has this role on this territory."))
        return data


class CodeForm(forms.Form):
    """The six-digit code of an authenticator app (spaces allowed, as some apps show ``123 456``)."""

    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        help_text=_("The code your authenticator app shows for Tindus now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Type the six digits your authenticator app shows."))
        return code
