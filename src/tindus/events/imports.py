"""Import a registration list into an event: all or nothing.

Every line is read (:mod:`.imports_file`) and checked as the registration form checks a company (the SIRET in
SIRENE and in the territory, not registered yet, once in the file), with its person, categories, slots and
maximum of meetings; the event's deadline and capacity apply to the whole list. If anything is wrong, nothing
is saved and every problem is reported with its line and column.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tindus.consultation.invitations import check_siret
from tindus.synergies.models import Category
from tindus.synergies.names import label_of, warehouse_records
from tindus.synergies.places import establishments, territory_communes

from .imports_file import CATEGORY_WORDS, HEADER_OF, Problem, RegistrationFileError, plain, read_csv, read_xlsx
from .models import Event, Participant

TEXT_LIMITS = {key: Participant._meta.get_field(key).max_length
               for key in ("person_name", "person_role", "offers_text", "seeks_text")}  # fmt: skip
MAX_MEETINGS = 100


class RegistrationImportError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: (p.line, p.column))


def read_file(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    reader = read_xlsx if Path(filename).suffix.lower() == ".xlsx" else read_csv
    try:
        return reader(content, _)
    except RegistrationFileError as error:
        raise RegistrationImportError(error.problems) from None


class _Checker:
    def __init__(self, event: Event) -> None:
        self.event = event
        self.problems: list[Problem] = []
        self.slots = {f"{s.start:%H:%M}": s for s in event.slots.all()}
        self.categories = {plain(c): c for c in Category.values}

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(line, HEADER_OF.get(key, key), message))

    def categories_of(self, line: int, key: str, value: str) -> list[str]:
        found = []
        for word in [w for w in value.replace(";", ",").split(",") if w.strip()]:
            code = self.categories.get(plain(word))
            if code is None:
                self.problem(line, key, _("« %(value)s » is not a category (%(codes)s)")
                             % {"value": word.strip(), "codes": ", ".join(CATEGORY_WORDS)})  # fmt: skip
            elif code not in found:
                found.append(code)
        return found

    def slots_of(self, line: int, value: str) -> list:
        if not value.strip():
            return list(self.slots.values())
        chosen = []
        for word in value.replace(",", " ").replace(";", " ").split():
            key = word.lower().replace("h", ":").rstrip(":")
            key = key + ":00" if ":" not in key else key
            hours, _sep, minutes = key.partition(":")
            slot = self.slots.get(f"{hours.zfill(2)}:{minutes.zfill(2)}")
            if slot is None:
                self.problem(line, "slots", _("« %(value)s » is not the start of a slot of the event (%(starts)s)")
                             % {"value": word, "starts": ", ".join(self.slots)})  # fmt: skip
            elif slot not in chosen:
                chosen.append(slot)
        return chosen

    def max_of(self, line: int, value: str) -> int | None:
        if not value:
            return None
        if not value.isdigit() or not 1 <= int(value) <= MAX_MEETINGS:
            self.problem(line, "max_meetings", _("« %(value)s » is not a number of meetings from 1 to %(max)s")
                         % {"value": value, "max": MAX_MEETINGS})  # fmt: skip
            return None
        return int(value)

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> list[tuple[Participant, list]]:
        event = self.event
        if not event.registration_open():
            self.problem(0, "", _("Registrations are closed for this event."))
        registered = set(event.participants.values_list("siret", flat=True))
        if event.capacity and len(registered) + len(rows) > event.capacity:
            self.problem(0, "", _("The event holds %(capacity)s participants: %(registered)s registered and "
                                  "%(new)s in the file.") % {"capacity": event.capacity,
                                  "registered": len(registered), "new": len(rows)})  # fmt: skip
        sirets = [row["siret"].replace(" ", "") for _line, row in rows]
        found = establishments([s for s in sirets if s.isdigit()])
        names = warehouse_records(found)
        communes = territory_communes(event.territory)
        seen = Counter(sirets)
        result = []
        for (line, row), siret in zip(rows, sirets, strict=True):
            problem = check_siret(siret, found, communes)
            if problem:
                self.problem(line, "siret", problem)
            elif siret in registered:
                self.problem(line, "siret", _("SIRET %(siret)s is already registered to the event") % {"siret": siret})
            elif seen[siret] > 1:
                self.problem(line, "siret", _("SIRET %(siret)s appears twice") % {"siret": siret})
            if not row["person_name"]:
                self.problem(line, "person_name", _("this cell is required"))
            for key, limit in TEXT_LIMITS.items():
                if len(row[key]) > limit:
                    self.problem(line, key, _("at most %(n)s characters") % {"n": limit})
            if row["email"]:
                try:
                    validate_email(row["email"])
                except ValidationError:
                    self.problem(line, "email", _("« %(value)s » is not an email address") % {"value": row["email"]})
            participant = Participant(
                event=event, siret=siret, person_name=row["person_name"], person_role=row["person_role"],
                email=row["email"], offers=self.categories_of(line, "offers", row["offers"]),
                offers_text=row["offers_text"], seeks=self.categories_of(line, "seeks", row["seeks"]),
                seeks_text=row["seeks_text"], max_meetings=self.max_of(line, row["max_meetings"]),
            )  # fmt: skip
            e = found.get(siret)
            if e is not None:
                participant.company_name = label_of(names.get(siret), e.name)
                participant.commune, participant.naf, participant.size_band = e.commune, e.naf, e.size_band
            result.append((participant, self.slots_of(line, row["slots"])))
        return result


def import_registrations(event: Event, filename: str, content: bytes) -> list[Participant]:
    """Register every company of the file, or none (:class:`RegistrationImportError` with every problem)."""
    checker = _Checker(event)
    planned = checker.check(read_file(filename, content))
    if checker.problems:
        raise RegistrationImportError(checker.problems)
    with transaction.atomic():
        for participant, slots in planned:
            participant.save()
            participant.available_slots.set(slots)
    return [participant for participant, _slots in planned]
