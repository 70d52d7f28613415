from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.start, name="start"),
    path("template.xlsx", views.template_workbook, name="template"),
    path("template.csv", views.template_csv, name="template_csv"),
    path("<int:batch_id>/", views.batch_page, name="batch"),
    path("<int:batch_id>/columns/", views.batch_columns, name="columns"),
    path("<int:batch_id>/confirm/", views.batch_confirm, name="confirm"),
    path("<int:batch_id>/progress/", views.batch_progress, name="progress"),
    path("<int:batch_id>/invite/", views.batch_invite, name="invite"),
]
