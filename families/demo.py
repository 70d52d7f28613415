"""Demo data for families: a realistic nursery with every kind of family the product must handle.

`seed_demo` calls `seed(ctx)` here first, then `seed(ctx)` in every other app's demo.py, in
INSTALLED_APPS order. Each app reads what it needs from the DemoContext and adds its own records.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from .models import (
    AuthorisedCollector,
    Carer,
    CarerLink,
    Child,
    Household,
    KeyPersonAssignment,
    Membership,
    Room,
    Setting,
)

User = get_user_model()
DEMO_PASSWORD = "triangle-demo-2026"
# A fixed TOTP secret for the demo's manager and DSL; `manage.py demo_totp` prints the current code.
DEMO_TOTP_SECRET = "TRIANGLEDEMOSECRETJBSWY3DPEHPK3P"
R = CarerLink.Relationship


@dataclass
class DemoAccount:
    email: str
    role: str
    note: str = ""


@dataclass
class DemoContext:
    setting: Setting
    rooms: list[Room]
    staff: dict[str, Membership]  # by short name: "manager", "dsl", "key_person", "other_room", ...
    practitioners: list[Membership]
    children: list[Child]
    named_children: dict[str, Child]  # "alfie", "bea", "settling", "leaving", "two_year_old"
    accounts: list[DemoAccount]
    days: int
    rng: random.Random
    today: date
    large: bool = False
    extra: dict = field(default_factory=dict)

    def key_person_of(self, child: Child) -> Membership:
        return KeyPersonAssignment.objects.active(self.today).get(child=child).staff


FIRST_NAMES = [
    "Amara", "Oliver", "Zofia", "Ibrahim", "Maya", "Leo", "Aisha", "Noah", "Freya", "Yusuf", "Isla", "Jakub",
    "Harper", "Arjun", "Ruby", "Mateo", "Evie", "Kacper", "Sienna", "Rayan", "Poppy", "Elijah", "Layla", "Theo",
    "Hana", "Oscar", "Ananya", "Finley", "Mia", "Tomasz", "Grace", "Zain", "Willow", "Ioana", "Arlo", "Nia",
]
LAST_NAMES = [
    "Okafor", "Nowak", "Khan", "Patel", "Murphy", "Williams", "Hussain", "Kowalski", "Singh", "Brown", "Ahmed",
    "Taylor", "Popescu", "Evans", "Ali", "Wilson", "Garcia", "Robinson", "Begum", "Wright",
]
ADULT_NAMES = [
    "Sarah", "James", "Agnieszka", "Imran", "Chloe", "Daniel", "Fatima", "Michael", "Joanna", "Ravi", "Emma",
    "Tom", "Nadia", "Chris", "Priya", "Adam", "Elena", "Sam", "Aaliyah", "Ben",
]
POSTCODES = ["LS6 2AB", "LS6 4QT", "LS7 3CD", "LS8 1EF", "LS9 7JL", "LS11 5GH", "LS12 3NP", "LS4 2RS"]
LANGUAGES = [("English", "en-gb")] * 6 + [("Polish", "pl"), ("Urdu", "ur"), ("Punjabi", "pa"), ("Romanian", "ro"),
                                          ("Arabic", "ar"), ("Spanish", "es")]


_password_hash = None


def _user(email, full_name, language="en-gb"):
    # One hash for every demo account: hashing hundreds of passwords would dominate the large seed.
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(DEMO_PASSWORD)
    return User.objects.create(email=email, password=_password_hash, full_name=full_name, language=language)


AVATAR_COLOURS = ["#2f5d62", "#5e8b7e", "#a7c4bc", "#7d5a50", "#b4846c", "#3d5a80", "#98c1d9", "#ee6c4d"]


def _avatar(name: str) -> ContentFile:
    """A plain initials portrait, so the demo's families see a key person's photo."""
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    image = Image.new("RGB", (256, 256), AVATAR_COLOURS[sum(map(ord, name)) % len(AVATAR_COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=110)
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(((256 - box[2] - box[0]) / 2, (256 - box[3] - box[1]) / 2), initials, fill="white", font=font)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"demo-{initials.lower()}.jpg")


def _staff(setting, email, name, role=Membership.Role.PRACTITIONER, rooms=(), is_dsl=False, title=""):
    user = _user(email, name)
    user.photo.save("avatar.jpg", _avatar(name), save=True)
    membership = Membership.objects.create(user=user, setting=setting, role=role, is_dsl=is_dsl, job_title=title)
    membership.rooms.set(rooms)
    if role == Membership.Role.MANAGER or is_dsl:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return membership


def seed(*, children: int = 30, days: int = 42, rng_seed: int = 2026, name: str = "Sunnyside Nursery",
         domain: str = "sunnyside.test") -> DemoContext:
    rng = random.Random(rng_seed)
    setting = Setting.objects.create(name=name, kind=Setting.Kind.GROUP, timezone="Europe/London")
    today = setting.today()
    rooms = [
        Room.objects.create(setting=setting, name="Babies", age_range="0–2", capacity=12),
        Room.objects.create(setting=setting, name="Toddlers", age_range="2–3", capacity=20),
        Room.objects.create(setting=setting, name="Pre-school", age_range="3–5", capacity=26),
    ]
    babies, toddlers, preschool = rooms
    accounts = []
    staff = {
        "manager": _staff(setting, f"manager@{domain}", "Maggie Adeyemi", Membership.Role.MANAGER,
                          title="Nursery manager"),
        "dsl": _staff(setting, f"dsl@{domain}", "Dee Kaur", rooms=[preschool], is_dsl=True,
                      title="Deputy manager, DSL"),
        "key_person": _staff(setting, f"kim@{domain}", "Kim Walsh", rooms=[toddlers], title="Room leader"),
        "other_room": _staff(setting, f"olly@{domain}", "Olly Mensah", rooms=[babies], title="Practitioner"),
        "cook": _staff(setting, f"cook@{domain}", "Carol Baker", title="Cook"),
    }
    accounts += [
        DemoAccount(f"manager@{domain}", "Manager", "TOTP required: `python manage.py demo_totp`"),
        DemoAccount(f"dsl@{domain}", "Designated safeguarding lead (Pre-school)", "TOTP required"),
        DemoAccount(f"kim@{domain}", "Key person, Toddlers (Alfie's key person)"),
        DemoAccount(f"olly@{domain}", "Practitioner, Babies"),
        DemoAccount(f"cook@{domain}", "Cook (staff, no room)"),
    ]
    extra_staff_needed = max(0, children // 6 - 3)
    practitioners = [staff["key_person"], staff["other_room"], staff["dsl"]]
    for i in range(extra_staff_needed):
        room = rooms[i % 3]
        practitioners.append(
            _staff(setting, f"staff{i + 1}@{domain}", f"{rng.choice(ADULT_NAMES)} {rng.choice(LAST_NAMES)}",
                   rooms=[room], title="Practitioner")
        )
    room_staff = {room.pk: [m for m in practitioners if room in m.rooms.all()] for room in rooms}

    # The named families every demo must show (DESIGN personas, as a real nursery would have them).
    def household(label, postcode):
        return Household.objects.create(setting=setting, label=label, address=f"{rng.randint(1, 120)} Hill Road, Leeds",
                                        postcode=postcode)

    def carer(name, email=None, household_=None, language="en-gb", account=True, channel=Carer.Channel.EMAIL):
        user = _user(email, name, language) if (account and email) else None
        return Carer.objects.create(setting=setting, user=user, full_name=name, email=email or "",
                                    phone=f"07700 9{rng.randint(10000, 99999)}", household=household_,
                                    preferred_language=language, preferred_channel=channel)

    def link(child, carer_, relationship, **flags):
        defaults = dict(parental_responsibility=True, lives_with_child=True, may_collect=True,
                        emergency_contact=True, can_see_concerns=True)
        defaults.update(flags)
        return CarerLink.objects.create(child=child, carer=carer_, relationship=relationship, **defaults)

    def child(first, last, room, months_old, preferred="", started_days_ago=300, **fields):
        dob = today - timedelta(days=int(months_old * 30.44))
        return Child.objects.create(
            setting=setting, room=room, legal_first_name=first, legal_last_name=last, preferred_name=preferred,
            date_of_birth=dob, start_date=max(dob + timedelta(days=90), today - timedelta(days=started_days_ago)),
            photo_consent=True, **fields,
        )

    alfie = child("Alfred", "Jones", toddlers, 27, preferred="Alfie", home_languages="English",
                  allergy_notes="Peanuts (mild)")
    mum_home, dad_home = household("Mum's home", "LS6 2AB"), household("Dad's home", "LS11 5GH")
    alfie.households.set([mum_home, dad_home])
    mother = carer("Mia Jones", f"mother@{domain}", mum_home)
    father = carer("Fred Jones", f"father@{domain}", dad_home)
    gran = carer("Peg Jones", f"gran@{domain}", household("Gran's home", "LS6 4QT"))
    nanny = carer("Nina Novak", f"nanny@{domain}", language="pl")
    restricted = carer("Rick Stone", f"restricted@{domain}", household("Rick's address", "LS9 7JL"))
    link(alfie, mother, R.MOTHER, child_calls_them="Mummy")
    link(alfie, father, R.FATHER, lives_with_child=False, child_calls_them="Daddy")
    link(alfie, gran, R.GRANDPARENT, parental_responsibility=False, lives_with_child=False, can_see_concerns=False,
         child_calls_them="Gran Peg")
    link(alfie, nanny, R.NANNY, parental_responsibility=False, lives_with_child=False, emergency_contact=False,
         can_see_concerns=False, child_calls_them="Nina")
    link(alfie, restricted, R.OTHER, lives_with_child=False, may_collect=False, emergency_contact=False,
         is_restricted=True, restriction_note="Prohibited steps order (family court, March 2026): no contact, "
                                              "no information. Call the manager if he attends.")
    collector = AuthorisedCollector(child=alfie, full_name="Sue Patel", relationship="Neighbour")
    collector.set_collection_password("blue giraffe")
    collector.save()

    bea = child("Beatrice", "Okafor", babies, 11, preferred="Bea", home_languages="English, Igbo")
    foster_home = household("Foster home", "LS8 1EF")
    bea.households.set([foster_home])
    foster = carer("Grace Okafor", f"foster@{domain}", foster_home)
    link(bea, foster, R.FOSTER_CARER, child_calls_them="Auntie Grace")
    link(bea, carer("Kehinde Okafor", "", account=False, household_=household("Birth mother", "LS7 3CD")),
         R.MOTHER, lives_with_child=False, may_collect=False, can_see_diary=False, can_contribute=False,
         can_see_concerns=False, emergency_contact=False)

    accounts += [
        DemoAccount(f"mother@{domain}", "Mother of Alfie (parental responsibility)"),
        DemoAccount(f"father@{domain}", "Father of Alfie, separate household (parental responsibility)"),
        DemoAccount(f"gran@{domain}", "Grandmother of Alfie: collects, no parental responsibility"),
        DemoAccount(f"nanny@{domain}", "Nanny of Alfie: diary only, no concerns (Polish)"),
        DemoAccount(f"restricted@{domain}", "Parent under a court-order restriction: sees nothing"),
        DemoAccount(f"foster@{domain}", "Foster carer of Bea"),
    ]

    named = {"alfie": alfie, "bea": bea}
    all_children = [alfie, bea]
    # The rest of the setting: ordinary families, some with one carer, some with two households.
    for i in range(max(0, children - 2)):
        room = rooms[i % 3]
        months = {babies.pk: rng.randint(6, 22), toddlers.pk: rng.randint(24, 35), preschool.pk: rng.randint(36, 58)}
        language, lang_code = rng.choice(LANGUAGES)
        last = rng.choice(LAST_NAMES)
        kid = child(rng.choice(FIRST_NAMES), last, room, months[room.pk], home_languages=language
                    if language == "English" else f"{language}, English", started_days_ago=rng.randint(20, 700))
        home = household(f"{last} home", rng.choice(POSTCODES))
        kid.households.add(home)
        first_carer = carer(f"{rng.choice(ADULT_NAMES)} {last}", f"family{i + 1}.a@{domain}", home,
                            language=lang_code if rng.random() < 0.6 else "en-gb")
        link(kid, first_carer, rng.choice([R.MOTHER, R.MOTHER, R.MOTHER, R.FATHER]))
        if rng.random() < 0.75:
            separate = rng.random() < 0.2
            second_home = household(f"{last} second home", rng.choice(POSTCODES)) if separate else home
            if separate:
                kid.households.add(second_home)
            second = carer(f"{rng.choice(ADULT_NAMES)} {last}", f"family{i + 1}.b@{domain}", second_home,
                           language=lang_code)
            link(kid, second, R.FATHER if rng.random() < 0.8 else R.STEP_PARENT, lives_with_child=not separate)
        if rng.random() < 0.3:
            link(kid, carer(f"{rng.choice(ADULT_NAMES)} {last}", None, account=False), R.GRANDPARENT,
                 parental_responsibility=False, lives_with_child=False, can_see_concerns=False)
        all_children.append(kid)

    # Named children for the partnership demo: one settling in, one leaving, one aged two.
    if len(all_children) > 5:
        named["two_year_old"] = next(c for c in all_children[2:] if 24 <= c.age_in_months(today) <= 35)
        settling = all_children[3]
        settling.start_date = today - timedelta(days=3)
        settling.save(update_fields=["start_date"])
        named["settling"] = settling
        leaving = next(c for c in all_children[2:] if c.room_id == preschool.pk)
        leaving.leave_date = today + timedelta(days=18)
        leaving.save(update_fields=["leave_date"])
        named["leaving"] = leaving
        # One record left incomplete on purpose, so the checklist has something to flag.
        incomplete = all_children[-1]
        CarerLink.objects.filter(child=incomplete).update(emergency_contact=False)
        named["incomplete"] = incomplete

    for kid in all_children:
        if kid is alfie:
            key = staff["key_person"]
        elif kid is bea:
            key = staff["other_room"]
        else:
            key = rng.choice(room_staff[kid.room_id] or practitioners)
        KeyPersonAssignment.objects.create(child=kid, staff=key, starts_on=kid.start_date)

    return DemoContext(
        setting=setting, rooms=rooms, staff=staff, practitioners=practitioners, children=all_children,
        named_children=named, accounts=accounts, days=days, rng=rng, today=today, large=children > 60,
    )
