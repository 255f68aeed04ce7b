"""The shipped tables fit the columns they are copied into (SQLite would not tell; PostgreSQL would)."""

from tindus.synergies.compute.impact import default_factors
from tindus.synergies.models import EmissionFactor, Opportunity

FIELDS = {"key": "key", "label_fr": "label", "unit": "unit", "source": "source", "vintage": "vintage", "notes": "notes"}


def test_every_shipped_emission_factor_fits_the_territory_table():
    for factor in default_factors().values():
        for attribute, field in FIELDS.items():
            limit = EmissionFactor._meta.get_field(field).max_length
            assert len(getattr(factor, attribute)) <= limit, (factor.key, attribute)
        for field in ("disposal_route", "virgin_material", "reprocessing"):
            assert len(factor.key) <= Opportunity._meta.get_field(field).max_length
