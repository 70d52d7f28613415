from django.urls import path

from . import views

app_name = "dataprotection"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("children/<int:child_id>/subject-access/", views.family_requests, name="family_requests"),
    path("children/<int:child_id>/keepsake/", views.keepsake, name="keepsake"),
    path("children/<int:child_id>/keepsake/diary.html", views.keepsake_book, name="keepsake_book"),
    path("children/<int:child_id>/keepsake/photos.zip", views.keepsake_photos, name="keepsake_photos"),
    path("subject-access/<int:pk>/download/", views.download, name="download"),
    path("subject-access/<int:pk>/prepare-again/", views.prepare_again, name="prepare_again"),
    path("subject-access/<int:pk>/", views.sar_detail, name="sar_detail"),
    path("subject-access/<int:pk>/safeguarding/", views.sar_safeguarding, name="sar_safeguarding"),
    path("manage/", views.manage, name="manage"),
    path("manage/subject-access/new/", views.sar_start, name="sar_start"),
    path("manage/retention/", views.retention_review, name="retention_review"),
    path("manage/retention/periods/", views.retention_periods, name="retention_periods"),
    path("manage/holds/", views.legal_holds, name="legal_holds"),
    path("manage/holds/<int:pk>/lift/", views.legal_hold_lift, name="legal_hold_lift"),
]
