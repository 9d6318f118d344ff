"""Every constraint is pinned: the test_constraints_*.py files beside this one refuse a row by each of them.

How a refusal is checked, and how the constraints are enumerated, is in tests/domain/constraints.py.
"""

import pytest
from django.db import models

from tests.domain.constraints import CONSTRAINTS, names_refused_by_constraint_tests, our_models

pytestmark = pytest.mark.django_db


def test_every_constraint_of_our_models_is_pinned_by_a_test() -> None:
    unpinned = sorted(set(CONSTRAINTS) - names_refused_by_constraint_tests())

    assert not unpinned, f"Constraints with no test that a row breaking them is refused: {unpinned}"


def test_every_constraint_a_test_names_exists() -> None:
    stale = sorted(names_refused_by_constraint_tests() - set(CONSTRAINTS))

    assert not stale, f"Tests name constraints no model declares: {stale}"


def test_constraint_names_are_unique_across_our_models() -> None:
    names = [constraint.name for model in our_models() for constraint in model._meta.constraints]

    assert len(names) == len(set(names))


def test_our_models_declare_the_constraints_this_suite_expects_to_find() -> None:
    """Guards the enumeration itself: if it found no models, the meta-tests above would pass vacuously."""
    labels = {model._meta.app_label for model in our_models()}

    assert {"taxonomy", "neighborhoods", "accounts", "companies", "ngos", "projects", "ledger"} <= labels
    assert len(CONSTRAINTS) >= 60
    assert all(
        isinstance(model_and_constraint[1], models.UniqueConstraint | models.CheckConstraint)
        for model_and_constraint in CONSTRAINTS.values()
    )
