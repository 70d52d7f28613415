from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rooms/<int:room_id>/", views.room_dashboard, name="room"),
    path("sections/<slug:section>/", views.section_page, name="section"),
    path("print/", views.print_report, name="print"),
    path("print/term-report.pdf", views.term_report_pdf, name="pdf"),
    path("children/<slug:section>/<slug:metric>/", views.drilldown, name="drilldown"),
    path("tables/<slug:section>/<slug:table>/", views.table_page, name="table"),
    path("export/<slug:section>/<slug:table>.csv", views.export_table, name="export"),
]
