"""The form of a territory's common themes: one choice per lever or axis."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from .models import Theme
from .themes import AxisRow


class ThemesForm(forms.Form):
    """A field ``axe-<id>`` per axis: a common theme, or nothing (a lever: no theme; an axis: its parent's)."""

    def __init__(self, rows: list[AxisRow], *args, **kwargs) -> None:
        super().__init__(*args, auto_id="themes-%s", **kwargs)
        self.rows = rows
        for row in rows:
            blank = _("no common theme") if row.depth == 0 else _("as its parent")
            field = forms.ChoiceField(
                label=f"{row.axis.code} {row.axis.title}", required=False,
                choices=[("", blank), *Theme.choices], initial=row.initial,
            )  # fmt: skip
            field.error_messages["invalid_choice"] = _("Choose one of the common themes offered.")
            self.fields[row.field_name] = field

    def chosen(self) -> dict[int, str]:
        """Axis id → the theme chosen ("" for none)."""
        return {row.axis.pk: self.cleaned_data.get(row.field_name, "") for row in self.rows}

    def pairs(self) -> list[tuple[AxisRow, forms.BoundField]]:
        return [(row, self[row.field_name]) for row in self.rows]
