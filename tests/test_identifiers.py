from hypothesis import given
from hypothesis import strategies as st

from tindus.identifiers import luhn_check_digit, luhn_valid, siren_valid, siret_valid


def test_known_numbers():
    assert siren_valid("732829320") and siret_valid("90000000100009")
    assert not siret_valid("90000000100008") and not siret_valid("9000000010000")
    # La Poste: SIREN 356000000, SIRET checked by the sum of digits modulo 5.
    assert siret_valid("35600000000001") and not luhn_valid("35600000000001")
    assert not siret_valid("35600000000046")


@given(st.text("0123456789", min_size=1, max_size=13))
def test_check_digit_completes_any_number(partial):
    assert luhn_valid(partial + luhn_check_digit(partial))


@given(st.text("0123456789", min_size=2, max_size=14), st.integers(0, 13), st.integers(1, 9))
def test_luhn_catches_every_single_digit_error(number, position, shift):
    position %= len(number)
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert not (luhn_valid(number) and luhn_valid(changed))
