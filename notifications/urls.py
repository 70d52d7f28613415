from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="notifications_inbox"),
    path("<int:notification_id>/read/", views.mark_read, name="notification_read"),
    path("read-all/", views.mark_all_read, name="notifications_read_all"),
    path("preferences/", views.preferences, name="notification_preferences"),
    path("push/on/", views.push_subscribe, name="notification_push_subscribe"),
    path("push/<int:subscription_id>/off/", views.push_unsubscribe, name="notification_push_unsubscribe"),
    path("failures/", views.failures, name="notification_failures"),
    path("reminder-settings/", views.reminder_settings, name="reminder_settings"),
]
