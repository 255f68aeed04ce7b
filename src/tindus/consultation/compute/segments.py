"""The segments an answer is counted in: sector, size class and EPCI of the respondent's establishment.

Plain Python. SIRENE headcount bands are grouped into the size classes of the 2008 LME decree
(micro, small and medium, intermediate, large), which is how committees read them.
"""

from __future__ import annotations

SIZE_CLASSES = {
    "01": "1 à 9 salariés", "02": "1 à 9 salariés", "03": "1 à 9 salariés",
    "11": "10 à 49 salariés", "12": "10 à 49 salariés",
    "21": "50 à 249 salariés", "22": "50 à 249 salariés", "31": "50 à 249 salariés",
    "32": "250 salariés ou plus", "41": "250 salariés ou plus", "42": "250 salariés ou plus",
    "51": "250 salariés ou plus", "52": "250 salariés ou plus", "53": "250 salariés ou plus",
}  # fmt: skip
NO_STAFF = "sans salarié ou inconnu"
# The SIRENE bands of each class, for filtering the warehouse.
BANDS_OF_CLASS: dict[str, tuple[str, ...]] = {}
for _band, _label in SIZE_CLASSES.items():
    BANDS_OF_CLASS[_label] = (*BANDS_OF_CLASS.get(_label, ()), _band)


def size_class(size_band: str) -> str:
    return SIZE_CLASSES.get(size_band, NO_STAFF)


def establishment_segments(
    a17: str, a17_label: str, a38: str, size_band: str, epci_name: str, commune: str
) -> dict[str, str]:
    """The segments stored with an invitation (and copied onto its answer)."""
    return {
        "a17": f"{a17} {a17_label}".strip() if a17 else "",
        "a38": a38,
        "size": size_class(size_band),
        "epci": epci_name,
        "commune": commune,
    }
