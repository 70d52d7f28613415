"""One record of every type held about a child (dataprotection/held.py), made the way the apps store them."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from diaries import models as d
from partnerships import models as p

FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


def jpeg(colour=(200, 80, 80)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def every_record(personas, child=None) -> dict:
    """{held key: object} for `child` (Alfie by default): every type, with history where the model keeps one."""
    ps = personas
    child = child or ps.alfie
    now = timezone.now()
    today = child.setting.today()
    kim, mother = ps.key_person, ps.mother
    made = {}
    photo = d.Photo(caption="Painting with Kim", taken_by=kim)
    photo.image.save("painting.jpg", jpeg(), save=True)
    photo.children.add(child)
    made["photos"] = photo
    entry = d.DiaryEntry.objects.create(child=child, day=today, kind="activity", occurred_at=now, what="Painting",
                                        text=FORMULA, author=kim, photo=photo)
    entry.text = FORMULA + " (and printing)"
    entry.save()  # a second version: the history shows the change
    made["diary_entries"] = entry
    made["staff_only_entry"] = d.DiaryEntry.objects.create(
        child=child, day=today, kind="note", occurred_at=now, text="Staff only: speak to the manager", author=kim,
        staff_only=True)
    made["diary_comments"] = d.EntryComment.objects.create(entry=entry, author=mother, text="Lovely!")
    made["handovers"] = d.Handover.objects.create(child=child, day=today, source="family", sent_by=mother,
                                                  night_sleep="Slept well")
    made["absences"] = d.Absence.objects.create(child=child, day=today + timedelta(days=3), reason="holiday",
                                                reported_by=mother)
    made["attendance"] = d.Attendance.objects.create(child=child, day=today, in_at=now, brought_by="Mia Jones",
                                                     checked_in_by=kim)
    made["diary_reads"] = d.ReadReceipt.objects.create(child=child, day=today, user=mother, first_read_at=now,
                                                       last_read_at=now)
    observation = d.HomeObservation(child=child, author=mother, observed_on=today, text="Counted to ten")
    observation.photo.save("home.jpg", jpeg((80, 200, 80)), save=True)
    made["home_observations"] = observation
    activity = d.TakeHomeActivity.objects.create(child=child, title="Leaf rubbing", description="Crayons and leaves",
                                                 suggested_by=kim)
    made["activities"] = activity
    made["activity_responses"] = d.ActivityResponse.objects.create(activity=activity, author=mother, text="Loved it")
    made["accidents"] = d.Accident.objects.create(child=child, occurred_at=now, description="Bumped knee",
                                                  first_aid="Cold compress", recorded_by=kim)
    consent = d.MedicineConsent.objects.create(child=child, given_by=mother, medicine="Calpol", dose="5 ml",
                                               when="If over 38C", starts_on=today, ends_on=today + timedelta(days=5))
    made["medicine_consents"] = consent
    made["medicine_doses"] = d.MedicineDose.objects.create(consent=consent, child=child, given_at=now, dose="5 ml",
                                                           given_by=kim)
    conversation = p.Conversation.objects.create(child=child, staff=kim, channel="pick_up", topic="Sleep at home")
    conversation.carers.add(ps.links["mother"].carer)
    made["conversations"] = conversation
    concern = p.Concern.objects.create(child=child, raised_by=kim, title="Speech", summary="Few words",
                                       shared_with_family_at=now)
    made["concerns"] = concern
    made["concern_observations"] = p.ConcernObservation.objects.create(concern=concern, observed_on=today,
                                                                       note="Pointed at the ball", recorded_by=kim)
    made["concern_actions"] = p.ConcernAction.objects.create(concern=concern, description="Read together",
                                                             owner_carer=ps.links["mother"].carer, due_on=today)
    made["family_concerns"] = p.FamilyConcern.objects.create(child=child, raised_by=mother,
                                                             raised_by_carer=ps.links["mother"].carer,
                                                             subject="Lost hat", details="Blue, with a bobble")
    request = p.FamilyRequest.objects.create(setting=child.setting, kind="consent", title="Outing to the park",
                                             due_on=today, created_by=ps.manager)
    recipient = p.RequestRecipient.objects.create(request=request, child=child, sent_at=now)
    made["requests"] = recipient
    made["request_answers"] = p.RequestAnswer.objects.create(recipient=recipient, carer=ps.links["mother"].carer,
                                                             answered_by=mother, consent_given=True)
    event = p.Event.objects.create(setting=child.setting, kind="parent_evening", title="Parents' evening",
                                   created_by=ps.manager)
    slot = p.EventSlot.objects.create(event=event, starts_at=now + timedelta(days=7))
    made["event_bookings"] = p.EventBooking.objects.create(event=event, slot=slot, child=child, booked_by=mother)
    made["progress_checks"] = p.ProgressCheck.objects.create(child=child, written_by=kim, checked_on=today,
                                                             cl_going_well="Lots of words", shared_on=today)
    plan = p.SettlingPlan.objects.create(child=child, created_by=kim, notes="Loves his blue rabbit")
    made["settling_plans"] = plan
    made["settling_sessions"] = p.SettlingSession.objects.create(plan=plan, date=today, start_time="09:00",
                                                                 length_minutes=60)
    made["transitions"] = p.Transition.objects.create(child=child, destination="Meadow Lane Primary",
                                                      interests="Dinosaurs", written_by=kim, shared_with_family_at=now)
    made["commitments"] = p.Commitment.objects.create(child=child, owner=kim, description="Find the hat",
                                                      due_on=today, created_by=kim)
    made["complaints"] = p.Complaint.objects.create(
        setting=child.setting, child=child, complainant_name="Mia Jones",
        complainant_carer=ps.links["mother"].carer, channel="written", received_at=now, summary="Late lunch",
        respond_by=today + timedelta(days=28), recorded_by=ps.manager)
    made["safeguarding"] = p.SafeguardingRecord.objects.create(
        setting=child.setting, child=child, recorded_by=kim, what_happened="Bruise on the arm, said he fell")
    return made
