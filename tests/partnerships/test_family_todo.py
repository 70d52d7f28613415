"""A family's to-do list on their home page (issue 18, point 2): everything waiting for this carer, each item one
tap from the form that answers it; answering clears it and marks its notification read."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from diaries import services as diary_services
from families.todo import todo_for
from notifications.models import Notification
from partnerships import services
from partnerships.models import FamilyRequest

from . import factories as pf


def _everything_waiting(p):
    """One of each: a consent, a form to fill in, a parent evening to book, a settling-in session the key person has
    reviewed, the progress check and the transition summary shared, an accident recorded (with their notices)."""
    today = p.setting.today()
    consent = services.request_send(setting=p.setting, by=p.key_person, kind=FamilyRequest.Kind.CONSENT,
                                    title="Trip to the park", due_on=today + timedelta(days=3),
                                    audience=FamilyRequest.Audience.CHILDREN, children=[p.alfie])
    form = services.request_send(setting=p.setting, by=p.key_person, kind=FamilyRequest.Kind.INFORMATION,
                                 title="Allergy update", due_on=today + timedelta(days=5),
                                 audience=FamilyRequest.Audience.CHILDREN, children=[p.alfie])
    evening = pf.event(p)
    session = pf.settling_plan(p).sessions.get()
    services.settling_session_review(session=session, by=p.key_person, note="Played in the sand")
    check = services.progress_check_share(check=pf.progress_check(p, shared=False), by=p.key_person)
    transition = services.transition_share(transition=pf.transition(p, shared=False), by=p.key_person)
    accident = diary_services.accident_record(child=p.alfie, by=p.key_person, description="Bumped his knee", first_aid="Cold pack",
                                              occurred_at=timezone.now() - timedelta(hours=1))
    return {
        "consent": (consent, reverse("partnerships:request_answer", args=[consent.recipients.get().pk])),
        "form": (form, reverse("partnerships:request_answer", args=[form.recipients.get().pk])),
        "evening": (evening, reverse("partnerships:event_rsvp", args=[evening.pk, p.alfie.pk])),
        "session": (session, reverse("partnerships:settling_session_review", args=[session.pk])),
        "check": (check, reverse("partnerships:progress_check_contribute", args=[check.pk])),
        "transition": (transition, reverse("partnerships:transition_family", args=[transition.pk])),
        "accident": (accident, reverse("diaries:accident_detail", args=[accident.pk])),
    }


def _urls(user):
    return [item.url for item in todo_for(viewer=user)]


def test_everything_waiting_for_the_mother_is_on_her_home_page_one_tap_each(personas, login):
    p = personas
    waiting = _everything_waiting(p)
    home = login(p.mother).get(reverse("families:home"))
    assert home.status_code == 200
    urls = [item.url for item in home.context["todo"]]
    assert sorted(urls) == sorted(url for _obj, url in waiting.values())
    assert urls[0] == waiting["accident"][1]  # an accident is acknowledged the same day: first
    body = home.content.decode()
    for _obj, url in waiting.values():
        assert f'href="{url}"' in body, url
    # Each link opens the form (or, for the accident, the record with its acknowledge button).
    mum = login(p.mother)
    for name, (_obj, url) in waiting.items():
        assert mum.get(url).status_code == 200, name


def test_each_carer_sees_only_what_waits_for_them(personas, login):
    p = personas
    waiting = _everything_waiting(p)
    assert sorted(_urls(p.father)) == sorted(url for _obj, url in waiting.values())
    # Gran Peg has no parental responsibility: no consent, check, summary or accident; the rest is hers too.
    assert sorted(_urls(p.grandmother)) == sorted(waiting[k][1] for k in ("form", "evening", "session"))
    assert _urls(p.restricted_parent) == []
    assert _urls(p.other_parent) == [reverse("partnerships:event_rsvp", args=[waiting["evening"][0].pk, p.bea.pk])]
    # Staff get the staff home, with no family list.
    assert "todo" not in login(p.key_person).get(reverse("families:home")).context


def _unread(user, obj):
    return Notification.objects.filter(recipient=user, object_id=obj.pk, read_at__isnull=True,
                                       content_type__model=obj._meta.model_name).count()


def test_answering_clears_each_item_and_reads_its_notification(personas, login):
    p = personas
    waiting = _everything_waiting(p)
    mum, dad = login(p.mother), login(p.father)
    consent, consent_url = waiting["consent"]
    assert _unread(p.mother, consent) == 1 and _unread(p.father, consent) == 1

    # A consent: off the mother's list and her notice read; still waiting for Fred, whose notice stays unread.
    assert mum.post(consent_url, {"consent_given": "yes"}).status_code == 302
    assert consent_url not in _urls(p.mother) and consent_url in _urls(p.father)
    assert _unread(p.mother, consent) == 0 and _unread(p.father, consent) == 1
    dad.post(consent_url, {"consent_given": "yes"})
    assert consent_url not in _urls(p.father) and _unread(p.father, consent) == 0

    # A form: whoever answers, it is done for the family.
    form, form_url = waiting["form"]
    mum.post(form_url, {"text": "No new allergies"})
    assert all(form_url not in _urls(u) for u in (p.mother, p.father, p.grandmother))
    assert _unread(p.father, form) == 0 and _unread(p.grandmother, form) == 0

    evening, evening_url = waiting["evening"]
    assert mum.post(evening_url, {"slot": evening.slots.get().pk}).status_code == 302
    assert evening_url not in _urls(p.mother) and evening_url not in _urls(p.father)

    session, session_url = waiting["session"]
    assert _unread(p.mother, session) == 1  # "How did the settling-in session go?"
    mum.post(session_url, {"note": "He waved goodbye"})
    assert session_url not in _urls(p.mother) and session_url not in _urls(p.grandmother)
    assert _unread(p.mother, session) == 0 and _unread(p.grandmother, session) == 0

    check, check_url = waiting["check"]
    mum.post(check_url, {"parent_contribution": "He sings at home"})
    assert check_url not in _urls(p.mother) and _unread(p.mother, check) == 0 and _unread(p.father, check) == 0

    transition, transition_url = waiting["transition"]
    mum.post(transition_url, {"family_section": "He loves dinosaurs"})
    assert transition_url not in _urls(p.father) and _unread(p.mother, transition) == 0

    accident, accident_url = waiting["accident"]
    mum.post(reverse("diaries:accident_acknowledge", args=[accident.pk]))
    assert _unread(p.mother, accident) == 0 and _unread(p.father, accident) == 0
    # Gran Peg was told of the accident but had nothing to do: her notice is hers to read.
    assert _unread(p.grandmother, accident) == 1

    home = mum.get(reverse("families:home"))
    assert home.context["todo"] == [] and "Nothing is waiting for you." in home.content.decode()


def test_a_settled_plan_a_past_slot_and_a_leaver_wait_for_nobody(personas):
    p = personas
    waiting = _everything_waiting(p)
    plan = waiting["session"][0].plan
    plan.settled_on = p.setting.today()
    plan.save()
    waiting["evening"][0].slots.update(starts_at=timezone.now() - timedelta(days=1))
    assert waiting["session"][1] not in _urls(p.mother) and waiting["evening"][1] not in _urls(p.mother)
    p.alfie.leave_date = p.setting.today() - timedelta(days=1)
    p.alfie.save()
    # A child who has left: nothing more to answer there, only the accident to acknowledge.
    assert _urls(p.mother) == [waiting["accident"][1]]


def test_a_family_of_two_children_sees_each_evening_for_the_right_child_in_the_same_queries(personas, login):
    """Parent evenings for all of a family's children are read at once (not one read per child): each shows for the
    children it is open to (a room's evening for the child in that room), until that child is booked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from families.models import CarerLink
    from partnerships.models import Event
    from tests.factories import CarerLinkFactory

    p = personas
    home = reverse("families:home")
    mum = login(p.mother)
    mum.get(home)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert mum.get(home).status_code == 200
        return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])

    whole_setting, toddlers_only = pf.event(p), pf.event(p)
    Event.objects.filter(pk=toddlers_only.pk).update(room=p.toddlers, title="Toddlers' evening")
    with_one_child = queries()
    CarerLinkFactory(child=p.bea, carer=p.links["mother"].carer, relationship=CarerLink.Relationship.MOTHER)
    mum.get(home)  # a new link changes who sees whom: the badge recounts once
    assert queries() == with_one_child
    rsvp = {(ev, child): reverse("partnerships:event_rsvp", args=[ev.pk, child.pk])
            for ev in (whole_setting, toddlers_only) for child in (p.alfie, p.bea)}
    urls = _urls(p.mother)
    assert rsvp[whole_setting, p.alfie] in urls and rsvp[whole_setting, p.bea] in urls
    assert rsvp[toddlers_only, p.alfie] in urls and rsvp[toddlers_only, p.bea] not in urls  # Bea is in Babies
    pf.booking(p, whole_setting, child=p.bea)
    urls = _urls(p.mother)
    assert rsvp[whole_setting, p.bea] not in urls and rsvp[whole_setting, p.alfie] in urls
