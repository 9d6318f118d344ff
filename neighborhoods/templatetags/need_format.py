"""Filters that show the neighbourhood pages' figures in the active language's number format."""

from decimal import Decimal

from django import template

from neighborhoods import selectors

register = template.Library()

Number = float | Decimal | int


@register.filter
def figure(value: Number | None, decimals: int | None = None) -> str:
    """`{{ n.population|figure }}` -> `12.345` in Italian; `{{ x|figure:1 }}` forces one decimal."""
    if value is None or value == "":
        return "—"
    return selectors.format_number(value, decimals=decimals)


@register.filter
def with_unit(value: Number | None, unit: str) -> str:
    """`{{ value|with_unit:indicator.unit }}` -> `6,2%`, `4,1 m²/ab`."""
    if value is None or value == "":
        return "—"
    return selectors.format_indicator_value(value, unit)


@register.filter
def percent(share: Number | None, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage: `{{ 0.923|percent }}` -> `92%`."""
    if share is None or share == "":
        return "—"
    return selectors.format_percent(share, decimals=decimals)


@register.filter
def need_level(need_index: Number | None) -> str:
    """A CSS modifier for an index: `low`, `medium`, `high`, or `none` without an index."""
    if need_index is None:
        return "none"
    if need_index >= selectors.HIGH_NEED:
        return "high"
    if need_index >= selectors.MEDIUM_NEED:
        return "medium"
    return "low"


@register.inclusion_tag("neighborhoods/_need_meter.html")
def need_meter(need_index: Number | None, label: str = "") -> dict[str, object]:
    """A `<meter>` from 0 to 100 whose colour says how high the need is (no inline style needed)."""
    return {
        "value": need_index,
        "label": label,
        "low": selectors.MEDIUM_NEED,
        "high": selectors.HIGH_NEED,
    }
