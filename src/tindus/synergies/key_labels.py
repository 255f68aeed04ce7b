"""What a key the ranking learns from stands for, in words a committee reads (« ewc:120101 » → « code déchet
12 01 01 (limaille et chutes de métaux ferreux) »): never the key itself, never a bare internal code."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext as _

from tindus.referentials.models import NafAggregate, RomeJob

from .compute.declarations import ewc_label, ewc_reference
from .compute.discovery.knowledge import load_patterns
from .models import Category


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    return {p.id: p.resource_label for p in load_patterns()}


def _category(value: str) -> str:
    return str(dict(Category.choices).get(value, value))


def _waste(code: str) -> str:
    hazardous = code.endswith("*")
    code = code.rstrip("*")
    if len(code) == 6:
        label = ewc_reference().get(code, ("", False))[0]
        text = _("waste code %(code)s") % {"code": ewc_label(code) + ("*" if hazardous else "")}
        return f"{text} ({label})" if label else text
    text = _("waste family %(code)s") % {"code": ewc_label(code)}
    return text + (" " + _("(hazardous)") if hazardous else "")


def _rome(codes: str) -> str:
    parts = codes.split("+")
    labels = dict(RomeJob.objects.filter(code__in=parts).values_list("code", "label"))
    shown = [f"{code} ({labels[code]})" if code in labels else code for code in parts]
    if all(len(code) == 5 for code in parts):
        return _("ROME job %(code)s") % {"code": ", ".join(shown)}
    return _("ROME jobs %(code)s…") % {"code": ", ".join(shown)}


def _io(cell: str) -> str:
    buyer, _sep, maker = cell.partition(">")
    rows = NafAggregate.objects.filter(level="A38", code__in=[buyer, maker]).values_list("code", "label")
    labels = {code: label.capitalize() for code, label in rows}  # INSEE writes them in capitals
    return _("local purchases of « %(buyer)s » from « %(maker)s » (input-output table)") % {
        "buyer": labels.get(buyer, buyer), "maker": labels.get(maker, maker)}  # fmt: skip


def _pool(value: str) -> str:
    kind, _sep, rest = value.partition(":")
    if kind == "collecte":
        return _("shared collection: %(what)s") % {"what": _waste(rest)}
    if kind == "rome":
        return _("shared recruitment: %(what)s") % {"what": _rome(rest)}
    if not rest:
        return _("pooling in « %(category)s »") % {"category": _category(kind)}
    if kind == "equipement":
        return _("shared equipment « %(name)s »") % {"name": rest.replace("_", " ")}
    stems = ", ".join(stem + "…" for stem in rest.split("+"))  # the words' stems the members share
    return _("pooling in « %(category)s »: %(what)s") % {"category": _category(kind), "what": stems}


def key_label(key: str) -> str:
    """What a feedback key (see ``compute/feedback.py``) stands for, in words."""
    kind, _sep, value = key.partition(":")
    if kind == "ewc":
        return _waste(value)
    if kind == "rome":
        return _rome(value)
    if kind == "category":
        return _("category « %(label)s »") % {"label": _category(value)}
    if kind == "equipement":
        return _("equipment « %(name)s »") % {"name": value.replace("_", " ")}
    if kind == "pattern":
        what = _patterns().get(value)
        if what:
            return _("documented exchange « %(what)s »") % {"what": what}
        return _("documented pattern %(id)s") % {"id": value}
    if kind == "io":
        return _io(value)
    if kind == "pool":
        return _pool(value)
    return key
