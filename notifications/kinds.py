"""What each kind of notification says. Texts name the child and the setting only: details stay behind the link.

A message never quotes the record it is about. The recipient follows the link and the page checks access
again, so a notification cannot carry a staff-only note, a safeguarding record or another child's name.
Staff messages may add a short title when the record offers one (`notification_title()`), after the same
access check. Apps adding a kind add a line here (and use it through api.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from families import access

FAMILY = "family"
STAFF = "staff"


@dataclass(frozen=True)
class Kind:
    code: str
    audience: str
    subject: str
    body: str
    need: str = access.DIARY
    urgent: bool = False  # urgent kinds skip the daily digest


_KINDS = [
    # --- to families ---
    Kind("end_of_day_summary", FAMILY, _("%(child)s's day at %(setting)s"),
         _("The summary of %(child)s's day is ready for you to read.")),
    Kind("handover_acknowledged", FAMILY, _("Your handover note for %(child)s was read"),
         _("Staff at %(setting)s have read and acknowledged your handover note for %(child)s.")),
    Kind("comment_reply", FAMILY, _("A reply about %(child)s"),
         _("Someone at %(setting)s has replied to your comment about %(child)s.")),
    Kind("accident_recorded", FAMILY, _("Accident report for %(child)s: please read and acknowledge"),
         _("An accident report for %(child)s has been written at %(setting)s today. Please read it and "
           "acknowledge it."), urgent=True),
    Kind("accident_chaser", FAMILY, _("Reminder: please acknowledge the accident report for %(child)s"),
         _("An accident report for %(child)s is still waiting for you to acknowledge it."), urgent=True),
    Kind("medicine_dose_given", FAMILY, _("Medicine given to %(child)s"),
         _("A dose of medicine was given to %(child)s at %(setting)s today. The record is in the diary.")),
    Kind("home_observation_acknowledged", FAMILY, _("Thank you for sharing about %(child)s"),
         _("%(setting)s has read what you shared about %(child)s at home.")),
    # Same words as for a home observation: what the family told us about an activity has been read.
    Kind("activity_response_acknowledged", FAMILY, _("Thank you for sharing about %(child)s"),
         _("%(setting)s has read what you shared about %(child)s at home.")),
    Kind("settling_plan_ready", FAMILY, _("A settling-in plan for %(child)s"),
         _("%(setting)s has written a settling-in plan for %(child)s. Please read it: the sessions and what we "
           "know about %(child)s are there."), need=access.SEE),
    Kind("settling_review_waiting", FAMILY, _("How did %(child)s's settling-in session go?"),
         _("Staff at %(setting)s have written how %(child)s's settling-in session went. Please add how it went "
           "for you."), need=access.CONTRIBUTE),
    Kind("activity_suggested", FAMILY, _("An activity to try at home with %(child)s"),
         _("%(setting)s has suggested an activity to try at home with %(child)s.")),
    Kind("concern_update", FAMILY, _("An update for you about %(child)s"),
         _("There is an update for you about %(child)s from %(setting)s. Please log in to read it."),
         need=access.CONCERNS),
    Kind("request_sent", FAMILY, _("%(setting)s asks for your reply about %(child)s"),
         _("%(setting)s has asked for your reply about %(child)s%(due_sentence)s")),
    Kind("request_reminder", FAMILY, _("Reminder: %(setting)s is waiting for your reply about %(child)s"),
         _("We have not had your reply about %(child)s yet%(due_sentence)s")),
    Kind("request_due_today", FAMILY, _("Today: your reply about %(child)s is due"),
         _("Your reply to %(setting)s about %(child)s is due today.")),
    Kind("event_reminder", FAMILY, _("Reminder: an event at %(setting)s"),
         _("This is a reminder of an event at %(setting)s for %(child)s's family%(due_sentence)s")),
    Kind("progress_check_shared", FAMILY, _("%(child)s's progress check is ready"),
         _("%(setting)s has shared %(child)s's progress check with you. Please read it and add your view."),
         need=access.PARENTAL_RESPONSIBILITY),
    Kind("transition_shared", FAMILY, _("%(child)s's transition summary is ready"),
         _("%(setting)s has shared the summary for %(child)s's move to their next setting or school."),
         need=access.PARENTAL_RESPONSIBILITY),
    Kind("subject_access_ready", FAMILY, _("Your copy of %(child)s's records is ready"),
         _("The copy of everything %(setting)s holds about %(child)s and you is ready. The download link works for "
           "7 days."), need=access.PARENTAL_RESPONSIBILITY),
    # --- to staff ---
    # Names no child: the DSL opens the record (and the read is audited) to see who it is about.
    Kind("safeguarding_recorded", STAFF, _("A safeguarding concern has been recorded"),
         _("A safeguarding concern has been recorded at %(setting)s. Please review it."), need=access.STAFF,
         urgent=True),
    # To the DSL: names no carer and no right; the page (staff only) shows what changed and who changed it.
    Kind("carer_rights_changed", STAFF, _("Rights changed on a carer of %(child)s"),
         _("A manager at %(setting)s has changed what a family carer of %(child)s may see or do."),
         need=access.STAFF, urgent=True),
    Kind("family_comment", STAFF, _("A family comment about %(child)s"),
         _("A family carer has commented about %(child)s.%(title_sentence)s"), need=access.STAFF),
    Kind("family_absence", STAFF, _("%(child)s will be away"),
         _("A family carer has said %(child)s will not come in. The day and the reason are on the room board."),
         need=access.STAFF),
    Kind("handover_reminder", FAMILY, _("Morning handover for %(child)s"),
         _("Drop-off is starting at %(setting)s. How was the night? Send the morning handover for %(child)s, or "
           "say if %(child)s is off today."), need=access.CONTRIBUTE),
    Kind("activity_reported_back", STAFF, _("A family tried an activity with %(child)s"),
         _("A family carer has told you how a take-home activity went for %(child)s. Please acknowledge it."),
         need=access.STAFF),
    Kind("family_handover", STAFF, _("A handover note for %(child)s"),
         _("A family carer has written a handover note for %(child)s."), need=access.STAFF),
    Kind("family_concern_raised", STAFF, _("A family has raised a concern about %(child)s"),
         _("A family carer has raised a concern about %(child)s. Please acknowledge it."), need=access.STAFF,
         urgent=True),
    Kind("family_concern_unacknowledged", STAFF, _("Not yet acknowledged: a family's concern about %(child)s"),
         _("A concern raised by %(child)s's family has not been acknowledged within 2 working days."),
         need=access.MANAGER, urgent=True),
    Kind("commitment_due", STAFF, _("You said you would get back to a family: %(child)s"),
         _("A commitment you made to %(child)s's family is due%(due_sentence)s%(title_sentence)s"),
         need=access.STAFF),
    Kind("concern_action_due", STAFF, _("A concern action for %(child)s is due"),
         _("An agreed action on a concern about %(child)s is due%(due_sentence)s"), need=access.STAFF),
    Kind("concern_action_overdue", STAFF, _("Overdue: a concern action for %(child)s"),
         _("An agreed action on a concern about %(child)s is overdue%(due_sentence)s"), need=access.STAFF,
         urgent=True),
    Kind("concern_review_due", STAFF, _("A concern review for %(child)s has come"),
         _("The review date for a concern about %(child)s has come%(due_sentence)s"), need=access.STAFF),
    Kind("complaint_deadline", STAFF, _("A complaint's respond-by date is near"),
         _("A complaint must be answered by its respond-by date%(due_sentence)s"), need=access.MANAGER),
    Kind("complaint_deadline_passed", STAFF, _("A complaint's respond-by date has passed"),
         _("A complaint was not answered by its respond-by date%(due_sentence)s"), need=access.MANAGER, urgent=True),
    Kind("accident_unacknowledged", STAFF, _("Accident report for %(child)s not acknowledged today"),
         _("The family has not yet acknowledged today's accident report for %(child)s."), need=access.MANAGER,
         urgent=True),
    Kind("settling_review_due", STAFF, _("Settling-in review for %(child)s"),
         _("A settling-in review for %(child)s is due%(due_sentence)s"), need=access.STAFF),
    Kind("incomplete_records", STAFF, _("Child records to complete at %(setting)s"),
         _("%(count)s child records at %(setting)s are missing something the EYFS asks for."), need=access.MANAGER),
    Kind("subject_access_requested", STAFF, _("A subject access request for %(child)s"),
         _("Someone has asked %(setting)s for a copy of everything held about %(child)s. It must be answered within "
           "one month%(due_sentence)s"), need=access.MANAGER),
    # To the DSL, naming no child: the page lists the safeguarding records to review.
    Kind("subject_access_review_needed", STAFF, _("Safeguarding records to review for a subject access request"),
         _("A manager's copy of a subject access request at %(setting)s waits for your review of safeguarding "
           "records."), need=access.STAFF, urgent=True),
    Kind("subject_access_due", STAFF, _("A subject access request for %(child)s is due"),
         _("A subject access request for %(child)s has not been answered yet%(due_sentence)s"), need=access.MANAGER,
         urgent=True),
    Kind("retention_review_ready", STAFF, _("Records past their retention date at %(setting)s"),
         _("Some records at %(setting)s have passed their retention date. Review them: nothing is erased until a "
           "manager confirms."), need=access.MANAGER),
    Kind("invitation_unaccepted", STAFF, _("An invitation has not been accepted"),
         _("An invitation you sent to %(email)s has not been accepted yet and expires soon."), need=access.STAFF),
]

KINDS: dict[str, Kind] = {k.code: k for k in _KINDS}


def get(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}: add it to notifications/kinds.py")
