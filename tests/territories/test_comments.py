"""Comments on a territory and on one of its objects, read without a page."""

import datetime as dt

import pytest

from tests.factories import CommentFactory, MeetingFactory, ProjectFactory
from tindus.territories.comments import subject_comments, territory_comments

pytestmark = pytest.mark.django_db


def test_comments_on_an_object_are_its_own_oldest_first_and_apart_from_the_territory(territory):
    project, other = ProjectFactory(territory=territory), ProjectFactory(territory=territory)
    meeting = MeetingFactory(instance__territory=territory, date=dt.date(2024, 3, 1))
    first = CommentFactory(territory=territory, subject=project, body="premier")
    second = CommentFactory(territory=territory, subject=project, body="second")
    CommentFactory(territory=territory, subject=other)
    CommentFactory(territory=territory, subject=meeting)
    general = CommentFactory(territory=territory, body="sur le territoire")
    assert subject_comments(project) == [first, second]
    assert territory_comments(territory) == [general]
