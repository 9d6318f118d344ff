"""Filters shared by the API's endpoints."""

from django import forms
from django_filters import rest_framework as filters

ID_MAX = 2**63 - 1  # what the database's ids can hold: a larger number is a 400, not an overflow


class IdFilter(filters.NumberFilter):
    """An object's id: a whole number the database can hold, or a 400 with the field's error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)
