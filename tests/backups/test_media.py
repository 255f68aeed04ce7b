"""Uploaded files in and out of a backup's archive, through Django's storage (a folder or another store)."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage

from tindus.backups import media


@pytest.fixture
def storage(tmp_path):
    found = FileSystemStorage(location=tmp_path / "media")
    found.save("plan/etude.pdf", ContentFile(b"%PDF etude"))
    found.save("jobs/1/export.csv", ContentFile(b"a;b\n"))
    found.save("jobs/.partial/x.part", ContentFile(b"half"))
    return found


def test_every_file_but_those_being_written_goes_into_the_archive(storage, tmp_path):
    entries = media.archive(storage, tmp_path / "media.tar")
    assert [e.name for e in entries] == ["jobs/1/export.csv", "plan/etude.pdf"]
    with tarfile.open(tmp_path / "media.tar") as tar:
        assert sorted(tar.getnames()) == ["jobs/1/export.csv", "plan/etude.pdf"]


def test_extraction_checks_each_file_against_the_manifest(storage, tmp_path):
    entries = media.archive(storage, tmp_path / "media.tar")
    media.extract(tmp_path / "media.tar", entries, tmp_path / "out")
    assert (tmp_path / "out" / "plan" / "etude.pdf").read_bytes() == b"%PDF etude"
    wrong = [entries[0], media.FileEntry(entries[1].name, entries[1].size, "0" * 64)]
    with pytest.raises(media.MediaArchiveError) as error:
        media.extract(tmp_path / "media.tar", wrong, tmp_path / "again")
    assert (error.value.kind, error.value.name) == ("checksum", "plan/etude.pdf")


def test_an_archive_with_a_file_the_manifest_does_not_list_is_refused(storage, tmp_path):
    entries = media.archive(storage, tmp_path / "media.tar")
    with pytest.raises(media.MediaArchiveError) as error:
        media.verify(tmp_path / "media.tar", entries[:1])
    assert error.value.kind == "unexpected"


def test_a_path_leaving_the_folder_is_refused(tmp_path):
    with tarfile.open(tmp_path / "evil.tar", "w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(media.MediaArchiveError) as error:
        media.verify(tmp_path / "evil.tar", [media.FileEntry("../outside.txt", 1, "0" * 64)])
    assert error.value.kind == "unsafe"


def test_another_store_gets_each_file_back_through_the_storage(storage, tmp_path):
    entries = media.archive(storage, tmp_path / "media.tar")
    store = InMemoryStorage()
    store.save("plan/etude.pdf", ContentFile(b"changed since"))
    store.save("other.txt", ContentFile(b"kept"))
    media.write_to_storage(tmp_path / "media.tar", entries, store)
    assert store.open("plan/etude.pdf").read() == b"%PDF etude"
    assert store.open("jobs/1/export.csv").read() == b"a;b\n"
    assert store.exists("other.txt")
