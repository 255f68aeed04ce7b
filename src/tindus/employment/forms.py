"""Forms of the employment pages: the needs table's settings, the imports, a local need, a proposal."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tindus.referentials.models import RomeJob

from .analysis import MONTHS, RADII
from .geography import METHODS
from .models import LocalNeed, OfferImport, Proposal
from .reference import fap2021

UPLOAD_MAX_BYTES = 30 * 1024 * 1024
# What each import accepts: extensions, and how the content starts (the reader checks the rest).
OFFER_FILES = {
    OfferImport.Kind.LHEO: ({".xml"}, (b"<", b"\xef\xbb\xbf<")),
    OfferImport.Kind.TEMPLATE: ({".csv", ".txt"}, ()),
    OfferImport.Kind.RNCP: ({".zip"}, (b"PK\x03\x04",)),
}
BMO_FILES = ({".xlsx", ".csv", ".gz"}, ())
TABLE_FILES = ({".csv"}, ())
KIND_WORDS = {
    ".xml": _("an XML file"),
    ".zip": _("a zip archive"),
    ".xlsx": _("an Excel workbook"),
    ".csv": _("a CSV text file"),
    ".txt": _("a CSV text file"),
    ".gz": _("a gzipped CSV file"),
}


def checked_upload(upload: UploadedFile, extensions: set[str], starts: tuple[bytes, ...] = ()) -> UploadedFile:
    """Refuse a file by its extension, its size or (for XML and zip files) how its content starts."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in extensions:
        raise forms.ValidationError(
            _("Files of type “%(suffix)s” are not accepted here. Accepted: %(accepted)s."),
            params={"suffix": suffix or "?", "accepted": ", ".join(sorted(extensions))},
        )
    if upload.size > UPLOAD_MAX_BYTES:
        raise forms.ValidationError(
            _("This file weighs %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(UPLOAD_MAX_BYTES)},
        )
    if starts:
        upload.seek(0)
        head = upload.read(8).lstrip()
        upload.seek(0)
        if not head.startswith(starts):
            raise forms.ValidationError(
                _("The content of « %(name)s » does not match its name (expected: %(kind)s)."),
                params={"name": Path(upload.name).name, "kind": KIND_WORDS.get(suffix, suffix)},
            )
    return upload


def job_choices() -> list[tuple[str, str]]:
    labels = fap2021().labels["228"]
    return [("", "—")] + sorted(((code, f"{label} ({code})") for code, label in labels.items()), key=lambda c: c[1])


class SettingsForm(forms.Form):
    """The needs table's settings, read from the address (GET): the survey year, distance, months, method."""

    annee = forms.TypedChoiceField(label=_("BMO survey"), coerce=int, required=False)
    rayon = forms.TypedChoiceField(
        label=_("Training within"), coerce=int, choices=[(r, f"{r} km") for r in RADII], initial=30, required=False
    )
    mois = forms.TypedChoiceField(
        label=_("starting within"),
        coerce=int,
        choices=[(m, _("%(n)d months") % {"n": m}) for m in MONTHS],
        initial=12,
        required=False,
    )
    repartition = forms.ChoiceField(
        label=_("Straddling basins apportioned by"), choices=list(METHODS.items()), initial="population", required=False
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        kwargs.setdefault("auto_id", "settings_%s")
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(y, f"BMO {y}") for y in years]

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("annee") or None,
            "radius_km": data.get("rayon") or 30,
            "months": data.get("mois") or 12,
            "method": data.get("repartition") or "population",
        }


class OfferImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[(k.value, k.label) for k in OFFER_FILES],
        initial=OfferImport.Kind.LHEO,
    )
    file = forms.FileField(label=_("File"))

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is not None and kind in OFFER_FILES:
            try:
                checked_upload(upload, *OFFER_FILES[kind])
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data


class BmoImportForm(forms.Form):
    file = forms.FileField(label=_("BMO file (XLSX workbook or CSV of its data sheet)"))

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"], *BMO_FILES)


class TableImportForm(forms.Form):
    file = forms.FileField(label=_("DARES table « ROME-Qualif → FAP 2021 » (CSV, semicolons)"))

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"], *TABLE_FILES)


class LocalNeedForm(forms.ModelForm):
    """A recruitment need: the company (the team chooses any; a company representative declares for its own
    establishment only), the job as a BMO job or a ROME 4.0 code, how many, when, how hard and why."""

    class Meta:
        model = LocalNeed
        fields = ["siret", "company_name", "commune", "job", "rome", "label", "count", "horizon", "difficulty",
                  "reasons"]  # fmt: skip
        widgets = {"reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, sirets: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sirets = sirets
        self.fields["job"] = forms.ChoiceField(
            label=_("BMO job"), choices=job_choices(), required=False,
            help_text=_("The job family of France Travail's survey; or give a ROME code below."),
        )  # fmt: skip
        self.fields["rome"].help_text = _("A ROME 4.0 code such as H2903 (optional when a BMO job is chosen).")
        self.fields["commune"].help_text = _("INSEE code of the place of work, to count the need in its EPCI.")
        if sirets is not None:
            self.fields["siret"] = forms.ChoiceField(label=_("Establishment"), choices=[(s, s) for s in sorted(sirets)])

    def clean_siret(self):
        siret = (self.cleaned_data.get("siret") or "").replace(" ", "")
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise forms.ValidationError(_("A SIRET has 14 digits."))
        if self.sirets is not None and siret not in self.sirets:
            raise forms.ValidationError(_("You may declare needs for your own establishment only."))
        return siret

    def clean_rome(self):
        code = (self.cleaned_data.get("rome") or "").strip().upper()
        if code and not RomeJob.objects.filter(code=code).exists():
            raise forms.ValidationError(_("« %(code)s » is not a ROME 4.0 code."), params={"code": code})
        return code

    def clean_commune(self):
        from .importing import commune_codes

        code = (self.cleaned_data.get("commune") or "").strip().upper()
        if code and code not in commune_codes():
            raise forms.ValidationError(_("« %(code)s » is not a commune code."), params={"code": code})
        return code

    def clean(self):
        data = super().clean()
        if not data.get("job") and not data.get("rome"):
            self.add_error("job", _("Choose a BMO job or give a ROME code."))
        return data


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Proposal"), choices=Proposal.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    description = forms.CharField(
        label=_("What is proposed"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "proposal")
        super().__init__(*args, **kwargs)


class LinkDecisionForm(forms.Form):
    rome = forms.CharField(max_length=5)
    job = forms.CharField(max_length=5)
    decision = forms.ChoiceField(choices=[("confirmed", "confirmed"), ("rejected", "rejected"), ("undo", "undo")])
