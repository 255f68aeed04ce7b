"""The discussion of a territory's readers: comments on the territory itself or on one of its objects
(a project, a meeting), read by every page that shows them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from .models import Comment, Territory


def territory_comments(territory: Territory) -> list[Comment]:
    """The latest fifty comments on the territory itself (not those on one of its objects)."""
    return list(territory.comments.filter(subject_type__isnull=True).select_related("author")[:50])


def subject_comments(subject: Model) -> list[Comment]:
    """The comments on one object, oldest first."""
    return list(
        Comment.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)
        .select_related("author")
        .order_by("created_at")
    )
