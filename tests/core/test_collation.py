"""French collation of names shown sorted."""

from tindus.core.collation import french_key, sorted_by_name


def test_accented_initials_sort_with_their_letter():
    names = ["Vitteaux", "Étalante", "Avallon", "Époisses", "Essey", "Œuilly", "Oyé"]
    assert sorted(names, key=french_key) == ["Avallon", "Époisses", "Essey", "Étalante", "Œuilly", "Oyé", "Vitteaux"]


def test_case_and_accents_only_break_ties():
    assert sorted(["côte", "Cote", "coté", "cote"], key=french_key) == ["cote", "Cote", "coté", "côte"]
    assert sorted(["l’Isle", "L'Hôpital", "Lamarche"], key=french_key) == ["L'Hôpital", "l’Isle", "Lamarche"]


def test_sorted_by_name_reads_the_name_attribute_or_a_given_one():
    class Place:
        def __init__(self, name: str) -> None:
            self.name = name

    assert [p.name for p in sorted_by_name([Place("Vitteaux"), Place("Étalante"), Place("Avallon")])] == [
        "Avallon", "Étalante", "Vitteaux"]  # fmt: skip
    assert sorted_by_name([("b", "Étalante"), ("a", "Vitteaux")], name=lambda r: r[1])[0] == ("b", "Étalante")
