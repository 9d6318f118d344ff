from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """mapping[key] in a template, None when absent (progress figures keyed by project id)."""
    return mapping.get(key) if mapping else None
