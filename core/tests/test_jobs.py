"""core.jobs: services enqueue tasks by path and never import them (ARCHITECTURE.md, "Background jobs")."""

from __future__ import annotations

import ast

import pytest
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.tests.test_import_rules import ROOT

NOT_YET: set[str] = set()


def test_services_never_import_tasks_and_every_enqueued_path_is_a_task():
    enqueued = set()
    for path in sorted([*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")]):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and where not in NOT_YET:
                assert not (node.module or "").endswith("tasks"), (
                    f"{where}:{node.lineno} imports {node.module}"
                )
            elif isinstance(node, ast.Import) and where not in NOT_YET:
                assert not any(a.name.endswith("tasks") for a in node.names), f"{where}:{node.lineno}"
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) in {
                "enqueue",
                "enqueue_on_commit",
            }:
                if node.args and isinstance(node.args[0], ast.Constant):
                    name = node.args[0].value
                    assert jobs.task_at(name).module_path == name, f"{where}:{node.lineno}"
                    enqueued.add(name)
    assert enqueued >= {
        "accounts.tasks.send_sign_in_link",
        "analytics.tasks.build_results",
        "analytics.tasks.render_report",
        "organisations.tasks.validate_people_import",
        "organisations.tasks.apply_people_import",
        "surveys.tasks.send_campaign_emails",
    }


def test_task_at_refuses_what_is_not_a_task():
    with pytest.raises(TypeError):
        jobs.task_at("core.jobs.enqueue")
    with pytest.raises(ImportError):
        jobs.task_at("core.tasks.no_such_task")


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with django_capture_on_commit_callbacks() as callbacks:
        jobs.enqueue_on_commit("core.tasks.purge_expired_sessions")
    assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "core.tasks.purge_expired_sessions"
    ]
