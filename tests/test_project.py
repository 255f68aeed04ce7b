"""Cheap strict checks over the whole project: migrations match the models, templates name real variables."""

from io import StringIO

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.template import Context, Template


@pytest.mark.django_db
def test_the_migrations_describe_the_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"a model change has no migration (exit {exit_.code}):\n{out.getvalue()}")


class WithoutAnswer:
    @property
    def response(self):
        raise ObjectDoesNotExist  # what a missing one-to-one relation raises


def test_a_template_reading_a_missing_variable_fails():
    with pytest.raises(AssertionError, match="invalid template variable: titel"):
        Template("{{ titel }}").render(Context({"title": "Tindus"}))
    with pytest.raises(AssertionError, match="invalid template variable: titel"):
        Template('{{ titel|default:"—" }}').render(Context({}))


def test_conditions_on_what_is_missing_stay_false():
    assert Template("{% if titel %}x{% endif %}").render(Context({})) == ""
    assert Template("{% if i.response %}x{% else %}y{% endif %}").render(Context({"i": WithoutAnswer()})) == "y"
