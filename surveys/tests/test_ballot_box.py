"""The sealed ballot box against whoever holds the database: one read, transaction ids, row order, two copies.

Each attack is written as the reads an attacker with a backup would make (``surveys/tests/attacks.py``). On the
previous design (responses copied the frozen unit and attributes of the invitation, which kept a ``used`` flag;
a mixing pool encrypted with SECRET_KEY) the same reads named respondents: see docs/anonymity.md.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.tests.factories import PersonFactory
from organisations.models import Unit
from surveys import ballotbox, services, trustees
from surveys.models import Ballot, Campaign, Comment, Invitation, Response, Trustee
from surveys.tests.attacks import join_attack, read_copy, storage_order, transaction_links
from surveys.tests.box import depths, open_box
from surveys.tests.conftest import make_campaign, open_gender_category_barometer, valid_answers

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "Le chef de service crie sur la vie scolaire tous les matins"


@pytest.fixture
def big_campaign(
    organisation, barometer, root_unit, school, programme_lead, django_capture_on_commit_callbacks
):
    """25 more people in the school, with varied attributes; gender and category reported."""
    for i in range(25):
        PersonFactory(
            organisation=organisation,
            unit=school,
            user=None,
            email=f"p{i}@test.fr",
            gender="F" if i % 3 else "M",
            category="A" if i < 18 else "B",
        )
    return open_gender_category_barometer(
        organisation, barometer, root_unit, programme_lead, django_capture_on_commit_callbacks
    )


def _parent(organisation):
    return dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))


def _answers(i):
    """A distinct, recognisable answer per respondent: be_global 0..10 and cond_charge 1..5."""
    return valid_answers(be_global=i % 11, cond_charge=1 + i // 11)


def _signature(answers):
    return answers["be_global"] + 11 * (answers["cond_charge"] - 1)


def test_a_ballot_is_sealed_padded_to_a_fixed_size_and_holds_nothing_in_clear_but_its_campaign(big_campaign):
    campaign, tokens = big_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.response_submit(token=tokens[1], raw=valid_answers(txt_ameliorer=SECRET_COMMENT * 20))
    ballots = list(Ballot.objects.all())
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "campaign", "sealed"}
    assert len({len(bytes(b.sealed)) for b in ballots}) == 1
    assert len(bytes(ballots[0].sealed)) == ballotbox.sealed_size(campaign.ballot_size)
    for ballot in ballots:
        blob = bytes(ballot.sealed)
        assert b"vie scolaire" not in blob and b"be_global" not in blob and b"cond_charge" not in blob
    assert not Response.objects.exists() and not Comment.objects.exists()


def test_the_platform_keeps_no_key_that_opens_the_box(big_campaign):
    campaign, tokens = big_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    sealed = bytes(Ballot.objects.get().sealed)
    # every key-like value the database holds for this campaign: none opens the ballot
    candidates = [bytes(campaign.box_sealed_key), bytes(campaign.box_public_key)]
    candidates += [bytes(t.sealed_share) for t in campaign.trustees.all()]
    candidates += [bytes(t.public_key) for t in campaign.trustees.all()]
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox

    for value in candidates:
        if len(value) == 32:
            with pytest.raises(CryptoError):
                SealedBox(PrivateKey(value)).decrypt(sealed)
    assert campaign.trustees.filter(deposit__isnull=False).count() == 0


def test_one_read_of_the_database_names_nobody_even_joined_with_who_had_answered_before_close(
    big_campaign, organisation
):
    campaign, tokens = big_campaign
    for i, token in enumerate(tokens[:17]):
        services.response_submit(token=token, raw=_answers(i))
    before_close = read_copy(campaign.pk)  # a backup taken the evening before close: who has answered
    assert len(before_close.used) == 17
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    after = read_copy(campaign.pk)
    assert not after.used and not after.ballots and len(after.responses) == 17
    parent = _parent(organisation)
    # the single read: the stored answers against the (now erased) flags, then against the earlier backup
    assert set(join_attack(after, after, parent)) == {0}
    outcome = join_attack(before_close, after, parent)
    assert not {1, 2, 3, 4} & set(outcome), outcome
    combos = {}
    for _pk, unit, attributes, _a in after.responses:
        key = (unit, tuple(sorted(attributes.items())))
        combos[key] = combos.get(key, 0) + 1
    assert min(combos.values()) >= campaign.min_respondents


@pytest.mark.django_db(transaction=True)
def test_row_order_and_transaction_ids_tie_no_stored_answer_to_a_person(big_campaign):
    campaign, tokens = big_campaign
    for i, token in enumerate(tokens[:22]):
        services.response_submit(token=token, raw=_answers(i))
    if connection.vendor == "postgresql":
        links = transaction_links(campaign.pk)
        # while open, a ballot shares its transaction with the invitation it used up — but it is sealed:
        assert all(len(links[str(pk)]) == 1 for pk in Ballot.objects.values_list("id", flat=True))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    stored = {pk: _signature(x) for pk, _u, _a, x in read_copy(campaign.pk).responses}
    order = [stored[pk] for pk in storage_order(campaign.pk)]
    assert sorted(order) == list(range(22)) and order != list(range(22))
    if connection.vendor == "postgresql":
        links = transaction_links(campaign.pk)
        everyone = set(campaign.invitations.values_list("pk", flat=True))
        assert all(links[pk] in (set(), everyone) for pk in stored)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT xmin::text) FROM surveys_response")
            assert cursor.fetchone()[0] == 1


def test_two_copies_show_who_answered_between_them_but_not_what(big_campaign):
    campaign, tokens = big_campaign
    for i, token in enumerate(tokens[:8]):
        services.response_submit(token=token, raw=_answers(i))
    first = read_copy(campaign.pk)
    for i, token in enumerate(tokens[8:16], start=8):
        services.response_submit(token=token, raw=_answers(i) | {"txt_ameliorer": SECRET_COMMENT})
    second = read_copy(campaign.pk)
    new_people = second.used - first.used
    new_ballots = set(second.ballots) - set(first.ballots)
    assert len(new_people) == len(new_ballots) == 8  # the difference says who answered in between…
    for pk in new_ballots:  # …and nothing of what they answered
        assert b"vie scolaire" not in second.ballots[pk]
        assert len(second.ballots[pk]) == len(next(iter(first.ballots.values())))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    third = read_copy(campaign.pk)
    assert not third.used and not third.ballots
    assert not {pk for pk, *_ in third.responses} & (set(first.ballots) | set(second.ballots))
    assert Comment.objects.filter(text=SECRET_COMMENT).count() == 8


def test_without_a_quorum_the_box_stays_shut_and_wrong_keys_are_refused_in_french(big_campaign):
    campaign, tokens = big_campaign
    for token in tokens[:6]:
        services.response_submit(token=token, raw=valid_answers())
    first, second, third = campaign.trustees.select_related("user").order_by("number")
    with pytest.raises(ValidationError, match="après la clôture"):
        trustees.trustee_deposit(trustee=first, key_text=campaign.test_keys[first.user_id], by=first.user)
    services.campaign_close(campaign=campaign, by=None)
    with pytest.raises(ValidationError, match="pas la vôtre"):
        trustees.trustee_deposit(trustee=first, key_text=campaign.test_keys[second.user_id], by=first.user)
    with pytest.raises(ValidationError, match="mal recopiée"):
        key = campaign.test_keys[first.user_id]
        trustees.trustee_deposit(trustee=first, key_text=key[:-3] + "AAA", by=first.user)
    assert (
        trustees.trustee_deposit(trustee=first, key_text=campaign.test_keys[first.user_id], by=first.user)
        is False
    )
    with pytest.raises(ValidationError, match="quorum n'est pas atteint"):
        trustees.ballot_box_open(campaign=campaign)
    assert Ballot.objects.count() == 6 and not Response.objects.exists()
    assert trustees.trustee_deposit(trustee=third, key_text=campaign.test_keys[third.user_id], by=third.user)
    result = trustees.ballot_box_open(campaign=campaign)
    assert (result.ballots, result.stored) == (6, 6)
    campaign.refresh_from_db()
    assert campaign.box_sealed_key is None and campaign.box_public_key is None
    assert not Trustee.objects.filter(campaign=campaign).exclude(sealed_share=None).exists()
    assert not Trustee.objects.filter(campaign=campaign).exclude(deposit=None).exists()
    with pytest.raises(ValidationError, match="déjà été ouverte"):
        trustees.ballot_box_open(campaign=campaign)


def test_opening_a_box_destroys_its_ballots_and_never_another_campaigns(
    big_campaign, organisation, barometer, root_unit, programme_lead
):
    """On PostgreSQL the last campaign's ballots go by ``TRUNCATE``, the others' by ``DELETE``: either way the
    opened campaign has no ballot left and another campaign's sealed ballots are all still there."""
    campaign, tokens = big_campaign
    for i, token in enumerate(tokens[:6]):
        services.response_submit(token=token, raw=_answers(i))
    other = make_campaign(organisation, barometer, [root_unit], programme_lead, title="Baromètre 2027")
    kept = [Ballot.objects.create(campaign=other, sealed=bytes([n]) * 64).pk for n in range(3)]
    services.campaign_close(campaign=campaign, by=None)
    assert open_box(campaign, campaign.test_keys).stored == 6
    assert not Ballot.objects.filter(campaign=campaign).exists()
    assert sorted(Ballot.objects.values_list("pk", flat=True)) == sorted(kept)
    trustees._destroy_ballots(other.pk)  # now the only campaign with ballots: the table is emptied
    assert not Ballot.objects.exists()


def test_a_passphrase_protected_key_needs_its_passphrase(
    organisation, barometer, root_unit, staff, programme_lead
):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    trustee = campaign.trustees.select_related("user").first()
    protected = trustees.trustee_key_create(
        trustee=trustee, by=trustee.user, passphrase="une phrase bien longue"
    )
    assert protected.startswith("QVCLEP1-")
    services.campaign_open(campaign=campaign, by=programme_lead, send_emails=False)
    services.campaign_close(campaign=campaign, by=None)
    trustee.refresh_from_db()
    with pytest.raises(ValidationError, match="phrase secrète"):
        trustees.trustee_deposit(trustee=trustee, key_text=protected, by=trustee.user)
    with pytest.raises(ValidationError, match="ne correspond pas"):
        trustees.trustee_deposit(
            trustee=trustee, key_text=protected, passphrase="une autre phrase", by=trustee.user
        )
    trustees.trustee_deposit(
        trustee=trustee, key_text=protected, passphrase="une phrase bien longue", by=trustee.user
    )
    assert Trustee.objects.get(pk=trustee.pk).deposit is not None


def test_a_campaign_opens_only_with_three_trustees_who_all_made_their_key(
    organisation, barometer, root_unit, staff, programme_lead, staff_rep, agent
):
    campaign = services.campaign_create(
        organisation=organisation,
        questionnaire=barometer,
        title="Sans dépositaires",
        units=[root_unit],
        opens_on=campaign_today(),
        closes_on=campaign_today(),
        by=programme_lead,
    )
    with pytest.raises(ValidationError, match="au moins 3 dépositaires"):
        services.campaign_open(campaign=campaign, by=programme_lead, send_emails=False)
    with pytest.raises(ValidationError, match="Seuls les pilotes QVT"):
        trustees.trustees_set(campaign=campaign, users=[programme_lead, staff_rep, agent], quorum=2, by=None)
    with pytest.raises(ValidationError, match="quorum"):
        trustees.trustees_set(campaign=campaign, users=[programme_lead, staff_rep], quorum=3, by=None)
    from surveys.tests.box import name_trustees

    name_trustees(campaign, users=[programme_lead, staff_rep])
    Trustee.objects.filter(campaign=campaign, user=staff_rep).update(public_key=None)
    with pytest.raises(ValidationError, match="pas encore créé leur clé"):
        services.campaign_open(campaign=campaign, by=programme_lead, send_emails=False)
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"
    assert not Invitation.objects.filter(campaign=campaign).exists()


def campaign_today():
    from django.utils import timezone

    return timezone.localdate()


def test_fewer_respondents_than_the_threshold_store_nothing(big_campaign):
    campaign, tokens = big_campaign
    for token in tokens[:4]:
        services.response_submit(token=token, raw=valid_answers(txt_ameliorer="Un avis"))
    services.campaign_close(campaign=campaign, by=None)
    result = open_box(campaign, campaign.test_keys)
    assert (result.ballots, result.stored) == (4, 0)
    assert not Response.objects.exists() and not Comment.objects.exists() and not Ballot.objects.exists()


def test_generalise_gives_every_combination_at_least_the_threshold():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def check(data):
        size = data.draw(st.integers(2, 12))
        parent = {0: None} | {u: data.draw(st.integers(0, u - 1)) for u in range(1, size)}
        depth = depths(parent)
        rows = data.draw(
            st.lists(
                st.tuples(st.integers(0, size - 1), st.tuples(st.sampled_from("FMX"), st.sampled_from("AB"))),
                min_size=5,
                max_size=60,
            )
        )
        placed = trustees.generalise(rows, parent, depth, 5)
        counts = {}
        for spot in placed:
            if spot is not None:
                counts[spot] = counts.get(spot, 0) + 1
        assert not counts or min(counts.values()) >= 5
        assert all(spot is not None for spot in placed)  # one tree of 5 or more: nobody withheld
        for (own, _a), (stored, _b) in zip(rows, placed, strict=True):
            up = own  # stored under their own unit or one of its ancestors, never elsewhere
            while up is not None and up != stored:
                up = parent[up]
            assert up == stored

    check()
