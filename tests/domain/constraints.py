"""Every named database constraint, pinned: a row that breaks it is refused by the database itself.

Rows are written with objects.create() (through the factories), which runs no model validation, so
what the test_constraints_*.py files pin is the constraint in the schema, whatever path wrote the row.
`refused_by` also checks that the error comes from the constraint named, not from some other one the row
happens to break; test_constraints.py fails the suite when a constraint appears that no test refuses a row by.
"""

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

CONSTRAINT_TEST_FILES = "test_constraints*.py"


def our_models() -> Iterator[type[models.Model]]:
    """Models of the project's own apps: every installed app that is not a third-party package."""
    for app_config in apps.get_app_configs():
        if "site-packages" not in Path(app_config.path).parts:
            yield from app_config.get_models()


def _constraints_by_name() -> dict[str, tuple[type[models.Model], models.BaseConstraint]]:
    return {
        constraint.name: (model, constraint)
        for model in our_models()
        for constraint in model._meta.constraints
    }


CONSTRAINTS = _constraints_by_name()


def _error_names_constraint(message: str, name: str) -> bool:
    model, constraint = CONSTRAINTS[name]
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        # SQLite names the columns of a unique index, not the index.
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields)
        return message.splitlines()[0] == f"UNIQUE constraint failed: {columns}"
    return name in message


@contextmanager
def refused_by(*names: str) -> Iterator[None]:
    """The block must write a row the database refuses, by (one of) the constraint(s) named."""
    for name in names:
        assert name in CONSTRAINTS, f"{name} is not a constraint of any model"
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        yield
    message = str(refusal.value)
    assert any(_error_names_constraint(message, name) for name in names), message


def names_refused_by_constraint_tests() -> set[str]:
    """The constraint names every `refused_by(...)` call in the test_constraints*.py files beside this one."""
    return {
        name
        for test_file in sorted(Path(__file__).parent.glob(CONSTRAINT_TEST_FILES))
        for name in _names_refused_in(test_file)
    }


def _names_refused_in(test_file: Path) -> set[str]:
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    return {
        argument.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "refused_by"
        for argument in node.args
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    }
