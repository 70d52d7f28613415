"""Demo data for the child's day: today's board in progress, `ctx.days` past days, both-way conversations.

Bulk-created (no per-row saves), so the large setting (150 children, 365 days, ~300k entries) builds
in about a minute on PostgreSQL. Past rows are written directly, so they carry no history rows of their
own; anything changed through the services afterwards keeps its history as usual.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from families.models import AuthorisedCollector, CarerLink, KeyPersonAssignment

from .models import (
    Accident,
    ActivityResponse,
    Attendance,
    DiaryEntry,
    EntryComment,
    Handover,
    HomeObservation,
    MedicineConsent,
    MedicineDose,
    Photo,
    ReadReceipt,
    TakeHomeActivity,
)

BATCH = 5000
MEALS = {
    "breakfast": ["Porridge with banana", "Toast and fruit", "Cereal and milk", "Yoghurt and berries"],
    "snack": ["Apple slices", "Rice cakes", "Carrot sticks and hummus", "Pear and crackers"],
    "lunch": ["Shepherd's pie", "Fish pie and peas", "Vegetable curry and rice", "Pasta bolognese",
              "Chicken casserole", "Lentil soup and bread", "Jacket potato and beans"],
    "tea": ["Sandwiches and cucumber", "Pitta and dips", "Scrambled egg on toast", "Soup and roll"],
}
ACTIVITIES = [
    ("Mud kitchen: made 'soup' and counted the spoons", True),
    ("Painted with big brushes outside", False),
    ("Built a tall tower and counted the blocks", True),
    ("Sang 'Wind the bobbin up' with actions", False),
    ("Found three worms in the garden and talked about them", True),
    ("Shared the bikes and took turns", True),
    ("Story time: 'We're going on a bear hunt'", False),
    ("Sorted shells by size", False),
    ("Played in the sand tray with diggers", False),
    ("Used scissors to snip playdough", True),
]
WELLBEING = ["Happy and settled all day", "A bit tired after lunch", "Played happily with friends",
             "Needed a cuddle after drop-off, then settled"]
STAFF_NOTES = ["Seemed quieter than usual; keep an eye", "Mentioned a new baby at home", "Check spare clothes"]
FAMILY_COMMENTS = ["He loves this!", "She told us all about it at tea", "Can you send the song words?",
                   "Thank you for the photo!", "We'll try this at home", "Did he eat any of it?"]
STAFF_REPLIES = ["Yes, it was lovely to see", "Of course, I'll put them in the bag", "A little, more than yesterday!",
                 "She was so proud", "Let us know how it goes"]
OBSERVATIONS = ["Counted the stairs up to 12 today", "Helped water the garden and named the flowers",
                "Said 'please' at dinner without being asked", "Drew a picture of the nursery cat",
                "Put his shoes on by himself for the first time"]


def _at(tz, day, hh, mm=0):
    return datetime.combine(day, time(hh, mm)).replace(tzinfo=tz)


def _demo_images(count=6):
    """A few small pictures in private media, shared by the demo photo rows."""
    colours = [(240, 180, 80), (120, 190, 160), (130, 160, 220), (230, 130, 130), (180, 140, 210), (200, 200, 120)]
    names = []
    for i in range(count):
        image = Image.new("RGB", (640, 480), colours[i % len(colours)])
        draw = ImageDraw.Draw(image)
        for j in range(6):
            draw.ellipse((60 + j * 90, 160 + (j % 2) * 80, 130 + j * 90, 230 + (j % 2) * 80), fill=(255, 255, 255))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=80)
        names.append(default_storage.save(f"diary-photos/demo/demo-{i}.jpg", ContentFile(out.getvalue())))
    return names


def _day_plan(child_room_name, rng):
    """(hour, minute, kind, extra) for an ordinary day, by room."""
    baby = child_room_name == "Babies"
    plan = []
    if baby:
        plan += [(8, 30, "bottle", {"ml": rng.choice([120, 150, 180, 210])}),
                 (9, 45, "nappy", {"nappy": rng.choice(["wet", "wet", "dirty"])}),
                 (11, 30, "meal", {"what": rng.choice(MEALS["lunch"]), "amount": rng.choice(["all", "most", "half"])}),
                 (12, 15, "sleep", {"minutes": rng.randint(50, 110)}),
                 (14, 15, "bottle", {"ml": rng.choice([120, 150, 180])}),
                 (14, 40, "nappy", {"nappy": rng.choice(["wet", "dirty"])}),
                 (16, 0, "nappy", {"nappy": "wet"})]
    else:
        toilet = child_room_name != "Toddlers"
        plan += [(8, 15, "meal", {"what": rng.choice(MEALS["breakfast"]), "amount": rng.choice(["all", "most"])}),
                 (10, 0, "meal", {"what": rng.choice(MEALS["snack"]), "amount": rng.choice(["all", "most", "half"])}),
                 (10, 30, "nappy", {"nappy": "toilet" if toilet else rng.choice(["wet", "dry", "potty"])}),
                 (11, 45, "meal", {"what": rng.choice(MEALS["lunch"]),
                                   "amount": rng.choice(["all", "all", "most", "half", "little"])}),
                 (14, 30, "nappy", {"nappy": "toilet" if toilet else rng.choice(["wet", "dirty"])}),
                 (15, 30, "meal", {"what": rng.choice(MEALS["tea"]), "amount": rng.choice(["all", "most", "half"])})]
        if not toilet:
            plan.append((12, 40, "sleep", {"minutes": rng.randint(40, 90)}))
    activity, good = rng.choice(ACTIVITIES)
    plan.append((10, 15 + rng.randint(0, 30), "activity", {"text": activity, "good": good and rng.random() < 0.6}))
    if rng.random() < 0.3:
        plan.append((13, 50, "wellbeing", {"text": rng.choice(WELLBEING)}))
    if rng.random() < 0.03:
        plan.append((15, 5, "note", {"text": rng.choice(STAFF_NOTES), "staff_only": True}))
    return sorted(plan)


def _entry(child, day, tz, hh, mm, kind, extra, author):
    occurred = _at(tz, day, hh, mm)
    entry = DiaryEntry(child=child, day=day, kind=kind, occurred_at=occurred, author=author,
                       is_good_news=bool(extra.get("good")), staff_only=bool(extra.get("staff_only")))
    if kind == "sleep":
        entry.ends_at = occurred + timedelta(minutes=extra["minutes"]) if extra.get("minutes") else None
    entry.what = extra.get("what", "")
    entry.amount = extra.get("amount", "")
    entry.ml = extra.get("ml")
    entry.nappy = extra.get("nappy", "")
    entry.text = extra.get("text", "")
    return entry


def seed(ctx) -> str:
    rng, tz, today = ctx.rng, ctx.setting.tz, ctx.today
    now = timezone.now()
    children = [c for c in ctx.children if c.room_id]
    room_names = {room.pk: room.name for room in ctx.rooms}
    key_user = {a.child_id: a.staff.user for a in
                KeyPersonAssignment.objects.active(today).filter(child__in=children).select_related("staff__user")}
    links = {}
    for link in CarerLink.objects.filter(child__in=children, is_restricted=False).select_related("carer__user"):
        links.setdefault(link.child_id, []).append(link)
    collectors = {c.child_id: c for c in AuthorisedCollector.objects.filter(child__in=children, is_active=True)}
    images = _demo_images()
    named = ctx.named_children
    alfie, bea = named["alfie"], named["bea"]

    entries, attendances, handovers, receipts = [], [], [], []
    counts = {"entries": 0}

    def flush(force=False):
        if entries and (force or len(entries) >= BATCH):
            DiaryEntry.objects.bulk_create(entries, batch_size=BATCH)
            counts["entries"] += len(entries)
            recent.extend(e for e in entries if e.day >= today - timedelta(days=14) and e.kind == "activity")
            entries.clear()

    recent = []
    # --- past days ----------------------------------------------------------------------------------
    for back in range(ctx.days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for child in children:
            if child.start_date > day or (child.leave_date and child.leave_date < day) or rng.random() < 0.08:
                continue
            family = links.get(child.pk, [])
            collecting = [link for link in family if link.may_collect] or family
            author = key_user.get(child.pk) or ctx.staff["key_person"].user
            brought = rng.choice(collecting) if collecting else None
            in_at = _at(tz, day, 7, 30) + timedelta(minutes=rng.randint(0, 110))
            out_at = _at(tz, day, 15, 0) + timedelta(minutes=rng.randint(0, 180))
            collector = rng.choice(collecting) if collecting else None
            attendances.append(Attendance(
                child=child, day=day, in_at=in_at, brought_by=brought.carer.full_name if brought else "Family",
                checked_in_by=author, out_at=out_at, collected_by_link=collector,
                collected_by_name=collector.carer.full_name if collector else "Family", checked_out_by=author,
                day_summary="A lovely day." if rng.random() < 0.5 else ""))
            if rng.random() < 0.5 and family:
                sender = rng.choice(family)
                handovers.append(Handover(
                    child=child, day=day, source="family", sent_by=sender.carer.user,
                    night_sleep=rng.choice(["Slept well", "Woke twice", "Up at 5am!", "Slept 7pm-6:30am"]),
                    last_feed=rng.choice(MEALS["breakfast"]), last_feed_at=time(7, rng.randint(0, 45)),
                    mood_health=rng.choice(["Happy", "A bit teary", "Full of beans", "Slight cold"]),
                    collector_name=collector.carer.full_name if collector else "", acknowledged_by=author,
                    acknowledged_at=in_at))
            for hh, mm, kind, extra in _day_plan(room_names[child.room_id], rng):
                entries.append(_entry(child, day, tz, hh, mm, kind, extra, author))
            for link in family:
                if link.carer.user_id and link.can_see_diary and rng.random() < 0.6:
                    read = out_at + timedelta(minutes=rng.randint(30, 240))
                    receipts.append(ReadReceipt(child=child, day=day, user_id=link.carer.user_id, carer=link.carer,
                                                first_read_at=read, last_read_at=read))
        flush()
    flush(force=True)
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    Handover.objects.bulk_create(handovers, batch_size=BATCH)
    ReadReceipt.objects.bulk_create(receipts, batch_size=BATCH, ignore_conflicts=True)

    # --- today: the board in progress ---------------------------------------------------------------
    local_now = now.astimezone(tz)
    start = _at(tz, today, 7, 30)
    if local_now - start < timedelta(hours=3):
        # Seeded at night or early: squeeze the morning into the last few hours so the board is busy.
        start = max(_at(tz, today, 0, 5), now - timedelta(hours=3))
    squeeze = min(1.0, (now - start) / timedelta(hours=9))
    today_entries, today_att, today_handovers = [], [], []
    for child in children:
        if child.start_date > today or (child.leave_date and child.leave_date < today):
            continue
        author = key_user.get(child.pk) or ctx.staff["key_person"].user
        family = links.get(child.pk, [])
        if child.pk == alfie.pk:
            # Alfie: Mum sent the handover from her phone; he is not in yet, so it waits on the board.
            mother = next((link for link in family if link.relationship == "mother"), family[0] if family else None)
            today_handovers.append(Handover(
                child=child, day=today, source="family", sent_by=mother.carer.user if mother else None,
                night_sleep="Woke at 4am with a cough, back to sleep by 5", last_feed="Weetabix",
                last_feed_at=time(7, 10), medicine_at_home="Calpol 5 ml", medicine_at=time(6, 30),
                mood_health="Tired but cheerful", collector_name="Gran Peg", collect_at=time(17, 30),
                notes="Please can he wear his wellies outside"))
            continue
        if rng.random() < 0.15:
            continue  # not in yet / off today
        arrived = start + (timedelta(minutes=rng.randint(0, 90)) * squeeze)
        today_att.append(Attendance(child=child, day=today, in_at=arrived,
                                    brought_by=rng.choice(family).carer.full_name if family else "Family",
                                    checked_in_by=author))
        if rng.random() < 0.5 and family:
            today_handovers.append(Handover(child=child, day=today, source="family",
                                            sent_by=rng.choice(family).carer.user, mood_health="Happy",
                                            night_sleep="Slept well", acknowledged_by=author, acknowledged_at=arrived))
        for hh, mm, kind, extra in _day_plan(room_names[child.room_id], rng):
            offset = (_at(tz, today, hh, mm) - _at(tz, today, 7, 30)) * squeeze
            when = start + offset
            if when >= now - timedelta(minutes=2) or when < arrived:
                continue
            entry = _entry(child, today, tz, hh, mm, kind, extra, author)
            entry.occurred_at = when
            if kind == "sleep":
                # Children whose nap started in the last hour are "sleeping now" on the board.
                entry.ends_at = None if now - when < timedelta(hours=1) or child.pk == bea.pk else \
                    when + timedelta(minutes=extra["minutes"]) * squeeze
                if entry.ends_at and entry.ends_at > now:
                    entry.ends_at = None
            today_entries.append(entry)
        if child.pk == bea.pk and not any(e.child_id == bea.pk and e.kind == "sleep" for e in today_entries):
            today_entries.append(_entry(child, today, tz, 0, 0, "sleep", {}, author))
            today_entries[-1].occurred_at = now - timedelta(minutes=25)
    DiaryEntry.objects.bulk_create(today_entries, batch_size=BATCH)
    Attendance.objects.bulk_create(today_att, batch_size=BATCH)
    Handover.objects.bulk_create(today_handovers, batch_size=BATCH)
    counts["entries"] += len(today_entries)

    # --- photos (recent weeks only: a real nursery does not keep years of photos online) ------------
    photos = []
    photo_entries = []
    photo_days = [today - timedelta(days=b) for b in range(0, min(ctx.days, 14) + 1)
                  if (today - timedelta(days=b)).weekday() < 5]
    for day in photo_days:
        for child in rng.sample(children, k=max(1, len(children) // 5)):
            photos.append((Photo(image=rng.choice(images), caption=rng.choice(ACTIVITIES)[0],
                                 taken_by=key_user.get(child.pk)), child, day))
    Photo.objects.bulk_create([p for p, _c, _d in photos], batch_size=BATCH)
    through = Photo.children.through
    through.objects.bulk_create([through(photo_id=p.pk, child_id=c.pk) for p, c, _d in photos], batch_size=BATCH)
    for photo, child, day in photos:
        when = min(_at(tz, day, 11, 0), now - timedelta(minutes=5)) if day == today else _at(tz, day, 11, 0)
        photo_entries.append(DiaryEntry(child=child, day=day, kind="photo", photo=photo, occurred_at=when,
                                        text=photo.caption, author=photo.taken_by, is_good_news=rng.random() < 0.3))
    DiaryEntry.objects.bulk_create(photo_entries, batch_size=BATCH)
    counts["entries"] += len(photo_entries)

    # --- comments both ways on recent entries -------------------------------------------------------
    comments = []
    for entry in recent + photo_entries:
        family = [link for link in links.get(entry.child_id, []) if link.carer.user_id and link.can_contribute]
        if not family or entry.staff_only or rng.random() > (0.6 if entry.child_id == alfie.pk else 0.12):
            continue
        asked = entry.occurred_at + timedelta(hours=rng.randint(5, 9))
        if asked < now:
            comments.append(EntryComment(entry=entry, author=rng.choice(family).carer.user,
                                         text=rng.choice(FAMILY_COMMENTS)))
            comments[-1].created_at_hint = asked
            if rng.random() < 0.7 and asked + timedelta(hours=14) < now:
                comments.append(EntryComment(entry=entry, author=entry.author, by_staff=True,
                                             text=rng.choice(STAFF_REPLIES)))
                comments[-1].created_at_hint = asked + timedelta(hours=14)
    EntryComment.objects.bulk_create(comments, batch_size=BATCH)
    for comment in comments:  # auto_now_add ignores given values; set the realistic times afterwards
        comment.created_at = comment.created_at_hint
    EntryComment.objects.bulk_update(comments, ["created_at"], batch_size=BATCH)

    # --- home observations, take-home activities ----------------------------------------------------
    observations = []
    for child in [alfie, bea] + rng.sample(children, k=min(len(children), 12)):
        family = [link for link in links.get(child.pk, []) if link.carer.user_id and link.can_contribute]
        if not family:
            continue
        for n in range(2 if child.pk == alfie.pk else 1):
            acknowledged = n > 0 or rng.random() < 0.5
            observations.append(HomeObservation(
                child=child, author=rng.choice(family).carer.user, text=rng.choice(OBSERVATIONS),
                observed_on=today - timedelta(days=n * 3 + 1), photo=rng.choice(images) if n == 0 else "",
                acknowledged_by=key_user.get(child.pk) if acknowledged else None,
                acknowledged_at=now - timedelta(hours=20) if acknowledged else None,
                staff_reply="Lovely! We'll build on this in the room." if acknowledged else ""))
    HomeObservation.objects.bulk_create(observations)
    kim = ctx.staff["key_person"].user
    activity = TakeHomeActivity.objects.create(
        child=alfie, title="Counting on the walk home", suggested_by=kim,
        description="Alfie loved counting blocks today. Count the lamp posts or red cars on the way home.")
    mother_user = next((link.carer.user for link in links.get(alfie.pk, []) if link.relationship == "mother"), None)
    ActivityResponse.objects.create(activity=activity, author=mother_user,
                                    text="We counted 14 red cars! He shouted each number.")
    TakeHomeActivity.objects.create(child=alfie, title="Puddle jumping", suggested_by=kim,
                                    description="Wellies on, jump and count the splashes.")

    # --- an accident awaiting acknowledgement, a home injury, a medicine with doses -----------------
    accident_day = today - timedelta(days=1)
    Accident.objects.create(
        child=alfie, occurred_at=_at(tz, accident_day, 14, 20), location="Garden, by the climbing frame",
        description="Slipped on the wet step and bumped his forehead.", body_area="forehead (left side)",
        first_aid="Cold compress for 10 minutes; monitored, no concerns.", witness="Olly Mensah",
        recorded_by=kim, parent_informed_at=_at(tz, accident_day, 17, 25), parent_informed_how="At collection (Gran)")
    Accident.objects.create(
        child=bea, kind="home_injury", occurred_at=now - timedelta(days=2), description="Small bruise on shin from "
        "the coffee table at home", body_area="right shin", recorded_by=mother_user)
    old = Accident.objects.create(
        child=bea, occurred_at=_at(tz, today - timedelta(days=9), 10, 5), location="Baby room", body_area="finger",
        description="Finger trapped in the cupboard door", first_aid="Cold compress", recorded_by=kim,
        parent_informed_at=_at(tz, today - timedelta(days=9), 16, 0), parent_informed_how="Phone",
        paper_signed_by="Grace Okafor", paper_recorded_by=kim)
    assert old.is_acknowledged
    bea_carer = next((link.carer for link in links.get(bea.pk, []) if link.carer.user_id and link.parental_responsibility),
                     None)
    consent = MedicineConsent.objects.create(
        child=bea, given_by=bea_carer.user if bea_carer else None, carer=bea_carer, medicine="Calpol (paracetamol)",
        dose="2.5 ml", when="If temperature is above 38°C, at most every 4 hours", starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=5))
    olly = ctx.staff["other_room"].user
    dose_times = [_at(tz, today - timedelta(days=1), 13, 10), min(now - timedelta(minutes=40), _at(tz, today, 11, 0))]
    MedicineDose.objects.bulk_create([MedicineDose(consent=consent, child=bea, given_at=t, dose="2.5 ml",
                                                   given_by=olly, witness="Kim Walsh") for t in dose_times])
    collectors.clear()
    return (f"{counts['entries']} diary entries, {len(attendances) + len(today_att)} attendances, "
            f"{len(handovers) + len(today_handovers)} handovers, {len(comments)} comments, {len(photos)} photos")
