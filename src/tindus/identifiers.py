"""SIREN and SIRET checks (plain Python, shared by forms, imports and the synthetic generator)."""

from __future__ import annotations

import re

# La Poste's establishments share SIREN 356000000; their SIRETs do not follow Luhn but the
# sum of their digits is a multiple of 5 (INSEE's documented exception).
LA_POSTE_SIREN = "356000000"


def luhn_valid(number: str) -> bool:
    """The Luhn checksum used by SIREN and SIRET numbers."""
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit to append to ``partial`` so that the result passes the Luhn check."""
    for digit in "0123456789":
        if luhn_valid(partial + digit):
            return digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def siren_valid(siren: str) -> bool:
    return bool(re.fullmatch(r"\d{9}", siren)) and luhn_valid(siren)


def siret_valid(siret: str) -> bool:
    if not re.fullmatch(r"\d{14}", siret):
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_valid(siret)
