"""The demo territory's employee consultation: synthetic answers (so labelled in its title, hence in
every figure's source line), spread over three company links and the territory's link."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.http import QueryDict

from tindus.referentials.models import NafAggregate
from tindus.territories.models import Territory

from .compute import ready_made
from .compute.answers import check_answers
from .compute.segments import establishment_segments
from .compute.synthetic import form_answers
from .models import Audience, Campaign, CampaignLink, Questionnaire, Response
from .respond import read_form, referential_codes
from .services import new_token, save_schema

TITLE = "Consultation des salariés (réponses synthétiques de démonstration)"
# Synthetic companies: (label, A17, A38, SIRENE size band); their EPCI is one of the territory's.
COMPANIES = [("Entreprise A (décolletage)", "C5", "CH", "21"), ("Entreprise B (horlogerie)", "C3", "CI", "12"),
             ("Entreprise C (agroalimentaire)", "C1", "CA", "32")]  # fmt: skip


@transaction.atomic
def load_demo_consultation(territory: Territory, answers: int = 60, seed: int = 2026) -> Campaign | None:
    """Create the demo consultation with ``answers`` synthetic answers, unless the territory has one."""
    if territory.campaigns.exists():
        return None
    schema = ready_made.employees()
    questionnaire = Questionnaire.objects.create(territory=territory, title=schema.title, audience=Audience.EMPLOYEES)
    version = save_schema(questionnaire, schema)
    today = dt.date.today()
    month = dt.timedelta(days=30)
    campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title=TITLE,
                                       opens_on=today - month, closes_on=today + month)  # fmt: skip
    communes = list(territory.communes.select_related("epci").order_by("code"))
    epcis = sorted({c.epci.name for c in communes if c.epci}) or [territory.name]
    labels = dict(NafAggregate.objects.filter(level="A17").values_list("code", "label"))
    links = [CampaignLink.objects.create(campaign=campaign, token=new_token(), label=territory.name,
                                         segments={"audience": Audience.EMPLOYEES})]  # fmt: skip
    for n, (label, a17, a38, band) in enumerate(COMPANIES):
        segments = establishment_segments(a17, labels.get(a17, ""), a38, band, epcis[n % len(epcis)], "")
        segments.pop("commune", None)
        links.append(CampaignLink.objects.create(campaign=campaign, token=new_token(), label=label,
                                                 segments={**segments, "audience": Audience.EMPLOYEES}))  # fmt: skip
    codes = {kind: sorted(values) for kind, values in referential_codes().items()}
    codes["commune"] = [c.code for c in communes] or codes["commune"]
    codes["rome"] = [c for c in ("H2903", "H2909", "H2913", "H2502", "N1103", "H2102") if c in codes["rome"]]
    rng = random.Random(seed)
    created = []
    for _ in range(answers):
        data = QueryDict(mutable=True)
        for name, value in form_answers(schema, codes, rng):
            data.appendlist(name, value)
        checked = check_answers(schema, read_form(schema, data), referential_codes())
        if not checked.valid:
            continue
        link = rng.choices(links, weights=(1, 3, 2, 2))[0]
        created.append(Response(campaign=campaign, version=version, submission_key=uuid.uuid4(),
                                segments=link.segments, answers=checked.answers,
                                submitted_on=today - dt.timedelta(days=rng.randint(0, 29))))  # fmt: skip
    Response.objects.bulk_create(created)
    return campaign
