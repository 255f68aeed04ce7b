"""API: consultation results as far as they are published, with the small-cell protection of the results
pages (no group of fewer than five answers, rare segments and codes folded into « autres »), and the team's
participation figures. Never an answer: employees answer anonymously, and the API has no way to one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import Caller, require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS, ApiError
from tindus.api.schemas import Source
from tindus.territories.models import Territory

from .compute.results import K
from .dashboard import dashboard
from .invitations import response_rates
from .labels import labelled_counts, segment_label
from .models import Audience, Campaign, Publication
from .moderation import free_texts

router = Router(tags=["Consultation"])


class CampaignOut(Schema):
    id: int
    title: str
    audience: str
    opens_on: dt.date
    closes_on: dt.date
    published_to: str
    answers: int


class Masked(Schema):
    """A figure, or ``null`` with ``secret: true`` when fewer than five answers would be shown."""

    value: float | None
    secret: bool


class CountOut(Schema):
    value: str
    label: str
    count: float


class MatrixRowOut(Schema):
    row: str
    counts: list[CountOut]


class ThemeOut(Schema):
    label: str
    count: int


class QuestionOut(Schema):
    id: str
    type: str
    label: str
    answered: int
    counts: list[CountOut] | None = None
    rows: list[MatrixRowOut] | None = None
    mean: float | None = None
    median: float | None = None
    unit: str | None = None
    themes: list[ThemeOut] | None = None
    texts_in_no_theme: int | None = None


class OptionOut(Schema):
    value: str
    label: str
    count: int


class DimensionOut(Schema):
    dimension: str
    label: str
    options: list[OptionOut]


class ResultsOut(Schema):
    campaign: CampaignOut
    published: bool
    respondents: Masked
    first_answer_on: dt.date | None
    last_answer_on: dt.date | None
    filters: dict[str, str]
    dimensions: list[DimensionOut]
    versions: dict[str, int]
    questions: list[QuestionOut]
    source: Source


class ResultFilters(Schema):
    """Segment filters, with the values the ``dimensions`` of the results offer (« - »: not given)."""

    audience: str | None = None
    a17: str | None = None
    size: str | None = None
    epci: str | None = None


class RateOut(Schema):
    value: str
    label: str
    invited: int
    answered: int


class ParticipationOut(Schema):
    campaign: CampaignOut
    answers: int
    answers_entered_by_staff: int
    invitations: int | None
    invitations_sent: int | None
    invitations_answered: int | None
    rates: dict[str, list[RateOut]] | None
    answer_links: int
    free_texts_to_moderate: int
    source: Source


def may_read_results(caller: Caller, campaign: Campaign) -> bool:
    """:func:`tindus.consultation.publication.may_read_results`, for an API caller (its token's role)."""
    territory = campaign.territory
    if caller.may(Action.EDIT, territory) or campaign.published_to == Publication.PUBLIC:
        return True
    return campaign.published_to == Publication.COMMITTEE and caller.may(Action.VIEW_PRIVATE, territory)


def readable(caller: Caller, territory: Territory):
    campaigns = territory.campaigns.select_related("questionnaire", "territory").order_by("-opens_on", "pk")
    if caller.may(Action.EDIT, territory):
        return campaigns
    shown = [Publication.PUBLIC] + ([Publication.COMMITTEE] if caller.may(Action.VIEW_PRIVATE, territory) else [])
    return campaigns.filter(published_to__in=shown)


def campaign_out(campaign: Campaign) -> dict:
    return {
        "id": campaign.pk, "title": campaign.title, "audience": campaign.questionnaire.audience,
        "opens_on": campaign.opens_on, "closes_on": campaign.closes_on, "published_to": campaign.published_to,
        "answers": campaign.responses.count(),
    }  # fmt: skip


def source_of(campaign: Campaign) -> dict:
    return {
        "source": _("Consultation « %(title)s » run with Tindus; groups of fewer than %(k)s answers are not shown.")
        % {"title": campaign.title, "k": K},
        "vintage": f"{campaign.opens_on.isoformat()} → {campaign.closes_on.isoformat()}",
        "synthetic": False,
    }


@router.get(
    "/territories/{slug}/consultations",
    response={200: Page[CampaignOut], **READ_ERRORS},
    summary="Consultations dont les résultats sont lisibles",
    description="Publiées pour tous (public) ; pour le comité avec un jeton du comité ou de l'équipe ; toutes "
    "pour l'équipe.",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def campaigns(request: HttpRequest, slug: str, pages: Query[PageQuery]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    return paginate(request, readable(caller, territory), pages, campaign_out)


def _campaign(request: HttpRequest, caller: Caller, territory: Territory, pk: int, *, results: bool) -> Campaign:
    """The campaign of this territory if the caller may read it, else the refusal the results page gives."""
    campaign = territory.campaigns.select_related("questionnaire", "territory").filter(pk=pk).first()
    if campaign is None:
        raise ApiError(404, _("No consultation %(id)s in this territory.") % {"id": pk})
    if not results or may_read_results(caller, campaign):
        return campaign
    if campaign.published_to == Publication.COMMITTEE:
        require(request, Action.VIEW_PRIVATE, territory)
    raise ApiError(404, _("No consultation %(id)s in this territory.") % {"id": pk})


def _counts(schema: Any, item: dict[str, Any]) -> list[dict[str, Any]]:
    labels = labelled_counts(schema, item)
    return [{"value": str(value), "label": label, "count": count}
            for (value, _n), (label, count) in zip(item["counts"], labels, strict=True)]  # fmt: skip


def question_out(schema: Any, item: dict[str, Any], themes: tuple[list, list[str]] | None) -> dict[str, Any]:
    """One question's figures; free texts only as themes and counts, never the texts themselves."""
    out: dict[str, Any] = {"id": item["id"], "type": item["type"], "label": item["label"], "answered": item["answered"]}
    if item.get("counts") is not None:
        out["counts"] = _counts(schema, item)
    if "rows" in item:
        out["rows"] = [{"row": row, "counts": [{"value": c, "label": c, "count": n} for c, n in cells]}
                       for row, cells in item["rows"]]  # fmt: skip
    for key in ("mean", "median", "unit"):
        if key in item:
            out[key] = item[key]
    if "texts" in item:
        found, loose = themes if themes else ([], [])
        out["themes"] = [{"label": theme.label, "count": theme.count} for theme in found]
        out["texts_in_no_theme"] = len(loose)
    return out


@router.get(
    "/territories/{slug}/consultations/{campaign_id}/results",
    response={200: ResultsOut, **READ_ERRORS},
    summary="Résultats publiés d'une consultation",
    description="Les chiffres de la page des résultats publiés : aucun groupe de moins de 5 réponses (sinon "
    "`respondents` vaut `{value: null, secret: true}` et aucune question n'est donnée), segments rares "
    "regroupés dans « autres ». Réponses libres : seulement les thèmes des textes approuvés par l'équipe, "
    "avec leur nombre.",
    openapi_extra={"x-tindus-action": Action.VIEW_PUBLIC.value},
)
@public_read
def campaign_results(request: HttpRequest, slug: str, campaign_id: int, filters: Query[ResultFilters]) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.VIEW_PUBLIC, territory)
    campaign = _campaign(request, caller, territory, campaign_id, results=True)
    context = dashboard(campaign, filters.model_dump(exclude_none=True), approved_texts_only=True)
    shown = context["shown"]
    schema = campaign.questionnaire.current_version().as_schema()
    first, last = context["period"]
    return {
        "campaign": campaign_out(campaign),
        "published": campaign.published_to != Publication.TEAM,
        "respondents": {"value": shown["respondents"], "secret": False} if shown else {"value": None, "secret": True},
        "first_answer_on": first, "last_answer_on": last,
        "filters": context["filters"],
        "dimensions": [{"dimension": d, "label": str(label), "options": [
            {"value": value, "label": text, "count": n} for value, text, n in options]}
            for d, label, options in context["dimensions"]],
        "versions": {str(v): n for v, n in shown["versions"].items()} if shown else {},
        "questions": [question_out(schema, item, themes) for item, _chart, themes in context["charts"]],
        "source": source_of(campaign),
    }  # fmt: skip


@router.get(
    "/territories/{slug}/consultations/{campaign_id}/participation",
    response={200: ParticipationOut, **READ_ERRORS},
    summary="Participation à une consultation (équipe)",
    description="Les chiffres de suivi que l'équipe voit : réponses reçues, invitations des dirigeants et taux "
    "de réponse par segment, liens de réponse, réponses libres à modérer.",
    openapi_extra={"x-tindus-action": Action.EDIT.value},
)
def participation(request: HttpRequest, slug: str, campaign_id: int) -> dict:
    territory = territory_or_404(slug)
    caller = require(request, Action.EDIT, territory)
    campaign = _campaign(request, caller, territory, campaign_id, results=False)
    leaders = campaign.questionnaire.audience == Audience.LEADERS
    invitations = campaign.invitations.all()
    schema = campaign.questionnaire.current_version().as_schema()
    rates = None
    if leaders:
        rates = {dimension: [{"value": r.value, "label": segment_label(dimension, r.value) if r.value != "—" else "—",
                              "invited": r.invited, "answered": r.answered} for r in found]
                 for dimension, found in response_rates(campaign).items()}  # fmt: skip
    return {
        "campaign": campaign_out(campaign),
        "answers": campaign.responses.count(),
        "answers_entered_by_staff": campaign.responses.filter(entered_by_staff=True).count(),
        "invitations": invitations.count() if leaders else None,
        "invitations_sent": invitations.exclude(sent_on=None).count() if leaders else None,
        "invitations_answered": invitations.exclude(response=None).count() if leaders else None,
        "rates": rates,
        "answer_links": campaign.links.count(),
        "free_texts_to_moderate": sum(1 for text in free_texts(campaign, schema) if not text.decision),
        "source": source_of(campaign),
    }
