"""The child's day: handovers, attendance, diary entries and their threads, photos, home observations,
take-home activities, accidents and medicines.

Nothing here is deleted in normal use. Diary entries are amended or retracted with a reason and keep
their history (django-simple-history); attendance, accidents and medicines keep theirs too.
Every write goes through diaries/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from families.choice_labels import choice_label
from families.models import AuthorisedCollector, Carer, CarerLink, Child

USER = settings.AUTH_USER_MODEL


def day_url(child_id, day, anchor=""):
    """The child's day page (notification links and redirects)."""
    return f"{reverse('diaries:child_day', args=[child_id])}?day={day.isoformat()}" + (f"#{anchor}" if anchor else "")


def records_url(child_id):
    return reverse("diaries:child_records", args=[child_id])


class Handover(models.Model):
    """The morning handover: sent by a family carer from their phone, or recorded by staff at the door."""

    class Source(models.TextChoices):
        FAMILY = "family", _("Sent by the family")
        STAFF = "staff", _("Recorded by staff at the door")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="handovers")
    day = models.DateField(_("day"), db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    night_sleep = models.CharField(_("how was the night's sleep?"), max_length=300, blank=True)
    last_feed = models.CharField(_("last feed or breakfast"), max_length=300, blank=True)
    last_feed_at = models.TimeField(_("at"), null=True, blank=True)
    medicine_at_home = models.CharField(_("medicine given at home"), max_length=300, blank=True)
    medicine_at = models.TimeField(_("medicine given at"), null=True, blank=True)
    mood_health = models.CharField(_("mood and health"), max_length=300, blank=True)
    collector_name = models.CharField(_("who collects today"), max_length=200, blank=True)
    collect_at = models.TimeField(_("collection time"), null=True, blank=True)
    notes = models.TextField(_("anything else"), blank=True)
    written_in = models.CharField(_("written in"), max_length=10, blank=True)  # the writer's language
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["child", "day"], name="one_handover_per_child_day")]
        # The partnership report reads every family handover of a setting's children for their latest contact
        # and the items in two terms: from this index alone (PostgreSQL; elsewhere a plain index on child).
        indexes = [models.Index(fields=["child"], include=["day", "acknowledged_at", "id"],
                                condition=Q(source="family"), name="handover_family_contact")]

    def __str__(self):
        return f"Handover for {self.child} on {self.day}"

    def get_absolute_url(self):
        return day_url(self.child_id, self.day)

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None


class Absence(models.Model):
    """A family (or staff) says the child is off on a day, and why: the board shows it, nobody chases a handover."""

    class Reason(models.TextChoices):
        ILL = "ill", _("Ill")
        HOLIDAY = "holiday", _("Holiday")
        OTHER = "other", _("Other")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="absences")
    day = models.DateField(_("day"), db_index=True)
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("anything staff should know"), max_length=300, blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["child", "day"], name="one_absence_per_child_day")]

    def __str__(self):
        return f"{self.child} off on {self.day} ({self.reason})"

    def get_absolute_url(self):
        return day_url(self.child_id, self.day)


class Attendance(models.Model):
    """One child's day at the setting: in, out, who brought them and who collected them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attendances")
    day = models.DateField(_("day"), db_index=True)
    in_at = models.DateTimeField(_("arrived at"))
    brought_by = models.CharField(_("brought by"), max_length=200)
    checked_in_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    out_at = models.DateTimeField(_("left at"), null=True, blank=True)
    collected_by_link = models.ForeignKey(
        CarerLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="collections"
    )
    collected_by_collector = models.ForeignKey(
        AuthorisedCollector, on_delete=models.SET_NULL, null=True, blank=True, related_name="collections"
    )
    collected_by_name = models.CharField(_("collected by"), max_length=200, blank=True)
    checked_out_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A release to someone not on the child's record: a manager, a reason, and the history below.
    override_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    override_reason = models.TextField(_("override reason"), blank=True)
    # What the key person typed for the family at collection, kept as typed. The rest of the end-of-day
    # summary (meals, sleeps, nappies, medicines) is composed when it is read, in the reader's language.
    day_summary = models.TextField(_("end-of-day note"), blank=True)
    day_summary_written_in = models.CharField(_("written in"), max_length=10, blank=True)
    # The ids the tablet gave its check-in and check-out (static/js/outbox.js): a retry of one that arrived,
    # after the answer was lost or from the offline queue, finds this row instead of being refused or doubled.
    in_client_id = models.UUIDField(null=True, blank=True, editable=False)
    out_client_id = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["child", "day"], name="one_attendance_per_child_day"),
            models.UniqueConstraint(fields=["child", "in_client_id"], name="attendance_check_in_once"),
            models.UniqueConstraint(fields=["child", "out_client_id"], name="attendance_check_out_once"),
        ]

    def __str__(self):
        return f"{self.child} on {self.day}"

    def get_absolute_url(self):
        return day_url(self.child_id, self.day)


class Photo(models.Model):
    """A photo taken in the setting, tagged with one or more children. Stored privately, served after a check."""

    image = models.ImageField(upload_to="diary-photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    children = models.ManyToManyField(Child, related_name="diary_photos")
    taken_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.caption or f"Photo {self.pk}"


class DiaryEntryQuerySet(models.QuerySet):
    @staticmethod
    def family_visible_q(path: str = "") -> Q:
        """`family_visible` as a Q, reaching the entry through `path` from another model ("entry__" from a
        comment); the subject access copy filters the entries' history with it too (dataprotection/held.py)."""
        return Q(**{f"{path}staff_only": False, f"{path}is_retracted": False})

    def family_visible(self):
        """THE rule for what of the diary a family may see: not staff-only, not retracted.

        Selectors (the child's day, the family's pages), reports (counts, reach, reciprocity) and the family's
        subject access copy and keepsake (dataprotection) all ask here.
        """
        return self.filter(self.family_visible_q())


class DiaryEntry(models.Model):
    class Kind(models.TextChoices):
        MEAL = "meal", _("Meal")
        BOTTLE = "bottle", _("Bottle")
        SLEEP = "sleep", _("Sleep")
        NAPPY = "nappy", _("Nappy / toilet")
        ACTIVITY = "activity", _("Activity / learning")
        WELLBEING = "wellbeing", _("Wellbeing / mood")
        NOTE = "note", _("Note")
        PHOTO = "photo", _("Photo")

    class Amount(models.TextChoices):
        ALL = "all", _("All")
        MOST = "most", _("Most")
        HALF = "half", _("Half")
        LITTLE = "little", _("A little")
        NONE = "none", _("None")

    class Nappy(models.TextChoices):
        WET = "wet", _("Wet")
        DIRTY = "dirty", _("Dirty")
        DRY = "dry", _("Dry")
        TOILET = "toilet", _("Used the toilet")
        POTTY = "potty", _("Used the potty")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="diary_entries")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("time"))
    ends_at = models.DateTimeField(_("woke at"), null=True, blank=True)
    what = models.CharField(_("what"), max_length=200, blank=True)
    amount = models.CharField(_("how much was eaten"), max_length=10, choices=Amount.choices, blank=True)
    ml = models.IntegerField(_("millilitres"), null=True, blank=True)
    nappy = models.CharField(_("nappy / toilet"), max_length=10, choices=Nappy.choices, blank=True)
    text = models.TextField(_("note"), blank=True)
    # A phrase from the staff phrasebook (diaries/phrasebook.py), stored by key and read in the reader's language.
    phrase = models.CharField(_("phrase"), max_length=40, blank=True)
    written_in = models.CharField(_("written in"), max_length=10, blank=True)  # the language `what`/`text` are in
    photo = models.ForeignKey(Photo, on_delete=models.RESTRICT, null=True, blank=True, related_name="entries")
    is_good_news = models.BooleanField(_("good news"), default=False)
    staff_only = models.BooleanField(
        _("staff only"), default=False, help_text=_("Never shown to families, anywhere.")
    )
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: an edit names the version it started from; a stale version is refused.
    version = models.PositiveIntegerField(default=1)
    is_retracted = models.BooleanField(default=False)
    retracted_reason = models.TextField(blank=True)
    # The id the device gave the request that wrote this entry (one request may write it for several children),
    # and the last change's: a retry finds the row instead of making a second one (static/js/outbox.js).
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    amend_client_id = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = DiaryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["child", "day"], name="diary_entry_child_day")]
        constraints = [
            models.CheckConstraint(condition=Q(ml__isnull=True) | Q(ml__gte=0), name="diary_entry_ml_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("occurred_at")),
                name="diary_entry_ends_after_start",
            ),
            models.UniqueConstraint(fields=["client_id", "child"], name="diary_entry_once_per_client_id"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.child} at {self.occurred_at:%H:%M}"

    def get_absolute_url(self):
        return day_url(self.child_id, self.day, f"entry-{self.pk}")

    @property
    def phrase_text(self):
        from .phrasebook import text

        return text(self.phrase)

    @property
    def is_family_visible(self) -> bool:
        """The same rule as `DiaryEntry.objects.family_visible()`, for an entry already loaded."""
        return not self.staff_only and not self.is_retracted

    @property
    def is_sleeping_now(self):
        return self.kind == self.Kind.SLEEP and self.ends_at is None and not self.is_retracted

    def summary(self):
        """One line, as the board and the family timeline show it."""
        K = self.Kind
        if self.kind == K.MEAL:
            return f"{self.what} — {choice_label(self.Amount, self.amount)}" if self.amount else self.what
        if self.kind == K.BOTTLE:
            return f"{self.ml} ml" + (f" {self.what}" if self.what else "")
        if self.kind == K.SLEEP:
            if self.ends_at:
                minutes = int((self.ends_at - self.occurred_at).total_seconds() // 60)
                return _("Slept %(h)dh %(m)02dmin") % {"h": minutes // 60, "m": minutes % 60}
            return _("Sleeping now")
        if self.kind == K.NAPPY:
            return choice_label(self.Nappy, self.nappy)
        return self.what or self.text[:80]


class EntryCommentQuerySet(models.QuerySet):
    def on_family_visible_entries(self):
        """Comments on entries a family may see: DiaryEntryQuerySet.family_visible, as a join (reports scan many)."""
        return self.filter(DiaryEntryQuerySet.family_visible_q("entry__"))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for comment in objs:
            comment.child_id = comment.entry.child_id  # as save() does
        return super().bulk_create(objs, *args, **kwargs)


class EntryComment(models.Model):
    """One thread per entry: family carers and staff answer each other."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="comments")
    # The entry's child, kept on the comment (save and bulk_create fill it in): the reports find a setting's
    # comments by its children through this column's index, instead of reading every setting's comments.
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+", editable=False)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    by_staff = models.BooleanField(default=False)
    text = models.TextField(_("comment"))
    written_in = models.CharField(_("written in"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    client_id = models.UUIDField(null=True, blank=True, editable=False)  # as DiaryEntry.client_id

    objects = EntryCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "client_id"], name="entry_comment_once")]

    def __str__(self):
        return self.text[:40]

    def save(self, *args, **kwargs):
        self.child_id = self.entry.child_id  # an entry's child never changes
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.entry.get_absolute_url()


class ReadReceipt(models.Model):
    """A family carer opened the child's day (first and latest time)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="diary_reads")
    day = models.DateField()
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, null=True, related_name="+")
    first_read_at = models.DateTimeField()
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "day", "user"], name="one_read_receipt_per_day")]


class HomeObservation(models.Model):
    """Parent voice: what the child did at home, with an optional photo, acknowledged by staff."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="home_observations")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    observed_on = models.DateField(_("when"))
    text = models.TextField(_("what did you notice?"))
    written_in = models.CharField(_("written in"), max_length=10, blank=True)  # the language `text` is in
    photo = models.ImageField(upload_to="home-observations/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    staff_reply = models.TextField(_("reply"), blank=True)
    reply_written_in = models.CharField(_("written in"), max_length=10, blank=True)  # the language of the reply

    class Meta:
        ordering = ["-created_at"]

    def get_absolute_url(self):
        return records_url(self.child_id)


class TakeHomeActivity(models.Model):
    """An idea from staff that extends what the child did; families say how it went."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="take_home_activities")
    entry = models.ForeignKey(DiaryEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("how to do it at home"))
    suggested_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def get_absolute_url(self):
        return records_url(self.child_id)


class ActivityResponse(models.Model):
    activity = models.ForeignKey(TakeHomeActivity, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("how did it go?"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Staff read it and say so, as they do a home observation.
    acknowledged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    staff_reply = models.TextField(_("reply"), blank=True)

    class Meta:
        ordering = ["created_at"]

    def get_absolute_url(self):
        return records_url(self.activity.child_id)

    @property
    def child(self):
        return self.activity.child


class Accident(models.Model):
    """An accident or incident in the setting, or an injury the family reports at arrival."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("Accident")
        INCIDENT = "incident", _("Incident")
        HOME_INJURY = "home_injury", _("Injury at home (reported by the family)")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="accidents")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ACCIDENT)
    occurred_at = models.DateTimeField(_("when"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    description = models.TextField(_("what happened"))
    body_area = models.CharField(_("body area"), max_length=200, blank=True)
    first_aid = models.TextField(_("first aid given"), blank=True)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    # The language the typed fields (where, what happened, body area, first aid) are in: the writer's.
    written_in = models.CharField(_("written in"), max_length=10, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    parent_informed_at = models.DateTimeField(_("parent informed at"), null=True, blank=True)
    parent_informed_how = models.CharField(_("how the parent was informed"), max_length=200, blank=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    paper_signed_by = models.CharField(_("signed on paper by"), max_length=200, blank=True)
    paper_recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.child} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("diaries:accident_detail", args=[self.pk])

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None or bool(self.paper_signed_by)


class MedicineConsent(models.Model):
    """Written consent from a carer with parental responsibility, for one medicine, between two dates."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="medicine_consents")
    given_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    carer = models.ForeignKey(Carer, on_delete=models.SET_NULL, null=True, related_name="+")
    medicine = models.CharField(_("medicine"), max_length=200)
    dose = models.CharField(_("dose"), max_length=100)
    when = models.CharField(_("when to give it"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="consent_ends_after_start")
        ]

    def __str__(self):
        return f"{self.medicine} {self.dose} ({self.starts_on}–{self.ends_on})"

    def get_absolute_url(self):
        return records_url(self.child_id)

    def is_current(self, on):
        return self.withdrawn_at is None and self.starts_on <= on <= self.ends_on


class MedicineDose(models.Model):
    consent = models.ForeignKey(MedicineConsent, on_delete=models.RESTRICT, related_name="doses")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="medicine_doses")
    given_at = models.DateTimeField(_("given at"))
    dose = models.CharField(_("dose given"), max_length=100)
    given_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]

    def get_absolute_url(self):
        return day_url(self.child_id, self.given_at.astimezone(self.child.setting.tz).date())


__all__ = [
    "Handover", "Attendance", "Photo", "DiaryEntry", "EntryComment", "ReadReceipt", "HomeObservation",
    "TakeHomeActivity", "ActivityResponse", "Accident", "MedicineConsent", "MedicineDose",
]
