"""The manifest's checks of a backup's files, in plain Python."""

import json

import pytest

from tindus.backups.compute.manifest import (
    FileEntry,
    ManifestError,
    check_file,
    hash_file,
    read_manifest,
    unknown_migrations,
    write_manifest,
)


@pytest.fixture
def entry(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"0123456789" * 100)
    return hash_file(tmp_path / "data.bin")


def test_a_whole_file_passes(tmp_path, entry):
    assert entry.size == 1000 and len(entry.sha256) == 64
    assert check_file(tmp_path, entry) is None


@pytest.mark.parametrize(
    ("change", "kind", "found"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:400]), "truncated", 400),
        (lambda p: p.write_bytes(p.read_bytes() + b"x"), "larger", 1001),
        (lambda p: p.write_bytes(b"X" + p.read_bytes()[1:]), "checksum", 1000),
        (lambda p: p.unlink(), "missing", 0),
    ],
)
def test_each_damage_is_named(tmp_path, entry, change, kind, found):
    change(tmp_path / "data.bin")
    problem = check_file(tmp_path, entry)
    assert (problem.name, problem.kind, problem.expected_size, problem.found_size) == ("data.bin", kind, 1000, found)


def test_the_manifest_reads_back_with_its_entries(tmp_path, entry):
    write_manifest(tmp_path, {"files": [entry.as_dict()], "media": {"file": "media.tar", "files": []}})
    manifest = read_manifest(tmp_path)
    assert manifest["format"] == 1 and manifest["files"] == [entry]


@pytest.mark.parametrize(
    ("content", "kind"),
    [(None, "missing"), ("{not json", "unreadable"), ('{"format": 99}', "newer-format"), ("[]", "unreadable")],
)
def test_an_unusable_manifest_says_why(tmp_path, content, kind):
    if content is not None:
        (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(ManifestError) as error:
        read_manifest(tmp_path)
    assert error.value.kind == kind


def test_migrations_this_code_does_not_know_are_listed():
    known = {("plan", "0001_initial"), ("plan", "0002_more")}
    assert unknown_migrations({"plan": ["0001_initial", "0002_more"]}, known) == []
    assert unknown_migrations({"plan": ["0001_initial", "0003_future"]}, known) == ["plan.0003_future"]


def test_file_entries_survive_json():
    entry = FileEntry("media.tar", 10, "a" * 64)
    assert FileEntry.from_dict(json.loads(json.dumps(entry.as_dict()))) == entry
