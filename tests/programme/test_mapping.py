"""The classes of the steering's maps (plain Python)."""

from tindus.programme.compute.mapping import limits, shade


def test_shares_use_fixed_fifths_and_a_bound_goes_up():
    bounds = limits([0.1, 0.95], share=True)
    assert bounds == (0.2, 0.4, 0.6, 0.8)
    assert [shade(v, bounds, share=True) for v in (0.0, 0.2, 0.5, 0.8, 1.0)] == [1, 2, 3, 5, 5]


def test_amounts_use_five_equal_steps_up_to_the_largest():
    bounds = limits([0, 250, 1000], share=False)
    assert bounds == (200, 400, 600, 800)
    assert [shade(v, bounds, share=False) for v in (0, 200, 250, 1000)] == [1, 1, 2, 5]


def test_small_counts_take_fewer_whole_classes():
    bounds = limits([0, 1, 3], share=False, whole=True)
    assert bounds == (1, 2)
    assert [shade(v, bounds, share=False) for v in (0, 1, 2, 3)] == [1, 1, 2, 3]


def test_all_zero_is_one_class():
    assert limits([0, 0], share=False) == ()
    assert shade(0, (), share=False) == 1
