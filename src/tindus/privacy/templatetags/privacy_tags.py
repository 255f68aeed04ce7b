"""How a record of the privacy log reads."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from tindus.core.people import ANONYMISED_PREFIX
from tindus.privacy.labels import counted
from tindus.privacy.models import Record

register = template.Library()


@register.filter
def record_subject(record: Record) -> str:
    """The e-mail address, the SIRET, or « compte anonymisé n° 42 » for a person erased since."""
    if record.subject.startswith(ANONYMISED_PREFIX):
        return _("anonymised account no. %(n)s") % {"n": record.subject.removeprefix(ANONYMISED_PREFIX)}
    return record.subject


@register.filter
def record_items(record: Record) -> str:
    """« rôles sur des territoires : 2, commentaires : 3 », the kinds with none left out."""
    parts = [_("%(label)s: %(value)s") % {"label": label, "value": n} for label, n in counted(record.counts) if n]
    return ", ".join(parts) or "—"
