from django.urls import path

from .views import child, concerns, growth, records, requests

app_name = "partnerships"

urlpatterns = [
    # per child
    path("children/find/", child.child_find, name="child_find"),
    path("children/<int:child_id>/", child.child_timeline, name="child_timeline"),
    path("children/<int:child_id>/family/", child.family_child, name="family_child"),
    path("children/<int:child_id>/conversations/new/", child.conversation_add, name="conversation_add"),
    path("children/<int:child_id>/commitments/new/", child.commitment_add, name="commitment_add"),
    path("children/<int:child_id>/concerns/new/", concerns.concern_raise, name="concern_raise"),
    path("children/<int:child_id>/concerns/raise/", concerns.family_concern_raise, name="family_concern_raise"),
    path("children/<int:child_id>/settling/", growth.settling_plan, name="settling_plan"),
    path("children/<int:child_id>/progress-checks/new/", growth.progress_check_add, name="progress_check_add"),
    path("children/<int:child_id>/transition/", growth.transition_edit, name="transition_edit"),
    # concerns raised by staff
    path("concerns/", concerns.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/view/", concerns.concern_parent_view, name="concern_parent_view"),
    path("concerns/<int:pk>/confirm/", concerns.concern_confirm, name="concern_confirm"),
    path("concerns/<int:pk>/<slug:step>/", concerns.concern_step, name="concern_step"),
    path("concern-actions/<int:pk>/done/", concerns.concern_action_done, name="concern_action_done"),
    # concerns raised by families
    path("family-concerns/<int:pk>/", concerns.family_concern_detail, name="family_concern_detail"),
    path("family-concerns/<int:pk>/confirm/", concerns.family_concern_confirm, name="family_concern_confirm"),
    path("family-concerns/<int:pk>/<slug:step>/", concerns.family_concern_step, name="family_concern_step"),
    # commitments
    path("commitments/", child.my_commitments, name="my_commitments"),
    path("commitments/<int:pk>/done/", child.commitment_done, name="commitment_done"),
    # complaints and safeguarding
    path("complaints/", records.complaint_register, name="complaint_register"),
    path("complaints/new/", records.complaint_add, name="complaint_add"),
    path("complaints/<int:pk>/", records.complaint_edit, name="complaint_edit"),
    path("safeguarding/", records.safeguarding_list, name="safeguarding_list"),
    path("safeguarding/new/", records.safeguarding_add, name="safeguarding_add"),
    path("safeguarding/<int:pk>/", records.safeguarding_detail, name="safeguarding_detail"),
    # requests and events
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_add, name="request_add"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/answer/<int:pk>/", requests.request_answer, name="request_answer"),
    path("events/", requests.event_list, name="event_list"),
    path("events/new/", requests.event_add, name="event_add"),
    path("events/<int:pk>/", requests.event_detail, name="event_detail"),
    path("events/<int:pk>/children/<int:child_id>/", requests.event_rsvp, name="event_rsvp"),
    path("event-bookings/<int:pk>/attendance/", requests.event_attendance, name="event_attendance"),
    # settling, progress check, transition
    path("settling/<int:pk>/sessions/new/", growth.settling_session_add, name="settling_session_add"),
    path("settling/<int:pk>/complete/", growth.settling_complete, name="settling_complete"),
    path("settling-sessions/<int:pk>/review/", growth.settling_session_review, name="settling_session_review"),
    path("progress-checks/<int:pk>/", growth.progress_check_detail, name="progress_check_detail"),
    path("progress-checks/<int:pk>/edit/", growth.progress_check_edit, name="progress_check_edit"),
    path("progress-checks/<int:pk>/share/", growth.progress_check_share, name="progress_check_share"),
    path("progress-checks/<int:pk>/contribute/", growth.progress_check_contribute, name="progress_check_contribute"),
    path("transitions/<int:pk>/", growth.transition_detail, name="transition_detail"),
    path("transitions/<int:pk>/share/", growth.transition_share, name="transition_share"),
    path("transitions/<int:pk>/family/", growth.transition_family, name="transition_family"),
]
