"""What the tests of the day's pages share: an event of Haut-Doubs with companies and their meetings."""

from django.urls import reverse

from tests.events.views.participants_helpers import SCIERIE
from tests.factories import EventFactory, EventMeetingFactory, ParticipantFactory

OWN = SCIERIE  # the company representative of the events tests speaks for the sawmill (conftest.py)
NAMES = ["Scierie du Saugeais", "Décolletage de Morteau", "Horlogerie Vuillemin", "Fromagerie du Mont",
         "Tôlerie Jeannin", "Plasturgie Comtoise", "Usinage Bôle", "Transports Pourchet"]  # fmt: skip


def day_url(name: str, event, *args) -> str:
    return reverse(f"events:{name}", args=[event.territory.slug, event.pk, *args])


def event_with_requests(territory, **kwargs):
    """An event (14:00–16:00, five slots, four tables) with eight companies, the first the company
    representative's, and twelve accepted meetings of weights 1 to 3."""
    event = EventFactory(territory=territory, **kwargs)
    people = [ParticipantFactory(event=event, company_name=NAMES[0], siret=OWN)]
    people += [ParticipantFactory(event=event, company_name=name) for name in NAMES[1:]]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (3, 6), (4, 7), (5, 6), (5, 7), (6, 7)]
    for n, (i, j) in enumerate(pairs):
        EventMeetingFactory(a=people[i], b=people[j], weight=1 + n % 3)
    return event, people
