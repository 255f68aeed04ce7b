"""Schemas shared by the domain routers: the source of every figure, GeoJSON, the token's holder."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema


class Source(Schema):
    """Where a figure comes from: every figure the API gives carries one."""

    source: str
    vintage: str
    synthetic: bool


class Feature(Schema):
    type: Literal["Feature"] = "Feature"
    id: str | int | None = None
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    source: Source | None = None
