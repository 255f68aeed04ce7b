"""The project form lists communes in French order (« Époisses » among the E, not after « V »)."""

from tindus.core.collation import french_key
from tindus.plan.forms import ProjectForm


def test_project_form_lists_communes_in_french_order(territory):
    labels = [str(label) for _pk, label in ProjectForm(territory=territory).fields["communes"].choices]
    assert "Époisses" in labels  # an Auxois Morvan commune whose initial is accented
    assert labels == sorted(labels, key=french_key)
    assert labels.index("Époisses") < labels.index("Vitteaux")
