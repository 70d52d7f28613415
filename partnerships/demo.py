"""Demo partnership data: a concern at each stage, a family-raised concern, complaints, safeguarding, requests,
events, settling-in, a progress check, a transition, and `ctx.days` of varied conversation history.

The history is shaped for the reports: some families are overlooked (no contact for weeks), some only ever
talk through one carer, fathers and grandparents appear at drop-off and pick-up. Large seeds use bulk_create.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from families.models import CarerLink, KeyPersonAssignment, Membership

from .models import (
    Commitment,
    Complaint,
    Concern,
    ConcernAction,
    ConcernObservation,
    Conversation,
    Event,
    EventBooking,
    EventSlot,
    FamilyConcern,
    FamilyRequest,
    ProgressCheck,
    RequestAnswer,
    RequestRecipient,
    SafeguardingReadAudit,
    SafeguardingRecord,
    SettlingPlan,
    SettlingSession,
    Transition,
)

CH = Conversation.Channel
TOPICS = [
    ("Slept badly last night", False), ("Great painting today", True), ("New word: 'tractor'", True),
    ("Not eating much lunch", False), ("Shared toys with a friend", True), ("Teething", False),
    ("Potty training going well", True), ("Holiday next week", False), ("Loved the sand tray", True),
    ("Spare clothes needed", False), ("Counting to five!", True), ("A bit unsettled at drop-off", False),
    ("Grandad visiting", False), ("Helped tidy up", True), ("Cough, keep an eye", False),
]
STAGED = [Concern.Stage.PREPARED, Concern.Stage.INVITED, Concern.Stage.DISCUSSED, Concern.Stage.PARENT_VIEW,
          Concern.Stage.ACTIONS_AGREED, Concern.Stage.REVIEW_SET, Concern.Stage.REVIEWED, Concern.Stage.CLOSED,
          Concern.Stage.ESCALATED]
CONCERN_TITLES = ["Speech: few words for age", "Biting at busy times", "Not eating at lunch",
                  "Very tired on Mondays", "Finds drop-off hard", "Rarely joins group play", "Toileting setbacks",
                  "Walking on tiptoes", "Upset by loud noises"]


def _at(ctx, day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=ctx.setting.tz)


def seed(ctx) -> str:
    today, setting = ctx.today, ctx.setting
    links = defaultdict(list)
    for link in CarerLink.objects.filter(child__setting=setting, is_restricted=False).select_related("carer__user"):
        links[link.child_id].append(link)
    key_user = {a.child_id: a.staff.user for a in KeyPersonAssignment.objects.active(today).select_related(
        "staff__user").filter(child__setting=setting)}
    staff_users = [m.user for m in Membership.objects.filter(setting=setting).select_related("user")]
    manager, dsl = ctx.staff["manager"].user, ctx.staff["dsl"].user

    conversations = _history(ctx, links, key_user, staff_users)
    stats = {"conversations": conversations}
    stats["requests"] = _requests(ctx, links)
    _concerns(ctx, links, key_user)
    _family_concerns(ctx, links)
    _commitments(ctx, key_user)
    _complaints(ctx, manager, links)
    _safeguarding(ctx, key_user, manager, dsl)
    _events(ctx, links)
    _growth(ctx, links, key_user)
    return (f"{stats['conversations']} conversations, {stats['requests']} request recipients, "
            f"{Concern.objects.filter(child__setting=setting).count()} concerns, complaints, safeguarding, events, "
            "settling-in, progress check, transition")


def _history(ctx, links, key_user, staff_users) -> int:
    """Daily conversations over ctx.days. About one family in ten is overlooked: nothing for the last weeks."""
    rng, today = ctx.rng, ctx.today
    rows, carer_rows = [], []
    for child in ctx.children:
        child_links = links[child.pk]
        if not child_links:
            continue
        profile = rng.random()
        overlooked = profile < 0.1 and child.pk != ctx.named_children["alfie"].pk
        rate = 0.05 if overlooked else (0.5 if profile > 0.8 else 0.25)
        one_carer_only = rng.random() < 0.3
        silent_from = today - timedelta(days=rng.randint(21, 45)) if overlooked else None
        main = child_links[0]
        for back in range(ctx.days, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5 or day < child.start_date or (silent_from and day >= silent_from):
                continue
            if rng.random() >= rate:
                continue
            channel = rng.choices([CH.DROP_OFF, CH.PICK_UP, CH.PHONE, CH.EMAIL, CH.MEETING, CH.VIDEO],
                                  [40, 40, 8, 6, 4, 2])[0]
            who = main if one_carer_only else rng.choice(child_links)
            hour = 8 if channel == CH.DROP_OFF else 17 if channel == CH.PICK_UP else rng.randint(10, 15)
            topic, good = rng.choice(TOPICS)
            staff = key_user.get(child.pk) if rng.random() < 0.7 else rng.choice(staff_users)
            rows.append(Conversation(
                child=child, staff=staff or rng.choice(staff_users), channel=channel, topic=topic,
                summary="" if rng.random() < 0.5 else f"{who.carer.full_name.split()[0]} mentioned it.",
                is_good_news=good, started_by_family=rng.random() < 0.35,
                follow_up="Check again tomorrow" if not good and rng.random() < 0.2 else "",
                happened_at=_at(ctx, day, hour, rng.randint(0, 59)),
            ))
            carer_rows.append(who.carer_id)
    Conversation.objects.bulk_create(rows, batch_size=2000)
    through = Conversation.carers.through
    through.objects.bulk_create([through(conversation_id=c.pk, carer_id=carer_id)
                                 for c, carer_id in zip(rows, carer_rows, strict=True)], batch_size=5000)
    return len(rows)


def _requests(ctx, links) -> int:
    """A request every fortnight; most answered, some only seen, some ignored; one consent still open."""
    rng, today, setting = ctx.rng, ctx.today, ctx.setting
    creator = ctx.staff["manager"].user
    kinds = [FamilyRequest.Kind.INFORMATION, FamilyRequest.Kind.BRING, FamilyRequest.Kind.CONSENT]
    titles = {FamilyRequest.Kind.INFORMATION: "Update your contact details",
              FamilyRequest.Kind.BRING: "Please bring spare clothes and sun cream",
              FamilyRequest.Kind.CONSENT: "Consent: outing to the park"}
    total = 0
    ignorers = {c.pk for c in ctx.children if rng.random() < 0.12}
    for i, back in enumerate(range(ctx.days, 6, -14)):
        kind = kinds[i % 3]
        sent = _at(ctx, today - timedelta(days=back), 9)
        request = FamilyRequest.objects.create(setting=setting, kind=kind, title=titles[kind], due_on=sent.date()
                                               + timedelta(days=7), created_by=creator)
        FamilyRequest.objects.filter(pk=request.pk).update(created_at=sent)
        total += _send(ctx, request, [c for c in ctx.children if c.start_date <= sent.date()], sent, links,
                       answer_rate=0.8, ignorers=ignorers)
    # Outstanding: a consent for Alfie's room, due in five days; his mother has answered, his father not yet.
    alfie = ctx.named_children["alfie"]
    consent = FamilyRequest.objects.create(
        setting=setting, kind=FamilyRequest.Kind.CONSENT, title="Consent: trip to the city farm",
        body="We are visiting the city farm by minibus. Each parent, please say yes or no.",
        audience=FamilyRequest.Audience.ROOM, room=alfie.room, due_on=today + timedelta(days=5),
        created_by=ctx.staff["key_person"].user)
    room_children = [c for c in ctx.children if c.room_id == alfie.room_id]
    now = _at(ctx, today - timedelta(days=1), 9)
    recipients = RequestRecipient.objects.bulk_create(
        [RequestRecipient(request=consent, child=c, sent_at=now) for c in room_children])
    for r in recipients:
        if r.child_id == alfie.pk:
            mother = next(link for link in links[alfie.pk] if link.relationship == "mother")
            RequestAnswer.objects.create(recipient=r, carer=mother.carer, answered_by=mother.carer.user,
                                         consent_given=True)
            RequestRecipient.objects.filter(pk=r.pk).update(seen_at=now + timedelta(hours=2))
    return total + len(recipients)


def _send(ctx, request, children, sent, links, answer_rate, ignorers) -> int:
    rng = ctx.rng
    recipients, answers = [], []
    for child in children:
        r = RequestRecipient(request=request, child=child, sent_at=sent)
        if child.pk not in ignorers and rng.random() < 0.9:
            r.seen_at = sent + timedelta(hours=rng.randint(1, 48))
            if rng.random() < answer_rate:
                r.answered_at = r.seen_at + timedelta(hours=rng.randint(0, 72))
        recipients.append(r)
    RequestRecipient.objects.bulk_create(recipients, batch_size=2000)
    for r in recipients:
        if not r.answered_at:
            continue
        answering = [link for link in links[r.child_id] if link.carer.user_id and (
            link.parental_responsibility or request.kind != FamilyRequest.Kind.CONSENT)]
        if request.kind != FamilyRequest.Kind.CONSENT:
            answering = answering[:1]
        for link in answering:
            answers.append(RequestAnswer(recipient=r, carer=link.carer, answered_by=link.carer.user,
                                         consent_given=True if request.kind == FamilyRequest.Kind.CONSENT else None,
                                         text="" if request.kind == FamilyRequest.Kind.CONSENT else "Done"))
    RequestAnswer.objects.bulk_create(answers, batch_size=2000)
    return len(recipients)


def _concerns(ctx, links, key_user):
    """One staff-raised concern at every stage, the one at 'actions agreed' about Alfie (his parents see it)."""
    rng, today = ctx.rng, ctx.today
    alfie = ctx.named_children["alfie"]
    others = [c for c in ctx.children if c.pk != alfie.pk and c.leave_date is None and links[c.pk]]
    for i, stage in enumerate(STAGED):
        child = alfie if stage == Concern.Stage.ACTIONS_AGREED else others[i % len(others)]
        staff = key_user.get(child.pk) or ctx.staff["key_person"].user
        created = _at(ctx, today - timedelta(days=10 + 5 * i), 14)
        reached = Concern.ORDER.index(stage)
        c = Concern(child=child, raised_by=staff, title=CONCERN_TITLES[i], stage=stage,
                    summary="Noticed over the last few weeks; we would like to talk together about it.")
        parent = next((link for link in links[child.pk] if link.can_see_concerns and link.carer.user_id), None)
        if reached >= 1:
            c.shared_with_family_at = created + timedelta(days=1)
            c.meeting_at = _at(ctx, today + timedelta(days=2), 16, 30) if reached == 1 else created + timedelta(4)
            c.meeting_place = "Quiet room"
        if reached >= 2:
            c.discussed_at = created + timedelta(days=4)
            c.discussion_notes = "Talked through the observations; agreed to try a few things at home and here."
        if reached >= 3 and parent:
            c.parent_view = "At home it is much the same. I think he is tired after weekends at his dad's."
            c.parent_view_by, c.parent_view_at = parent.carer.user, created + timedelta(days=4)
        if reached >= 4:
            c.actions_agreed_at = created + timedelta(days=4)
        if reached >= 5:
            c.review_on = today + timedelta(days=14) if reached == 5 else today - timedelta(days=2)
        if reached >= 6:
            c.reviewed_at = created + timedelta(days=30)
            c.review_notes = "Things are better; keep going for two more weeks."
        if stage == Concern.Stage.CLOSED:
            c.closed_at, c.outcome_note = created + timedelta(days=31), "Resolved together."
        if stage == Concern.Stage.ESCALATED:
            c.escalated_at, c.outcome_note = created + timedelta(days=5), "Referred to speech and language therapy."
        c.save()
        Concern.objects.filter(pk=c.pk).update(created_at=created)
        for back in (20, 13, 6):
            ConcernObservation.objects.create(concern=c, observed_on=created.date() - timedelta(days=back),
                                              note=rng.choice(["Cried for 15 minutes at nap time",
                                                               "Pointed instead of asking for a drink",
                                                               "Bit a friend during tidy-up"]),
                                              recorded_by=staff)
        if reached >= 4:
            ConcernAction.objects.create(concern=c, description="Quiet story time after lunch", owner_staff=staff,
                                         due_on=today + timedelta(days=7))
            if parent:
                ConcernAction.objects.create(concern=c, description="Earlier bedtime on Sunday nights",
                                             owner_carer=parent.carer, due_on=today + timedelta(days=7))


def _family_concerns(ctx, links):
    alfie = ctx.named_children["alfie"]
    mother = next(link for link in links[alfie.pk] if link.relationship == "mother")
    kim = ctx.staff["key_person"].user
    fc = FamilyConcern.objects.create(child=alfie, raised_by=mother.carer.user, raised_by_carer=mother.carer,
                                      subject="Bite mark on his arm",
                                      details="He came home with a bite mark and said a friend did it.",
                                      stage=FamilyConcern.Stage.ACKNOWLEDGED, acknowledged_by=kim,
                                      acknowledgement="Thank you for telling us. I will find out and call you.")
    FamilyConcern.objects.filter(pk=fc.pk).update(acknowledged_at=fc.created_at)
    other = next(c for c in ctx.children[2:] if any(link.can_see_concerns and link.carer.user_id
                                                    for link in links[c.pk]))
    link = next(link for link in links[other.pk] if link.can_see_concerns and link.carer.user_id)
    FamilyConcern.objects.create(child=other, raised_by=link.carer.user, raised_by_carer=link.carer,
                                 subject="Lost jumper", details="Her blue jumper did not come home on Friday.")


def _commitments(ctx, key_user):
    alfie = ctx.named_children["alfie"]
    kim = ctx.staff["key_person"].user
    fc = FamilyConcern.objects.filter(child=alfie).first()
    promise = Commitment.objects.create(child=alfie, owner=kim, description="Call Mia back about the bite mark",
                                        due_on=ctx.setting.next_working_day(ctx.today), created_by=kim, source=fc,
                                        source_label=fc.subject)
    promise.said_to.set([fc.raised_by_carer])  # Mia's; her ex-partner's household does not see it
    for child in ctx.children[2:8]:
        owner = key_user.get(child.pk) or kim
        overdue = ctx.rng.random() < 0.4
        Commitment.objects.create(child=child, owner=owner, created_by=owner,
                                  description="Find out about the swimming session",
                                  due_on=ctx.today + timedelta(days=-2 if overdue else 3))


def _complaints(ctx, manager, links):
    setting, today = ctx.setting, ctx.today
    profile = setting.profile
    near = _at(ctx, today - timedelta(days=profile.written_complaint_response_days - 3), 10)
    Complaint.objects.create(
        setting=setting, child=ctx.children[4], complainant_name=links[ctx.children[4].pk][0].carer.full_name,
        channel=Complaint.Channel.WRITTEN, received_at=near, concerns_eyfs_requirement=True,
        summary="Written complaint: staff ratio in the garden at pick-up time looked too low.",
        respond_by=near.date() + timedelta(days=profile.written_complaint_response_days),
        investigation="Checked rotas and spoke to staff on duty.", recorded_by=manager)
    old = _at(ctx, today - timedelta(days=60), 15)
    Complaint.objects.create(
        setting=setting, complainant_name=links[ctx.children[5].pk][0].carer.full_name,
        channel=Complaint.Channel.VERBAL, received_at=old, summary="Child came home in someone else's coat.",
        respond_by=old.date() + timedelta(days=profile.verbal_complaint_response_days),
        investigation="Coat pegs mislabelled.", outcome="Pegs relabelled; apology given.",
        complainant_told_on=old.date() + timedelta(days=2), recorded_by=manager)


def _safeguarding(ctx, key_user, manager, dsl):
    child = ctx.children[6]
    record = SafeguardingRecord.objects.create(
        setting=ctx.setting, child=child, recorded_by=key_user.get(child.pk) or ctx.staff["key_person"].user,
        observed_at=_at(ctx, ctx.today - timedelta(days=3), 11),
        what_happened="Bruising on the upper arm noticed at nappy change. Said: 'it was the door'.",
        action_taken="Body map completed; told the DSL straight away.")
    record.named_managers.set([manager])
    SafeguardingReadAudit.objects.create(record=record, reader=dsl)


def _events(ctx, links):
    """A parent evening over three evenings, several slots each; and a past stay-and-play with attendance."""
    rng, today, setting = ctx.rng, ctx.today, ctx.setting
    manager = ctx.staff["manager"].user
    evening = Event.objects.create(setting=setting, kind=Event.Kind.PARENT_EVENING, title="Parent evening",
                                   description="Ten minutes with your child's key person. Three evenings, so "
                                               "working parents can come.", created_by=manager)
    slots = []
    for d in (10, 11, 14):
        for start in ((16, 0), (17, 0), (18, 0), (18, 30)):
            slots.append(EventSlot(event=evening, starts_at=_at(ctx, today + timedelta(days=d), *start),
                                   length_minutes=15, capacity=2))
    EventSlot.objects.bulk_create(slots)
    request = FamilyRequest.objects.create(setting=setting, kind=FamilyRequest.Kind.RSVP, title="Parent evening: "
                                           "book a time", event=evening, due_on=today + timedelta(days=8),
                                           created_by=manager)
    now = _at(ctx, today - timedelta(days=2), 9)
    recipients = RequestRecipient.objects.bulk_create([RequestRecipient(request=request, child=c, sent_at=now)
                                                       for c in ctx.children if c.leave_date is None])
    bookings, answers = [], []
    free = {s.pk: s.capacity for s in slots}
    for r in recipients:
        if r.child_id == ctx.named_children["alfie"].pk or rng.random() > 0.25:
            continue
        slot = next((s for s in rng.sample(slots, len(slots)) if free[s.pk] > 0), None)
        link = next((link for link in links[r.child_id] if link.carer.user_id), None)
        if slot is None or link is None:
            continue
        free[slot.pk] -= 1
        bookings.append(EventBooking(event=evening, slot=slot, child_id=r.child_id, booked_by=link.carer.user))
        answers.append(RequestAnswer(recipient=r, carer=link.carer, answered_by=link.carer.user, text="Booked"))
        r.answered_at = r.seen_at = now + timedelta(hours=3)
    EventBooking.objects.bulk_create(bookings)
    RequestAnswer.objects.bulk_create(answers)
    RequestRecipient.objects.bulk_update(recipients, ["answered_at", "seen_at"])
    play = Event.objects.create(setting=setting, kind=Event.Kind.STAY_AND_PLAY, title="Stay and play: messy play",
                                created_by=manager)
    past = [EventSlot.objects.create(event=play, starts_at=_at(ctx, today - timedelta(days=7), h), length_minutes=60,
                                     capacity=8) for h in (9, 15)]
    past_bookings = []
    for child in rng.sample(ctx.children, min(10, len(ctx.children))):
        link = next((link for link in links[child.pk] if link.carer.user_id), None)
        if link:
            past_bookings.append(EventBooking(event=play, slot=rng.choice(past), child=child,
                                              booked_by=link.carer.user, attended=rng.random() < 0.8))
    EventBooking.objects.bulk_create(past_bookings[:16])


def _growth(ctx, links, key_user):
    today = ctx.today
    settling = ctx.named_children.get("settling")
    if settling:
        staff = key_user.get(settling.pk) or ctx.staff["key_person"].user
        plan = SettlingPlan.objects.create(child=settling, created_by=staff,
                                           notes="Has a blue rabbit comforter; naps around 12:30.")
        for back, length, stays, staff_note, parent_note in (
            (3, 60, True, "Explored the sand tray with Mum close by.", "He talked about the sand all evening."),
            (2, 90, True, "Had snack at the table, looked for Mum twice.", "Tired but happy."),
            (0, 120, False, "", ""),
            (-1, 180, False, "", ""),
        ):
            SettlingSession.objects.create(plan=plan, date=today - timedelta(days=back), start_time=time(9, 30),
                                           length_minutes=length, parent_stays=stays, staff_note=staff_note,
                                           parent_note=parent_note,
                                           reviewed_at=_at(ctx, today - timedelta(days=back), 12) if staff_note
                                           else None)
    leaving = ctx.named_children.get("leaving")
    if leaving:
        parent = next((link for link in links[leaving.pk] if link.parental_responsibility and link.carer.user_id),
                      None)
        Transition.objects.create(
            child=leaving, destination="Meadow Lane Primary School (Reception)", moving_on=leaving.leave_date,
            interests="Dinosaurs, puddles, building tall towers.", strengths="Kind to younger children; persistent.",
            next_steps="Holding a pencil; taking turns in bigger groups.", care_needs="Asthma inhaler (blue).",
            family_section="She is excited and a bit nervous. She loves her cousin, who is in Year 2 there.",
            family_section_by=parent.carer.user if parent else None,
            shared_with_family_at=_at(ctx, today - timedelta(days=4), 10),
            written_by=key_user.get(leaving.pk) or ctx.staff["key_person"].user)
    two = ctx.named_children.get("two_year_old")
    if two:
        parent = next((link for link in links[two.pk] if link.parental_responsibility and link.carer.user_id), None)
        ProgressCheck.objects.create(
            child=two, written_by=key_user.get(two.pk) or ctx.staff["key_person"].user,
            checked_on=today - timedelta(days=6),
            cl_going_well="Uses about 50 words; joins in with songs.", cl_support="Two-word phrases.",
            cl_next_steps="Commenting on play; rhymes at home and here.",
            pd_going_well="Climbs confidently.", pd_support="", pd_next_steps="Spoon feeding on her own.",
            psed_going_well="Settles quickly with her key person.", psed_support="Sharing at busy times.",
            psed_next_steps="Turn-taking games.",
            parent_contribution="At home she sings all the time and loves the bath." if parent else "",
            parent_contribution_by=parent.carer.user if parent else None, shared_on=today - timedelta(days=5))
