import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tindus.consultation.compute.results import OTHER, Respondent, Segmentation, coarsening, question_result, results
from tindus.consultation.compute.schema import Question, Questionnaire, Section


def people(spec):
    """spec: list of (sector, size, count, answer)."""
    return [Respondent({"a17": s, "size": z}, {"q": a}) for s, z, n, a in spec for _ in range(n)]


def test_small_values_are_folded_into_others():
    assert coarsening(["C1"] * 7 + ["C3"] * 2 + ["C5"] * 3) == {"C1": "C1", "C3": OTHER, "C5": OTHER}
    # « autres » would hold only 2: the smallest shown value joins it.
    assert coarsening(["C1"] * 9 + ["C4"] * 6 + ["C5"] * 2) == {"C1": "C1", "C4": OTHER, "C5": OTHER}
    assert coarsening(["C1"] * 3) == {"C1": OTHER}


def test_a_group_below_five_is_never_shown():
    seg = Segmentation(people([("C1", "10-49", 6, "oui"), ("C4", "10-49", 5, "non"), ("C4", "250+", 1, "non")]),
                       ("a17", "size"))  # fmt: skip
    assert seg.values("a17") == {"C1": 6, "C4": 6}
    assert seg.values("size") == {OTHER: 12}
    # size « 250+ » has one respondent: it is folded, and « autres » stays below 5 so everything is « autres ».
    assert set(seg.maps["size"].values()) == {OTHER}
    assert seg.select({"a17": "C4"}) is not None
    assert seg.select({"a17": "C1", "size": OTHER}) is not None


def test_every_cell_of_the_cross_table_holds_five_or_none():
    seg = Segmentation(people([("C1", "a", 5, 1), ("C1", "b", 5, 1), ("C4", "a", 8, 1), ("C4", "b", 2, 1)]),
                       ("a17", "size"))  # fmt: skip
    # C4 × b holds 2: left as is, (C4) − (C4, a) would reveal those two. Values are folded until no cell is small.
    cells = Counter(tuple(seg.label(r, d) for d in ("a17", "size")) for r in seg.respondents)
    assert all(n >= 5 for n in cells.values())
    for dims in (("a17",), ("size",), ("a17", "size")):
        for values in itertools.product(*(sorted(set(seg.maps[d].values())) for d in dims)):
            group = seg.select(dict(zip(dims, values, strict=True)))
            assert group is None or len(group) >= 5


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("xyz"), st.sampled_from("pq")), min_size=0, max_size=60)
)
def test_no_difference_of_published_views_isolates_fewer_than_five(rows):
    respondents = [Respondent({"s": s, "t": t, "u": u}, {}) for s, t, u in rows]
    seg = Segmentation(respondents, ("s", "t", "u"))
    published = {}
    for dims in itertools.chain.from_iterable(itertools.combinations("stu", n) for n in range(4)):
        for values in itertools.product(*(sorted(set(seg.maps[d].values())) for d in dims)):
            filters = dict(zip(dims, values, strict=True))
            group = seg.select(filters)
            if group is not None:
                published[tuple(sorted(filters.items()))] = {id(r) for r in group}
    if len(respondents) < 5:
        assert not published
        return
    atoms = Counter(tuple(seg.label(r, d) for d in "stu") for r in respondents)
    assert all(n >= 5 for n in atoms.values())
    for a, b in itertools.permutations(published.values(), 2):
        assert len(a) >= 5
        assert len(a - b) == 0 or len(a - b) >= 5  # whatever the nesting, across dimensions too
        assert len(a & b) == 0 or len(a & b) >= 5


def test_question_results_and_versions():
    q = Questionnaire("x", (Section("s", "S", (
        Question("q", "single_choice", "Q", choices=("oui", "non")),
        Question("job", "rome", "Métier"),
        Question("note", "scale", "Note"),
    )),))  # fmt: skip
    respondents = [Respondent({"a17": "C1"}, {"q": "oui", "job": ["H2903"], "note": 4}, version=1) for _ in range(5)]
    respondents += [Respondent({"a17": "C1"}, {"q": "non", "job": ["H2909"], "note": 2}, version=2) for _ in range(2)]
    out = results(q, Segmentation(respondents, ("a17",)))
    assert out["respondents"] == 7 and out["versions"] == {1: 5, 2: 2}
    by_id = {r["id"]: r for r in out["questions"]}
    assert by_id["q"]["counts"] == [("oui", 5), ("non", 2)]
    assert by_id["job"]["counts"] == [("H2903", 5), (OTHER, 2)]  # a job held by 2 people is not named
    assert by_id["note"]["mean"] == (5 * 4 + 2 * 2) / 7
    assert results(q, Segmentation(respondents[:4], ("a17",))) is None
    assert question_result(q.question("q"), respondents)["answered"] == 7
