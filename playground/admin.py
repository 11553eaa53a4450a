"""Admin: look after designs, share links, runs and the scenario library."""

from django.contrib import admin

from playground.models import Design, Run, Scenario, ShareLink


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "owner_session", "version", "updated")
    list_filter = ("updated",)
    search_fields = ("name", "owner__username", "owner_session")
    readonly_fields = ("id", "created", "updated")


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("name", "token", "creator", "revoked", "expires", "created")
    list_filter = ("revoked",)
    search_fields = ("name", "token", "creator__username")
    readonly_fields = ("token", "created")
    raw_id_fields = ("design",)


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "owner", "seed", "created", "finished")
    search_fields = ("name", "owner__username")
    readonly_fields = ("id", "created")
    raw_id_fields = ("design",)


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "level", "order")
    list_filter = ("level",)
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
