"""Enqueue a background job by the dotted path of its task, so that services never import their tasks.

The rule (ARCHITECTURE.md, "Background jobs"): an app's ``tasks.py`` is a thin module that imports its
``services`` at the top and calls them; ``services`` never import ``tasks`` and enqueue through
``enqueue_on_commit("app.tasks.name", …)``. The dependency then goes one way only (tasks → services).
``core/tests/test_import_rules.py`` reads the literal path of these calls like an ``import_string("…")``, so an
app may only enqueue the tasks the import rules let it import (in practice: its own).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks.base import Task


def task_at(path: str) -> Task[Any, Any]:
    """The django-tasks task at ``path`` ("app.tasks.name"); anything else there is a programming error."""
    found = import_string(path)
    if not isinstance(found, Task):
        raise TypeError(f"{path} is not a django-tasks task (decorate it with @task())")
    return found


def enqueue(path: str, /, **kwargs: Any) -> Any:
    """Enqueue the task at ``path`` now, with keyword arguments only (ids, never objects); returns its result."""
    return task_at(path).enqueue(**kwargs)


def enqueue_on_commit(path: str, /, **kwargs: Any) -> None:
    """Enqueue the task at ``path`` once the current transaction commits (at once outside a transaction).

    The path is resolved now, so that a wrong one fails in the request rather than after the commit.
    """
    task = task_at(path)
    transaction.on_commit(lambda: task.enqueue(**kwargs))
