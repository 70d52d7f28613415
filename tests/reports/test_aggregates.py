from datetime import timedelta

import pytest
from django.db.models import DurationField, F, IntegerField, Value

from families.models import Household, Invitation
from reports import aggregates
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("postcode", ["LS6 2AB", "ls11 5gh", "LS62AB", " M1 1AA ", "SW1A1AA", "2000", "EC1A 1BB"])
def test_postcode_district_in_sql_matches_the_model(postcode):
    household = f.HouseholdFactory(postcode=postcode)
    sql = Household.objects.annotate(d=aggregates.postcode_district("postcode")).get(pk=household.pk).d
    assert sql == household.postcode_district


def test_percentiles_match_percentile_cont(personas):
    # Ten accepted invitations taking 1..10 days: median 5.5, 90th percentile 9.1 (linear interpolation).
    for days in range(1, 11):
        inv = Invitation.objects.create(setting=personas.setting, kind=Invitation.Kind.CARER, email=f"x{days}@e.test",
                                        token=Invitation.new_token(), expires_at=personas.invitation.expires_at)
        Invitation.objects.filter(pk=inv.pk).update(accepted_at=F("created_at") + timedelta(days=days))
    qs = Invitation.objects.filter(accepted_at__isnull=False)
    result = aggregates.percentiles(qs, F("accepted_at") - F("created_at"), output_field=DurationField())
    assert result["count"] == 10
    assert aggregates.as_days(result[0.5]) == 5.5
    assert aggregates.as_days(result[0.9]) == 9.1


def test_percentile_fallback_interpolates_the_same_way():
    assert aggregates._interpolate(list(range(1, 11)), 0.5) == 5.5
    assert round(aggregates._interpolate(list(range(1, 11)), 0.9), 6) == 9.1
    assert aggregates._interpolate([timedelta(days=2)], 0.9) == timedelta(days=2)
    assert aggregates._interpolate([], 0.5) is None


def test_percentiles_of_nothing(personas):
    result = aggregates.percentiles(Invitation.objects.none(), Value(1, output_field=IntegerField()))
    assert result["count"] == 0 and result[0.5] is None


@pytest.mark.parametrize("value, name", [("pl", "Polish"), ("en-gb", "English"), ("Polish", "Polish"),
                                         ("urdu", "Urdu"), ("", "")])
def test_language_names(value, name):
    assert aggregates.language_name(value) == name


def test_duration_stats_count_unanswered_and_clamp_negative_times(personas):
    from django.db.models import CharField, ExpressionWrapper

    from partnerships.models import FamilyRequest, RequestRecipient

    request = FamilyRequest.objects.create(setting=personas.setting, kind="consent", title="Trip",
                                           due_on=personas.setting.today(), created_by=personas.manager)
    sent = personas.invitation.created_at
    RequestRecipient.objects.create(request=request, child=personas.alfie, sent_at=sent,
                                    answered_at=sent - timedelta(hours=5))  # answered "before" it was sent
    RequestRecipient.objects.create(request=request, child=personas.bea, sent_at=sent)  # not answered
    part = RequestRecipient.objects.annotate(
        _kind=Value("request", output_field=CharField()),
        _d=ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField()),
    ).values("_kind", "_d")
    stats = aggregates.duration_stats([part])["request"]
    assert (stats["count"], stats["answered"], stats[0.5]) == (2, 1, 0)
