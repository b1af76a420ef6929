"""Background jobs of the accounts app.

``send_sign_in_link`` stores the address that was typed in the login form (the lookup happens here, not in the
request, so that the answer takes the same time whether or not the address has an account). It is the one job
whose argument is not an id; finished jobs are pruned weekly (docs/deploy.md).

Tasks import services; services never import tasks (they enqueue by path, ``core.jobs``).
"""

from __future__ import annotations

from django_tasks import task

from accounts import services


@task()
def send_sign_in_link(email: str) -> None:
    services.magic_link_send(email=email)
