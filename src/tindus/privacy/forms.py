"""The forms of the personal data pages: whom the request is about, and the confirmation of an erasure."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .collect import find_person

REFERENCE_HELP = _("Optional: how the request came (a letter's date, a ticket number). Kept in the log.")


class PersonForm(forms.Form):
    email = forms.EmailField(label=_("Person's e-mail address"), max_length=254)
    request_reference = forms.CharField(label=_("Request"), max_length=200, required=False, help_text=REFERENCE_HELP)

    person: User | None = None

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        self.person = find_person(email)
        if self.person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        return email


class CompanyForm(forms.Form):
    siret = forms.CharField(label=_("Company's SIRET"), max_length=20, help_text=_("14 digits."))
    request_reference = forms.CharField(label=_("Request"), max_length=200, required=False, help_text=REFERENCE_HELP)

    def clean_siret(self) -> str:
        siret = re.sub(r"\s", "", self.cleaned_data["siret"])
        if not re.fullmatch(r"\d{14}", siret):
            raise forms.ValidationError(_("A SIRET has exactly 14 digits."))
        return siret


class ConfirmForm(forms.Form):
    """The erasure is confirmed by typing again whom it is about."""

    confirm = forms.CharField(label=_("Type it again to confirm"), max_length=254)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirm"].label = _("To confirm, type %(subject)s again") % {"subject": expected}

    def clean_confirm(self) -> str:
        typed = re.sub(r"\s", "", self.cleaned_data["confirm"])
        if typed.lower() != self.expected.lower():
            raise forms.ValidationError(_("This is not what the erasure is about: nothing was erased."))
        return typed


class PersonConfirmForm(ConfirmForm):
    delete_comments = forms.BooleanField(label=_("Also delete their comments"), required=False)
