"""Run a ``tindus`` command in the test's process, as the entry point does."""

from unittest import mock

from django.db import connections

from tindus.cli import main


def tindus(capsys, *argv: str) -> tuple[int, str, str]:
    """``tindus ARGV``: its exit code, standard output and error. Django closes every database connection when a
    command ends, which would end the test's transaction on PostgreSQL: here the connection stays open, as the
    test client keeps it around a request."""
    code = 0
    with mock.patch.object(connections, "close_all"):
        try:
            main(list(argv))
        except SystemExit as exit_:
            code = exit_.code or 0
    out, err = capsys.readouterr()
    return code, out, err
