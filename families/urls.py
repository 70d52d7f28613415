from django.urls import path

from . import views, views_accounts, views_manage, views_setup

app_name = "families"

urlpatterns = [
    path("", views.home, name="home"),
    path("rooms/<int:room_id>/", views.room_detail, name="room_detail"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/<int:child_id>/", views.child_detail, name="child_detail"),
    path("children/<int:child_id>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:child_id>/photo/", views.child_photo, name="child_photo"),
    path("children/<int:child_id>/carers/add/", views.carer_add, name="carer_add"),
    path("children/<int:child_id>/carers/link/", views.carer_link_existing, name="carer_link_existing"),
    path("children/<int:child_id>/key-person/", views.key_person_assign, name="key_person_assign"),
    path("children/<int:child_id>/collectors/add/", views.collector_add, name="collector_add"),
    path("carer-links/<int:link_id>/edit/", views.carer_link_edit, name="carer_link_edit"),
    path("carer-links/<int:link_id>/invite/", views.carer_invite, name="carer_invite"),
    path("collectors/<int:collector_id>/edit/", views.collector_edit, name="collector_edit"),
    path("collectors/<int:collector_id>/remove/", views.collector_remove, name="collector_remove"),
    path("collectors/<int:collector_id>/photo/", views.collector_photo, name="collector_photo"),
    path("staff/<int:membership_id>/photo/", views.staff_photo, name="staff_photo"),
    path("manage/staff/", views_manage.staff_list, name="manage_staff"),
    path("manage/staff/<int:membership_id>/", views_manage.staff_edit, name="manage_staff_edit"),
    path("manage/rooms/", views_manage.room_list, name="manage_rooms"),
    path("manage/rooms/<int:room_id>/", views_manage.room_edit, name="manage_room_edit"),
    path("manage/invitations/", views_manage.invitation_list, name="manage_invitations"),
    path("manage/invitations/<int:invitation_id>/revoke/", views_manage.invitation_revoke, name="invitation_revoke"),
    path("setup/", views_setup.setup_start, name="setup_start"),
    path("setup/rooms/", views_setup.setup_rooms, name="setup_rooms"),
    path("setup/staff/", views_setup.setup_staff, name="setup_staff"),
    path("setup/checklist/", views_setup.setup_checklist, name="setup_checklist"),
    path("settings/<int:setting_id>/switch/", views_accounts.setting_switch, name="setting_switch"),
    path("me/", views_accounts.my_profile, name="my_profile"),
    path("me/photo/", views_accounts.my_photo, name="my_photo"),
    path("invitations/<str:token>/", views_accounts.accept_invitation, name="invitation_accept"),
]
