"""The organiser imports a registration list (CSV or XLSX): all or nothing, every problem with its line, and a
template whose columns the import reads back."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.factories import EventFactory, ParticipantFactory, siret
from tindus.events.imports_file import HEADERS, SHEET
from tindus.events.models import Participant

from .views.participants_helpers import DECOLLETAGE, FROMAGERIE, MONTBARD, PANNEAUX, SCIERIE, url

pytestmark = pytest.mark.django_db


HEADER = ";".join(HEADERS)


def csv_file(*lines, header=HEADER, name="inscriptions.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, "\n".join([header, *lines]).encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=HEADERS, name="inscriptions.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def send(client, event, upload):
    return client.post(url(event, "registration_import"), {"file": upload})


def problems(response):
    return [(p.line, p.column) for p in response.context["problems"]]


def test_a_csv_list_registers_every_company(team_client, event, sirene):
    response = send(team_client, event, csv_file(
        f"{SCIERIE};Anne Vuillemin;Directrice;anne@scierie.fr;matieres, Énergie;Sciures;logistique;;14:00 14h25;3",
        f"{PANNEAUX[:9]} {PANNEAUX[9:]};Paul Cuenot;;;;;matières;Plaquettes;;",
    ))  # fmt: skip
    assert response.status_code == 302
    scierie, panneaux = (Participant.objects.get(siret=s) for s in (SCIERIE, PANNEAUX))
    assert (scierie.company_name, scierie.commune, scierie.naf, scierie.size_band) == (
        "SCIERIE DU SAUGEAIS",
        "25411",
        "16.10A",
        "12",
    )
    assert (scierie.offers, scierie.seeks, scierie.max_meetings, scierie.email) == (
        ["matieres", "energie"],
        ["logistique"],
        3,
        "anne@scierie.fr",
    )
    assert [f"{s.start:%H:%M}" for s in scierie.available_slots.all()] == ["14:00", "14:25"]
    assert panneaux.available_slots.count() == event.slots.count()  # empty: every slot
    assert (panneaux.seeks, panneaux.seeks_text, panneaux.max_meetings) == (["matieres"], "Plaquettes", None)


def test_an_xlsx_list_with_numbers_and_times_as_spreadsheets_store_them(team_client, event, sirene):
    import datetime

    rows = [[int(SCIERIE), "Anne", None, None, "formation", None, None, None, datetime.time(14, 50), 2.0]]
    assert send(team_client, event, xlsx_file(rows)).status_code == 302
    p = Participant.objects.get()
    assert p.siret == SCIERIE and p.max_meetings == 2 and p.offers == ["formation"]
    assert [f"{s.start:%H:%M}" for s in p.available_slots.all()] == ["14:50"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_is_read_back_by_the_import(team_client, event, sirene, fmt):
    response = team_client.get(url(event, "registration_template", fmt=fmt))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    content = response.content
    if fmt == "csv":
        assert content.decode("utf-8-sig").strip() == HEADER
        upload = SimpleUploadedFile("liste.csv", content + f"\n{FROMAGERIE};Léa Bournez;;;;;;;;".encode())
    else:
        book = load_workbook(io.BytesIO(content))
        assert [c.value for c in book[SHEET][1]] == HEADERS and "Lisez-moi" in book.sheetnames
        book[SHEET].append([FROMAGERIE, "Léa Bournez"])
        out = io.BytesIO()
        book.save(out)
        upload = SimpleUploadedFile("liste.xlsx", out.getvalue())
    assert send(team_client, event, upload).status_code == 302
    assert Participant.objects.get().company_name == "FROMAGERIE D'AVOUDREY"


def test_a_wrong_list_saves_nothing_and_names_each_line(team_client, event, sirene):
    response = send(team_client, event, csv_file(
        f"{SCIERIE};Anne;;;;;;;14:00;",  # line 2: correct
        f"{siret('2500000900001')};Inconnu;;;;;;;;",  # 3: not in SIRENE
        f"{MONTBARD};Hors territoire;;;;;;;;",  # 4: outside the territory
        f"{PANNEAUX};Paul;;;;;;;14:10;",  # 5: no slot starts at 14:10
        f"{DECOLLETAGE};Marc;;;;;;;;",  # 6 and 7: twice
        f"{DECOLLETAGE};Marc;;;;;;;;",
        f"{FROMAGERIE};;;pas-un-courriel;chaleur;;;;;0",  # 8: no name, bad email, category and maximum
    ))  # fmt: skip
    assert response.status_code == 400
    assert problems(response) == [
        (3, "siret"), (4, "siret"), (5, "créneaux"), (6, "siret"), (7, "siret"),
        (8, "courriel"), (8, "nom"), (8, "propose"), (8, "rencontres max"),
    ]  # fmt: skip
    page = response.content.decode()
    assert "14:10" in page and "14:00, 14:25, 14:50, 15:15, 15:40" in page and "21425" in page
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (HEADER.replace("nom", "personne", 1), "nom"),
        (HEADER.rsplit(";", 1)[0], "rencontres max"),  # a column missing
        (HEADER + ";remarques", ""),  # one too many
    ],
)
def test_a_wrong_header_is_named(team_client, event, sirene, header, column):
    response = send(team_client, event, csv_file(f"{SCIERIE};Anne;;;;;;;;", header=header))
    assert response.status_code == 400 and problems(response) == [(1, column)]
    assert not Participant.objects.exists()


def test_headers_are_read_whatever_their_case_and_accents(team_client, event, sirene):
    header = HEADER.upper().replace("É", "E")
    assert (
        send(team_client, event, csv_file(f"{SCIERIE},Anne,,,,,,,,".replace(",", ";"), header=header)).status_code
        == 302
    )


def test_a_company_already_registered_is_not_imported_again(team_client, event, sirene):
    ParticipantFactory(event=event, siret=SCIERIE)
    response = send(team_client, event, csv_file(f"{SCIERIE};Anne;;;;;;;;", f"{PANNEAUX};Paul;;;;;;;;"))
    assert response.status_code == 400 and problems(response) == [(2, "siret")]
    assert Participant.objects.count() == 1


def test_the_capacity_holds_for_the_whole_list(team_client, haut_doubs, sirene):
    event = EventFactory(territory=haut_doubs, capacity=2)
    ParticipantFactory(event=event)
    response = send(team_client, event, csv_file(f"{SCIERIE};Anne;;;;;;;;", f"{PANNEAUX};Paul;;;;;;;;"))
    assert response.status_code == 400 and problems(response) == [(0, "")]
    assert Participant.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("liste.txt", b"siret;nom"), ".txt"),
        (SimpleUploadedFile("liste.xlsx", b"siret;nom\n"), "liste.xlsx"),  # text named .xlsx
        (SimpleUploadedFile("liste.csv", b"PK\x03\x04\x00\x00binary"), "liste.csv"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_at_the_field(team_client, event, upload, words):
    response = send(team_client, event, upload)
    assert response.status_code == 400
    assert words in response.context["form"].errors["file"][0]


def test_an_empty_list_is_refused(team_client, event):
    response = send(team_client, event, csv_file())
    assert response.status_code == 400 and problems(response) == [(2, "")]


def test_a_csv_saved_by_a_french_spreadsheet_is_read(team_client, event, sirene):
    upload = csv_file(f"{SCIERIE};Hélène Bôle;Gérante;;;;;;;", encoding="cp1252")
    assert send(team_client, event, upload).status_code == 302
    assert Participant.objects.get().person_name == "Hélène Bôle"


def test_only_the_team_imports(company_client, event, sirene):
    assert send(company_client, event, csv_file(f"{SCIERIE};Anne;;;;;;;;")).status_code == 403
    assert company_client.get(url(event, "registration_template", fmt="csv")).status_code == 403
    assert not Participant.objects.exists()


def test_the_categories_the_file_names_are_the_synergies_categories():
    from tindus.events.imports_file import CATEGORY_WORDS, plain
    from tindus.synergies.models import Category

    assert [plain(word) for word in CATEGORY_WORDS] == list(Category.values)
