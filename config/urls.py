from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin login goes through allauth: the same rate limits and MFA as everyone else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("diary/", include("diaries.urls")),
    path("partnership/", include("partnerships.urls")),
    path("notifications/", include("partnerships.notifications.urls")),
    path("reports/", include("partnerships.reports.urls")),
    path("", include("ops.urls")),  # /healthz, /readyz (answered early by ops.health.ProbeMiddleware)
    path("", include("families.urls")),
]
