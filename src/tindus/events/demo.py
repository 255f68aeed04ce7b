"""The demo's business meetings afternoon for Haut-Doubs Horloger, labelled synthetic from end to end.

About 36 companies of the synthetic warehouse's Haut-Doubs establishments register (named as the synergies
pages name them), say what they offer and seek according to their sector, are available all afternoon or
half of it, and ask to meet each other; most requests are accepted, some declined, some still pending.
The scheduler places the accepted meetings (the same core and write-back the organiser's button uses), the
agendas are published, a few participants checked in, one is absent, and some meetings have their feedback,
two of which open opportunities in the synergies pipeline. The demo company account is one of the
companies, so that the company role sees a real agenda.

Every row is flagged ``synthetic``; no figure is written here, each one is computed from these rows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tindus.accounts.demo import DEMO_ACCOUNTS, represent_company
from tindus.accounts.models import Membership, Role
from tindus.synergies.names import label_of, warehouse_records
from tindus.synergies.places import territory_listing
from tindus.territories.models import Territory
from tindus.warehouse.queries import ListedEstablishment

from . import feedback
from .forms_event import EventForm
from .models import Event, Meeting, MeetingRequest, Outcome, Participant, RequestStatus

TITLE = "Rencontres d'affaires du Haut-Doubs horloger"
UPCOMING_TITLE = "Matinale speed business de Pontarlier"
# The afternoon took place three weeks before the demo is loaded; the morning comes six weeks after, so that
# both the feedback of a past event and the registrations and requests of a coming one can be tried.
HELD_DAYS_AGO = 21
UPCOMING_IN_DAYS = 42
COMPANIES = 36
UPCOMING_COMPANIES = 18
SCHEDULE_SECONDS = 5.0
MORTEAU = "25411"
PONTARLIER = "25462"


@dataclass(frozen=True)
class Profile:
    """What a company of a sector offers and seeks at the event (synergies categories and free text)."""

    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    offers_text: str
    seeks_text: str


# NAF division → the profile of its companies at the event; the first division found wins.
PROFILES = {
    "26": Profile(("competences", "equipements"), ("recrutement", "formation"),
                  "Micro-mécanique horlogère, assemblage et contrôle de mouvements",
                  "Horlogers et régleurs qualifiés, formation au polissage"),
    "32": Profile(("competences", "services"), ("recrutement", "achats"),
                  "Habillage horloger, bijouterie, finitions de luxe",
                  "Achats groupés de métaux précieux, recrutement"),
    "25": Profile(("equipements", "competences"), ("matieres", "achats", "logistique"),
                  "Décolletage de précision, capacités machines disponibles",
                  "Copeaux de laiton valorisés, achats d'énergie mutualisés, transport régulier vers la Suisse"),
    "24": Profile(("matieres",), ("energie", "logistique"), "Aciers et alliages, chutes de production",
                  "Récupération de chaleur, transport mutualisé"),
    "28": Profile(("equipements", "services"), ("competences", "recrutement"),
                  "Machines spéciales, maintenance d'automates", "Techniciens de maintenance, apprentis"),
    "27": Profile(("equipements",), ("competences",), "Équipements électriques, bancs de test",
                  "Compétences en électronique embarquée"),
    "22": Profile(("matieres", "equipements"), ("energie", "recrutement"), "Injection plastique, rebuts broyés",
                  "Chaleur fatale, opérateurs de production"),
    "16": Profile(("matieres",), ("logistique", "energie"), "Sciure, plaquettes et chutes de bois d'épicéa",
                  "Débouchés pour les connexes, chaufferie bois partagée"),
    "10": Profile(("matieres",), ("logistique", "achats"), "Lactosérum et co-produits de la filière comté",
                  "Transport frigorifique mutualisé, emballages"),
    "11": Profile(("matieres",), ("logistique",), "Drêches et marcs de distillation", "Collecte groupée"),
    "33": Profile(("services", "competences"), ("recrutement",), "Réparation et maintenance industrielle",
                  "Techniciens itinérants"),
    "43": Profile(("services", "locaux"), ("matieres",), "Second œuvre, aménagement d'ateliers",
                  "Matériaux de réemploi"),
    "49": Profile(("logistique",), ("recrutement",), "Transport régional et frontalier, tournées régulières",
                  "Conducteurs poids lourds"),
    "52": Profile(("logistique", "locaux"), ("services",), "Entreposage et préparation de commandes",
                  "Clients pour surfaces disponibles"),
    "62": Profile(("services", "competences"), ("formation",), "Logiciels de gestion de production, ERP",
                  "Partenaires de formation au numérique"),
    "71": Profile(("services",), ("competences",), "Bureau d'études, métrologie", "Partenaires industriels"),
    "78": Profile(("recrutement",), ("services",), "Recrutement et intérim industriel",
                  "Entreprises qui recrutent"),
    "85": Profile(("formation",), ("locaux", "equipements"), "Formations aux métiers de l'horlogerie et de l'usinage",
                  "Plateaux techniques et machines pour les stagiaires"),
}  # fmt: skip
GENERIC = Profile(("services",), ("achats", "recrutement"), "Services aux entreprises du territoire",
                  "Achats mutualisés, recrutement")  # fmt: skip
FIRST_NAMES = ["Camille", "Julien", "Sophie", "Thomas", "Claire", "Nicolas", "Léa", "Mathieu", "Élodie", "Pierre",
               "Anne", "Hugo", "Marion", "Vincent", "Laure", "Antoine", "Chloé", "Olivier"]  # fmt: skip
LAST_NAMES = ["Vuillemin", "Cuenot", "Mougin", "Jeannin", "Bourgeois", "Faivre", "Girardot", "Pourcelot",
              "Vermot", "Cattin", "Boillot", "Roussel", "Marguet", "Tissot", "Droz", "Bole"]  # fmt: skip
ROLES = ["Dirigeant", "Directrice générale", "Responsable achats", "Directeur commercial", "Responsable RH",
         "Responsable production", "Chargée de développement"]  # fmt: skip
MESSAGES = ["Vos capacités nous intéressent pour un projet en cours.", "Échangeons sur une collaboration possible.",
            "Nous cherchons un partenaire local sur ce sujet.", ""]  # fmt: skip


def _profile(naf: str) -> Profile:
    return PROFILES.get(naf[:2], GENERIC)


def _demo_company_siret(territory: Territory) -> str:
    account = next(a for a in DEMO_ACCOUNTS if a.role == Role.COMPANY)
    found = Membership.objects.filter(territory=territory, role=Role.COMPANY, user__username=account.email)
    return found.values_list("company_siret", flat=True).first() or ""


def _companies(territory: Territory, rng: random.Random, keep: str) -> list[tuple[ListedEstablishment, str]]:
    """(establishment, name) of the companies that register: industry first, then business services, each
    name once; the demo company account's establishment among them when it is in the territory."""
    listing = sorted(territory_listing(territory), key=lambda e: e.siret)
    records = warehouse_records(e.siret for e in listing)
    named = [(e, label_of(records.get(e.siret), e.name)) for e in listing]
    named = [(e, name) for e, name in named if records.get(e.siret) and records[e.siret].name]
    industry = [item for item in named if "10" <= item[0].naf[:2] <= "33"]
    services = [item for item in named if item[0].naf[:2] in PROFILES and item not in industry]
    rng.shuffle(industry)
    rng.shuffle(services)
    chosen, names = [], set()
    for e, name in [item for item in named if item[0].siret == keep] + industry + services:
        if name not in names and len(chosen) < COMPANIES:
            chosen.append((e, name))
            names.add(name)
    return chosen


def _event(territory: Territory, day: dt.date) -> Event:
    form = EventForm({
        "kind": "rdv_affaires", "title": TITLE, "date": day.isoformat(), "place": "Salle des fêtes, Morteau",
        "description": "Un après-midi de rendez-vous d'affaires de 20 minutes entre entreprises du Haut-Doubs "
                       "(données synthétiques de démonstration).",
        "afternoon_start": "14:00", "afternoon_end": "18:00", "slot_minutes": "20", "break_minutes": "5",
        "table_count": "12", "reserved_tables": "12", "table_names": "", "capacity": "60",
        "registration_deadline": (day - dt.timedelta(days=14)).isoformat(),
        "booking_opens": f"{day - dt.timedelta(days=50):%Y-%m-%d} 09:00",
        "booking_closes": f"{day - dt.timedelta(days=7):%Y-%m-%d} 18:00", "request_expiry_days": "7",
        "max_meetings_default": "8", "min_meetings": "2",
    }, territory=territory)  # fmt: skip
    if not form.is_valid():
        raise ValueError(f"demo event: {form.errors.as_json()}")
    event = form.save()
    Event.objects.filter(pk=event.pk).update(synthetic=True, commune=MORTEAU)
    event.refresh_from_db()
    return event


def _register(event: Event, companies: list[tuple[ListedEstablishment, str]], rng: random.Random) -> list[Participant]:
    slots = list(event.slots.order_by("start"))
    half = len(slots) // 2 + 1
    people = []
    for n, (e, name) in enumerate(companies):
        profile = _profile(e.naf)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person = Participant.objects.create(
            event=event, siret=e.siret, company_name=name, commune=e.commune, naf=e.naf, size_band=e.size_band,
            person_name=f"{first} {last}", person_role=rng.choice(ROLES),
            email=f"{first}.{last}.{n}@demo.tindus.localhost".lower(), offers=list(profile.offers),
            seeks=list(profile.seeks), offers_text=profile.offers_text, seeks_text=profile.seeks_text,
            max_meetings=5 if n % 7 == 3 else None, synthetic=True,
        )  # fmt: skip
        # one in four is there for half of the afternoon only, alternately the first or the second half
        available = slots[:half] if n % 8 == 2 else slots[-half:] if n % 8 == 6 else slots
        person.available_slots.set(available)
        people.append(person)
    return people


def _pairs(people: list[Participant], rng: random.Random, own: Participant | None) -> list[tuple[int, int]]:
    """Who asks whom: each company asks about four others, those whose offers meet what it seeks first, then
    one that seeks the same purchases (to pool them), then any; the demo company asks three and is asked by
    two. A pair is asked once."""
    pairs: list[tuple[int, int]] = []
    seen: set[frozenset[int]] = set()

    def add(i: int, j: int) -> None:
        if i != j and frozenset((i, j)) not in seen:
            seen.add(frozenset((i, j)))
            pairs.append((i, j))

    for i, p in enumerate(people):
        fits = [j for j, q in enumerate(people) if j != i and set(p.seeks) & set(q.offers)]
        pooling = [j for j, q in enumerate(people) if j != i and "achats" in set(p.seeks) & set(q.seeks)]
        wanted = rng.sample(fits, min(3, len(fits))) + rng.sample(pooling, min(1, len(pooling)))
        while len(wanted) < 4:  # curiosity: a company met by chance in the directory
            wanted.append(rng.randrange(len(people)))
        for j in wanted:
            add(i, j)
    if own is not None:
        k = people.index(own)
        others = [j for j in range(len(people)) if j != k]
        for j in others[:3]:
            add(k, j)
        for j in others[-2:]:
            add(j, k)
    return pairs


def _requests(event: Event, people: list[Participant], rng: random.Random, own: Participant | None) -> None:
    """The requests, their answers and the meetings both sides accepted (weighted by both priorities)."""
    opened = event.booking_opens + dt.timedelta(hours=1)
    closes = event.booking_closes
    for n, (i, j) in enumerate(_pairs(people, rng, own)):
        sender, recipient = people[i], people[j]
        if own is not None and own in (sender, recipient):
            status = RequestStatus.ACCEPTED
        elif n % 10 == 3:
            status = RequestStatus.DECLINED
        elif n % 10 == 7:
            status = RequestStatus.PENDING
        elif n % 25 == 11:
            status = RequestStatus.EXPIRED
        else:
            status = RequestStatus.ACCEPTED
        # asked along the booking window; those still pending were sent in its last days
        sent = (
            closes - dt.timedelta(days=3, hours=n)
            if status == RequestStatus.PENDING
            else opened + dt.timedelta(hours=6 * n)
        )
        request = MeetingRequest.objects.create(
            event=event, sender=sender, recipient=recipient, priority=rng.choice([1, 2, 2, 3, 3]),
            message=rng.choice(MESSAGES), from_suggestion=rng.random() < 0.3, status=status,
            expires_at=sent + dt.timedelta(days=event.request_expiry_days),
        )  # fmt: skip
        answered = sent + dt.timedelta(days=rng.randint(1, 4))
        if status not in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
            answered = None
        MeetingRequest.objects.filter(pk=request.pk).update(created_at=sent, answered_at=answered)
        if status == RequestStatus.ACCEPTED:
            Meeting.objects.create(event=event, a=sender, b=recipient, request=request, synthetic=True,
                                   weight=request.priority + rng.choice([1, 2, 3]))  # fmt: skip


def _schedule(event: Event) -> None:
    """Place the accepted meetings as the organiser's « schedule » button does, and publish the agendas."""
    from .compute.solve import schedule
    from .instance_build import apply_schedule, build_instance, check

    built = build_instance(event)
    check(built)
    apply_schedule(built, schedule(built.instance, time_limit=SCHEDULE_SECONDS, workers=2))
    Event.objects.filter(pk=event.pk).update(schedule_published=True)


def _day(event: Event, people: list[Participant], own: Participant | None) -> None:
    """A few arrivals, one company absent (its meetings did not take place), and the feedback of some
    meetings: two of them open an opportunity in the synergies pipeline."""
    start = timezone.make_aware(dt.datetime.combine(event.date, dt.time(13, 40)))
    placed = list(event.meetings.filter(slot__isnull=False).select_related("a", "b", "slot", "table", "event")
                  .order_by("slot__start", "table__number"))  # fmt: skip
    busy = sorted({m.a_id for m in placed} | {m.b_id for m in placed})
    absent = next(p for p in people if p.pk in busy and p != own)
    absent.absent = True
    absent.save(update_fields=["absent"])
    for n, person in enumerate(p for p in people if p.pk in busy and p != absent):
        if n % 3 == 0 or person == own:
            Participant.objects.filter(pk=person.pk).update(checked_in_at=start + dt.timedelta(minutes=2 * n))
    missed = [m for m in placed if absent.pk in (m.a_id, m.b_id)]
    Meeting.objects.filter(pk__in=[m.pk for m in missed]).update(held=False)
    for m in missed[:1]:
        feedback.record(m, m.other(absent), Outcome.NOT_HELD, None, note="Interlocuteur absent ce jour-là.")
    others = [m for m in placed if m not in missed]
    fruitful = [m for m in others if set(m.a.seeks) & set(m.b.offers)][:2]
    for m, (first, second) in zip(fruitful, [(Outcome.COOPERATION, Outcome.INFORMATIVE),
                                             (Outcome.SYNERGY, Outcome.COOPERATION)], strict=False):  # fmt: skip
        kind = sorted(set(m.a.seeks) & set(m.b.offers))[0]
        feedback.record(m, m.a, first, None, category=kind if first == Outcome.SYNERGY else "",
                        note="Suite à donner : visite du site et échange de besoins chiffrés.")  # fmt: skip
        feedback.record(m, m.b, second, None, note="Contact utile.")
    plain = [Outcome.INFORMATIVE, Outcome.NO_INTEREST, Outcome.INFORMATIVE]
    for n, m in enumerate([m for m in others if m not in fruitful][::4][:10]):
        feedback.record(m, m.a if n % 2 else m.b, plain[n % len(plain)], None)


@transaction.atomic
def load_demo_events(territory: Territory, seed: int = 2027) -> int:
    """The territory's synthetic business meetings afternoon, unless it has events already or the warehouse
    has too few of its companies; returns the number of companies registered."""
    if territory.events.exists():
        return 0
    rng = random.Random(seed)
    keep = _demo_company_siret(territory)
    companies = _companies(territory, rng, keep)
    if len(companies) < COMPANIES:
        return 0
    event = _event(territory, timezone.localdate() - dt.timedelta(days=HELD_DAYS_AGO))
    people = _register(event, companies, rng)
    own = next((p for p in people if p.siret == keep), None)
    if own is None:  # the demo company account represents one of them
        represent_company(territory, people[0].siret)
        own = people[0] if _demo_company_siret(territory) == people[0].siret else None
    if own is not None:  # registered by the demo company account itself
        account = Membership.objects.filter(territory=territory, role=Role.COMPANY, company_siret=own.siret)
        Participant.objects.filter(pk=own.pk).update(user_id=account.values_list("user", flat=True).first())
    _requests(event, people, rng, own)
    _schedule(event)
    _day(event, people, own)
    _upcoming(territory, companies, rng, own.siret if own else keep)
    return len(people)


def _upcoming(
    territory: Territory, companies: list[tuple[ListedEstablishment, str]], rng: random.Random, keep: str
) -> Event:
    """A speed business morning still open: some companies registered (not the demo company account, which
    may register itself), requests sent, a few answered, nothing scheduled yet."""
    day = timezone.localdate() + dt.timedelta(days=UPCOMING_IN_DAYS)
    form = EventForm({
        "kind": "speed_business", "title": UPCOMING_TITLE, "date": day.isoformat(),
        "place": "Pépinière d'entreprises, Pontarlier",
        "description": "Des rendez-vous de 10 minutes pour se présenter entre voisins d'activité "
                       "(données synthétiques de démonstration).",
        "morning_start": "08:30", "morning_end": "11:00", "slot_minutes": "10", "break_minutes": "2",
        "table_count": "8", "table_names": "", "reserved_tables": "", "capacity": "40",
        "registration_deadline": (day - dt.timedelta(days=7)).isoformat(),
        "booking_opens": f"{timezone.localdate() - dt.timedelta(days=10):%Y-%m-%d} 09:00",
        "booking_closes": f"{day - dt.timedelta(days=2):%Y-%m-%d} 18:00", "request_expiry_days": "10",
        "max_meetings_default": "6", "min_meetings": "0",
    }, territory=territory)  # fmt: skip
    if not form.is_valid():
        raise ValueError(f"demo event: {form.errors.as_json()}")
    event = form.save()
    Event.objects.filter(pk=event.pk).update(synthetic=True, commune=PONTARLIER)
    event.refresh_from_db()
    people = _register(event, [c for c in companies if c[0].siret != keep][:UPCOMING_COMPANIES], rng)
    now = timezone.now()
    for n, (i, j) in enumerate(_pairs(people, rng, None)[: UPCOMING_COMPANIES * 2]):
        status = (
            RequestStatus.ACCEPTED if n % 3 == 0 else RequestStatus.DECLINED if n % 7 == 5 else RequestStatus.PENDING
        )
        request = MeetingRequest.objects.create(
            event=event, sender=people[i], recipient=people[j], priority=rng.choice([1, 2, 3]), status=status,
            message=rng.choice(MESSAGES), expires_at=now + dt.timedelta(days=event.request_expiry_days - n % 4),
            answered_at=now if status != RequestStatus.PENDING else None,
        )  # fmt: skip
        if status == RequestStatus.ACCEPTED:
            Meeting.objects.create(event=event, a=people[i], b=people[j], request=request, synthetic=True,
                                   weight=request.priority + rng.choice([1, 2, 3]))  # fmt: skip
    return event
