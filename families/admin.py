from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "language", "photo"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


for model in (models.Setting, models.Room, models.Household, models.Invitation):
    admin.site.register(model)

for model in (models.Membership, models.Child, models.Carer, models.CarerLink, models.AuthorisedCollector):
    admin.site.register(model, SimpleHistoryAdmin)

admin.site.register(models.KeyPersonAssignment)
