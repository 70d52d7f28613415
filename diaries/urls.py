from django.urls import path

from . import views

app_name = "diaries"

urlpatterns = [
    path("room/<int:room_id>/board/", views.room_board, name="room_board"),
    path("room/<int:room_id>/board/quick/", views.board_quick_entry, name="board_quick_entry"),
    path("child/<int:child_id>/", views.child_day, name="child_day"),
    path("child/<int:child_id>/records/", views.child_records, name="child_records"),
    path("child/<int:child_id>/entry/add/", views.entry_add, name="entry_add"),
    path("child/<int:child_id>/photo/add/", views.photo_add, name="photo_add"),
    path("child/<int:child_id>/handover/", views.handover_send, name="handover_send"),
    path("child/<int:child_id>/absence/", views.absence_report, name="absence_report"),
    path("child/<int:child_id>/check-in/", views.check_in, name="check_in"),
    path("child/<int:child_id>/check-out/", views.check_out, name="check_out"),
    path("child/<int:child_id>/accident/add/", views.accident_add, name="accident_add"),
    path("child/<int:child_id>/medicine/consent/", views.consent_add, name="consent_add"),
    path("child/<int:child_id>/medicine/dose/", views.dose_add, name="dose_add"),
    path("child/<int:child_id>/home-observation/", views.home_observation_add, name="home_observation_add"),
    path("child/<int:child_id>/activity/", views.activity_suggest, name="activity_suggest"),
    path("entry/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("entry/<int:entry_id>/retract/", views.entry_retract, name="entry_retract"),
    path("entry/<int:entry_id>/history/", views.entry_history, name="entry_history"),
    path("entry/<int:entry_id>/woke/", views.sleep_end, name="sleep_end"),
    path("entry/<int:entry_id>/comment/", views.comment_add, name="comment_add"),
    path("photo/<int:photo_id>/", views.photo_file, name="photo_file"),
    path("handover/<int:handover_id>/acknowledge/", views.handover_acknowledge, name="handover_acknowledge"),
    path("accident/<int:accident_id>/", views.accident_detail, name="accident_detail"),
    path("accident/<int:accident_id>/acknowledge/", views.accident_acknowledge, name="accident_acknowledge"),
    path("accident/<int:accident_id>/paper/", views.accident_paper, name="accident_paper"),
    path("consent/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("observation/<int:observation_id>/photo/", views.home_observation_photo, name="home_observation_photo"),
    path("observation/<int:observation_id>/acknowledge/", views.home_observation_acknowledge,
         name="home_observation_acknowledge"),
    path("activity/<int:activity_id>/respond/", views.activity_respond, name="activity_respond"),
    path("activity-response/<int:response_id>/acknowledge/", views.activity_response_acknowledge,
         name="activity_response_acknowledge"),
]
