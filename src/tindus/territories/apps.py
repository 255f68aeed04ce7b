from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "tindus.territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from tindus.referentials.loading import references_written
        from tindus.warehouse.reference import register_reference_table

        from . import history_labels
        from .models import Territory
        from .official import write_official_territories
        from .warehouse import territory_commune_rows

        # The presentation is part of the public site: its changes enter the territory's history.
        auditlog.register(Territory, include_fields=["name", "description"])
        # The codes stored in the history read as their labels there.
        history_labels.register()
        # Loading the reference files writes the official Territoires d'industrie in the same transaction.
        references_written.connect(write_official_territories, dispatch_uid="territories.official")
        # The warehouse keeps each territory's communes for the diagnostic's zone queries.
        register_reference_table("ref_territory_commune", territory_commune_rows)
