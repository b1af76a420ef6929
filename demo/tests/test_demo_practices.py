"""The demo network (demo/practices_demo.py), loaded on its own: the agency, a dozen members, 30 stories, peers."""

import pytest

from demo.practices_demo import AGENCY_SLUG, FACILITATOR_EMAIL, load_practices_demo
from organisations.models import Organisation
from practices import perms
from practices.models import NetworkMembership, PeerProfile, Story, StoryStatus

pytestmark = pytest.mark.django_db


def test_the_demo_network_has_a_dozen_members_30_stories_two_remarkable_and_one_to_moderate():
    assert load_practices_demo(password_hash="!") is True
    agency = Organisation.objects.get(slug=AGENCY_SLUG)
    network = NetworkMembership.objects.get(organisation=agency, is_host=True).network
    assert NetworkMembership.objects.filter(network=network, is_host=False).count() >= 12
    stories = Story.objects.filter(network=network)
    assert stories.count() == 30
    assert stories.filter(status=StoryStatus.SUBMITTED).count() == 1
    assert stories.published().filter(remarkable=True).count() == 2
    assert len(set(stories.values_list("departement", flat=True))) >= 8
    assert PeerProfile.objects.listed().filter(network=network).count() >= 3
    from accounts.models import User

    assert perms.is_network_facilitator(User.objects.get(email=FACILITATOR_EMAIL), network)
    assert load_practices_demo(password_hash="!") is False  # idempotent
