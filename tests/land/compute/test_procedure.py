import datetime as dt

from tindus.land.compute.procedure import Timeline, consultation_deadline, refresh_due


def test_the_consultation_lasts_thirty_days_and_adoption_waits_for_its_end():
    timeline = Timeline(consultation_start=dt.date(2025, 3, 3))
    assert consultation_deadline(dt.date(2025, 3, 3)) == dt.date(2025, 4, 2)
    assert timeline.stage(dt.date(2025, 3, 2)) == "draft"
    assert timeline.stage(dt.date(2025, 4, 2)) == "consultation"
    assert timeline.days_left(dt.date(2025, 3, 31)) == 2
    assert not timeline.may_adopt(dt.date(2025, 4, 2))
    assert timeline.stage(dt.date(2025, 4, 3)) == "consultation closed"
    assert timeline.may_adopt(dt.date(2025, 4, 3))


def test_the_refresh_is_due_six_years_after_adoption():
    assert refresh_due(dt.date(2024, 2, 29)) == dt.date(2030, 2, 28)
    timeline = Timeline(dt.date(2023, 5, 1), adopted=dt.date(2023, 7, 10), transmitted=dt.date(2023, 7, 20))
    assert timeline.refresh_due == dt.date(2029, 7, 10)
    assert timeline.stage(dt.date(2025, 1, 1)) == "transmitted"
    assert timeline.stage(dt.date(2029, 7, 10)) == "refresh due"
