"""Partnership records for tests, built straight in the database (services are tested on their own)."""

from datetime import date, timedelta

from django.utils import timezone

from partnerships.models import (
    Commitment,
    Complaint,
    Concern,
    ConcernAction,
    ConcernObservation,
    Event,
    EventBooking,
    EventSlot,
    FamilyConcern,
    FamilyRequest,
    ProgressCheck,
    RequestRecipient,
    SafeguardingRecord,
    SettlingPlan,
    SettlingSession,
    Transition,
)


def concern(p, *, shared=True, stage=Concern.Stage.INVITED, child=None, **fields):
    child = child or p.alfie
    obj = Concern.objects.create(
        child=child, raised_by=p.key_person, title="Not settling at nap time", summary="Cries at nap time",
        stage=stage, shared_with_family_at=timezone.now() if shared else None,
        meeting_at=timezone.now() + timedelta(days=1) if shared else None, **fields,
    )
    ConcernObservation.objects.create(concern=obj, observed_on=date.today() - timedelta(days=3),
                                      note="Cried for 20 minutes", recorded_by=p.key_person)
    return obj


def concern_action(p, concern_obj, *, owner_carer=None, owner_staff=None):
    if owner_carer is None and owner_staff is None:
        owner_carer = p.links["mother"].carer
    return ConcernAction.objects.create(concern=concern_obj, description="Try a comforter", due_on=date.today(),
                                        owner_carer=owner_carer, owner_staff=owner_staff)


def family_concern(p, *, child=None, by="mother"):
    child = child or p.alfie
    return FamilyConcern.objects.create(child=child, raised_by=p.user(by), raised_by_carer=p.links[by].carer,
                                        subject="Biting", details="Came home with a bite mark")


def commitment(p):
    return Commitment.objects.create(child=p.alfie, owner=p.key_person, description="Check the nap routine",
                                     due_on=date.today() + timedelta(days=2), created_by=p.key_person)


def complaint(p):
    return Complaint.objects.create(
        setting=p.setting, complainant_name="Mia Jones", channel=Complaint.Channel.WRITTEN,
        received_at=timezone.now() - timedelta(days=3), concerns_eyfs_requirement=True, summary="Lost coat",
        respond_by=date.today() + timedelta(days=25), recorded_by=p.manager,
    )


def safeguarding_record(p, *, named=()):
    record = SafeguardingRecord.objects.create(setting=p.setting, child=p.alfie, recorded_by=p.key_person,
                                               what_happened="Bruise on the arm; Alfie said 'fell off the bed'")
    record.named_managers.set(list(named))
    return record


def request(p, *, kind=FamilyRequest.Kind.CONSENT, child=None, event=None):
    child = child or p.alfie
    req = FamilyRequest.objects.create(setting=p.setting, kind=kind, title="Trip to the park",
                                       due_on=date.today() + timedelta(days=5), created_by=p.key_person,
                                       audience=FamilyRequest.Audience.CHILDREN, event=event)
    recipient = RequestRecipient.objects.create(request=req, child=child, sent_at=timezone.now())
    return req, recipient


def event(p, *, capacity=1, slots=1):
    ev = Event.objects.create(setting=p.setting, kind=Event.Kind.PARENT_EVENING, title="Parent evening",
                              created_by=p.manager)
    for i in range(slots):
        EventSlot.objects.create(event=ev, starts_at=timezone.now() + timedelta(days=7, minutes=15 * i),
                                 length_minutes=15, capacity=capacity)
    return ev


def booking(p, ev, child=None):
    slot = ev.slots.first()
    return EventBooking.objects.create(event=ev, slot=slot, child=child or p.alfie, booked_by=p.mother)


def settling_plan(p, child=None):
    plan = SettlingPlan.objects.create(child=child or p.alfie, created_by=p.key_person)
    SettlingSession.objects.create(plan=plan, date=date.today(), start_time="09:00", length_minutes=60,
                                   parent_stays=True)
    return plan


def progress_check(p, *, shared=True):
    return ProgressCheck.objects.create(child=p.alfie, written_by=p.key_person, checked_on=date.today(),
                                        cl_going_well="Lots of new words",
                                        shared_on=date.today() if shared else None)


def transition(p, *, shared=True):
    return Transition.objects.create(child=p.alfie, destination="Meadow Primary", written_by=p.key_person,
                                     shared_with_family_at=timezone.now() if shared else None)
