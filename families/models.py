"""Who each child is, which adults are linked to the child and with what rights, and who looks after them."""

import secrets
import zoneinfo
from datetime import date, time, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from simple_history.models import HistoricalRecords

from . import jurisdictions
from .choice_labels import choice_label
from .validators import validate_single_line

NOTE_MAX = 2000  # a staff note on a child or a link: long enough for a real note, short of a pasted document


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in: staff or family carer. `is_staff` means Django-admin access only."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line], blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    language = models.CharField(_("preferred language"), max_length=10, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Setting(models.Model):
    """A nursery, pre-school or childminder: the unit that owns children, staff and records."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group setting (nursery, pre-school)")
        CHILDMINDER = "childminder", _("Childminder")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/London", validators=[validate_timezone])
    jurisdiction = models.CharField(
        _("jurisdiction profile"), max_length=10, choices=jurisdictions.CHOICES, default=jurisdictions.EYFS.code
    )
    language = models.CharField(_("default language"), max_length=10, default="en-gb")
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(
        _("closes at"), default=time(18, 0),
        help_text=_("After this time families write tomorrow morning's handover."),
    )
    leaver_access_days = models.PositiveSmallIntegerField(
        _("days a family keeps read access after their child leaves"), default=90)

    def __str__(self):
        return self.name

    @property
    def profile(self) -> jurisdictions.JurisdictionProfile:
        return jurisdictions.PROFILES[self.jurisdiction]

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self) -> date:
        return timezone.now().astimezone(self.tz).date()

    # Settings keep no calendar of their own yet: Monday to Friday are the working days.
    WORKING_WEEKDAYS = frozenset(range(5))

    def next_working_day(self, after: date | None = None) -> date:
        """The first working day after `after` (the setting's today by default): 'I'll get back to you tomorrow'."""
        day = (after or self.today()) + timedelta(days=1)
        while day.weekday() not in self.WORKING_WEEKDAYS:
            day += timedelta(days=1)
        return day


class Room(models.Model):
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    age_range = models.CharField(_("age range"), max_length=50, validators=[validate_single_line], blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["setting", "name"], name="room_name_unique_in_setting")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A staff member's place in a setting. Every staff member counts, not only key persons."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        PRACTITIONER = "practitioner", _("Practitioner")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    is_dsl = models.BooleanField(_("designated safeguarding lead"), default=False)
    job_title = models.CharField(_("job title"), max_length=100, validators=[validate_single_line], blank=True)
    rooms = models.ManyToManyField(Room, blank=True, related_name="staff", verbose_name=_("rooms"))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[rooms])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "setting"], name="one_membership_per_setting")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.setting})"

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER


class Household(models.Model):
    """A home a child lives in or visits. Separated parents mean two households for one child."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="households")
    label = models.CharField(_("label"), max_length=100, validators=[validate_single_line], help_text=_("e.g. 'Mum's home'"))
    address = models.TextField(_("address"), max_length=500, validators=[MaxLengthValidator(500)])
    postcode = models.CharField(_("postcode"), max_length=12, validators=[validate_single_line])
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.label} ({self.postcode})"

    @property
    def postcode_district(self):
        """The outward part of a UK postcode ("LS6 2AB" -> "LS6"); the whole code elsewhere."""
        code = self.postcode.strip().upper()
        return code.split(" ")[0] if " " in code else code[:-3] if len(code) > 4 else code


class Child(models.Model):
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="children")
    room = models.ForeignKey(Room, on_delete=models.RESTRICT, related_name="children", null=True, blank=True)
    legal_first_name = models.CharField(_("legal first name"), max_length=100, validators=[validate_single_line])
    legal_last_name = models.CharField(_("legal last name"), max_length=100, validators=[validate_single_line])
    preferred_name = models.CharField(_("preferred name"), max_length=100, validators=[validate_single_line], blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    start_date = models.DateField(_("start date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="children/", blank=True)
    photo_consent = models.BooleanField(
        _("photo consent"), default=False, help_text=_("Photos of this child may be shared with other families.")
    )
    home_languages = models.CharField(
        _("home languages"), max_length=200, blank=True, help_text=_("Comma-separated, e.g. 'English, Polish'")
    )
    dietary_notes = models.TextField(_("dietary needs"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    allergy_notes = models.TextField(_("allergies"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    medical_notes = models.TextField(_("medical needs"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    households = models.ManyToManyField(Household, blank=True, related_name="children", verbose_name=_("households"))
    # The last day the family reads the child's records after leaving (leave date + the setting's leaver days);
    # after it, families see nothing and staff other than managers nothing (families/access.py). Kept by save().
    access_ends_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[households])

    class Meta:
        ordering = ["legal_first_name", "legal_last_name"]
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=models.F("start_date")),
                name="child_leaves_after_start",
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.access_ends_on = (self.leave_date + timedelta(days=self.setting.leaver_access_days)
                               if self.leave_date else None)
        if kwargs.get("update_fields") is not None and "leave_date" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "access_ends_on"}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        name = f"{self.preferred_name or self.legal_first_name} {self.legal_last_name}".strip()
        return name or self.erased_name()

    @property
    def first_name(self):
        return self.preferred_name or self.legal_first_name or self.erased_name()

    @staticmethod
    def erased_name():
        """What a child anonymised by erasure (dataprotection) is called on the pages that still count them."""
        return pgettext("a child's name after their records were erased", "Erased record")

    @property
    def home_language_list(self):
        return [lang.strip() for lang in self.home_languages.split(",") if lang.strip()]

    def age_in_months(self, on: date | None = None) -> int:
        on = on or date.today()
        months = (on.year - self.date_of_birth.year) * 12 + on.month - self.date_of_birth.month
        return months - (1 if on.day < self.date_of_birth.day else 0)

    def has_left(self, on: date | None = None) -> bool:
        on = on or date.today()
        return self.leave_date is not None and self.leave_date < on


class Carer(models.Model):
    """A family adult: mother, grandparent, nanny... May or may not have an account."""

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the app")
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="carers")
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="carer_profiles")
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, validators=[validate_single_line], blank=True)
    preferred_channel = models.CharField(
        _("preferred contact channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en-gb")
    needs_interpreter = models.BooleanField(
        _("needs an interpreter for meetings"), default=False,
        help_text=_("Shown on meeting invitations and to staff, so an interpreter can be booked."))
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="carers", verbose_name=_("household")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


# What only a manager changes on a link (DESIGN section 3): who may see the child, and how much.
RIGHTS_FLAGS = (
    "parental_responsibility", "lives_with_child", "may_collect", "emergency_contact", "can_see_diary",
    "can_contribute", "can_see_concerns", "is_restricted",
)
RIGHTS_FIELDS = RIGHTS_FLAGS + ("restriction_note",)
LIFT_REASON_MAX = 1000


class CarerLink(models.Model):
    """What one adult is to one child, and what they may see and do."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        STEP_PARENT = "step_parent", _("Step-parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        FOSTER_CARER = "foster_carer", _("Foster carer")
        AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
        OLDER_SIBLING = "older_sibling", _("Older sibling")
        NANNY = "nanny", _("Nanny")
        CHILDMINDER = "childminder", _("Childminder")
        OTHER = "other", _("Other")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="carer_links")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="links")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    child_calls_them = models.CharField(_("what the child calls them"), max_length=60, validators=[validate_single_line], blank=True)
    parental_responsibility = models.BooleanField(_("holds parental responsibility"), default=False)
    lives_with_child = models.BooleanField(_("lives with the child"), default=False)
    may_collect = models.BooleanField(_("may collect"), default=False)
    emergency_contact = models.BooleanField(_("emergency contact"), default=False)
    can_see_diary = models.BooleanField(_("sees the diary"), default=True)
    can_contribute = models.BooleanField(_("contributes to the diary"), default=True)
    can_see_concerns = models.BooleanField(_("sees concerns"), default=False)
    is_restricted = models.BooleanField(
        _("restricted (e.g. court order)"), default=False, help_text=_("A restricted carer sees nothing of this child.")
    )
    restriction_note = models.TextField(_("restriction note (staff only)"), blank=True, max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)
    # The change reason carries why a restriction was lifted, so it is not cut at simple-history's 100 characters.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["-parental_responsibility", "relationship"]
        constraints = [models.UniqueConstraint(fields=["child", "carer"], name="one_link_per_child_and_carer")]

    def __str__(self):
        return f"{self.carer} - {self.get_relationship_display()} of {self.child}"

    def get_relationship_display(self):
        return choice_label(self.Relationship, self.relationship)

    @property
    def label(self):
        """How the family sees this person: 'Auntie Peg (aunt or uncle)'."""
        if self.child_calls_them:
            return f"{self.child_calls_them} ({self.get_relationship_display().lower()})"
        return self.get_relationship_display()


class AuthorisedCollector(models.Model):
    """Someone without an account who may collect: checked by the collection password they say at the door."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="collectors")
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    relationship = models.CharField(_("relationship to the child"), max_length=100, validators=[validate_single_line])
    photo = models.ImageField(_("photo"), upload_to="collectors/", blank=True)
    password_hash = models.CharField(max_length=256, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["password_hash"])

    MIN_PASSWORD_LENGTH = 6

    def __str__(self):
        return f"{self.full_name} ({self.relationship})"

    def set_collection_password(self, raw: str):
        self.password_hash = make_password(_normalise_spoken(raw))

    def check_collection_password(self, raw: str) -> bool:
        return bool(raw) and check_password(_normalise_spoken(raw), self.password_hash)


def _normalise_spoken(raw: str) -> str:
    """A password said aloud is typed by someone else: case and spacing must not matter."""
    return " ".join(raw.split()).casefold()


class KeyPersonAssignmentQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        on = on or date.today()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class KeyPersonAssignment(models.Model):
    """Who is the child's key person, when. Past assignments are kept; one open assignment at a time."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="key_person_assignments")
    staff = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="key_child_assignments")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    assigned_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = KeyPersonAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ends_on__isnull=True), name="one_open_key_person_per_child"
            )
        ]

    def __str__(self):
        return f"{self.staff.user} for {self.child} from {self.starts_on}"

    def is_active_on(self, on: date) -> bool:
        """The queryset's `active(on)` for an assignment already read (the rule in Python, beside its SQL)."""
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Invitation(models.Model):
    """An emailed link that creates an account: for staff (from a manager) or a carer (from a child's page)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        CARER = "carer", _("Family carer")

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line], blank=True)
    # For staff invitations
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, blank=True)
    is_dsl = models.BooleanField(_("designated safeguarding lead"), default=False)
    rooms = models.ManyToManyField(Room, blank=True, verbose_name=_("rooms"))
    # For carer invitations
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} invitation to {self.email}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @cached_property
    def status(self):
        if self.accepted_at:
            return _("accepted")
        if self.revoked_at:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("waiting")


class SetupCode(models.Model):
    """A one-time code that opens the first-run set-up page. Only its hash is kept; a used code stops working."""

    code_hash = models.CharField(max_length=256, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Set-up code of {self.created_at:%Y-%m-%d %H:%M}"
