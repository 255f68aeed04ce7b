"""The invitation form's commune filter lists communes in French order."""

from tindus.consultation.forms import WarehouseInvitationForm
from tindus.core.collation import french_key


def test_commune_filter_lists_communes_in_french_order(territory):
    field = WarehouseInvitationForm(territory=territory).fields["commune"]
    labels = [str(label) for code, label in field.choices if code]
    assert any(label.startswith("Époisses") for label in labels)
    assert labels == sorted(labels, key=french_key)
