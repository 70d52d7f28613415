from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from families import views_app
from families.views_icons import favicon

# A service's NotAllowed answers 404, like a page that does not exist (families/view_helpers.py).
handler403 = "families.view_helpers.permission_denied"

# The admin login goes through allauth: the same rate limits and MFA as everyone else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # The app on a phone or tablet: the service worker must be served from the root to control every page.
    path("service-worker.js", views_app.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_app.web_manifest, name="web_manifest"),
    path("offline/", views_app.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("diary/", include("diaries.urls")),
    path("partnership/", include("partnerships.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("data-protection/", include("dataprotection.urls")),
    path("manage/import/", include("enrolment.urls")),
    path("", include("ops.urls")),  # /healthz, /readyz (answered early by ops.health.ProbeMiddleware)
    path("", include("families.urls")),
]
