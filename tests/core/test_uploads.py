"""Uploads are judged by their content, not only by their name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tindus.core.uploads import check_document, check_image, check_workbook, content_matches


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (31, 78, 121)).save(out, "PNG")
    return out.getvalue()


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_text_file_named_png_is_refused_with_its_name_and_what_was_expected():
    with pytest.raises(ValidationError) as refused:
        check_document(upload("x.png", b"ceci est un texte, pas une image"))
    message = " ".join(refused.value.messages)
    assert "x.png" in message and "PNG" in message
    with pytest.raises(ValidationError):
        check_image(upload("x.png", b"ceci est un texte, pas une image"))


def test_a_real_png_is_accepted_and_left_readable():
    real = upload("x.png", png_bytes())
    assert check_document(real) is real and check_image(real) is real
    assert real.read() == png_bytes()  # the check leaves the file where it was, for saving


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("etude.pdf", b"%PDF-1.7\n...", True),
        ("etude.pdf", b"<html>not a pdf</html>", False),
        ("liste.csv", "siret;nom\n1;Scierie de Montbéliard\n".encode("cp1252"), True),
        ("liste.csv", "siret;nom\n1;Scierie de Montbéliard\n".encode(), True),
        ("liste.csv", png_bytes(), False),
        ("note.txt", b"\x00\x01binary", False),
        ("plan.xlsx", zip_bytes({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}), True),
        ("plan.xlsx", b"PK\x03\x04 not really a zip", False),
        ("plan.xlsx", zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}), False),
        ("note.docx", zip_bytes({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}), True),
        ("note.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"}), True),
        ("note.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), False),
        ("photo.jpg", png_bytes(), True),  # an image all the same
    ],
)
def test_content_is_checked_for_every_accepted_kind(name, content, accepted):
    suffix = name[name.rindex(".") :]
    assert content_matches(upload(name, content), suffix) is accepted


def test_a_workbook_that_is_not_one_is_refused_with_the_callers_message():
    with pytest.raises(ValidationError) as refused:
        check_workbook(upload("plan.xlsx", b"a;b\n1;2\n"), "« %(name)s » is not a plan workbook.")
    assert refused.value.messages == ["« plan.xlsx » is not a plan workbook."]
