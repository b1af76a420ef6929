"""Background jobs of the network: a thin layer over ``practices.services`` (services never import tasks)."""

from __future__ import annotations

from django_tasks import task

from practices import services


@task()
def deliver_peer_message(message_id: int) -> None:
    services.peer_message_deliver(message_id=message_id)


@task()
def notify_story_author(story_id: int) -> None:
    services.story_author_notify(story_id=story_id)


@task()
def notify_invitation(invitation_id: int) -> None:
    services.invitation_notify(invitation_id=invitation_id)
