from django.contrib import admin

from taxonomy.models import Skill, SustainableDevelopmentGoal, Theme


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_it", "name_en"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_it", "name_en", "position"]
    filter_horizontal = ["sdgs"]
    search_fields = ["code", "name_it", "name_en"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name_it", "name_en"]
    search_fields = ["code", "name_it", "name_en"]
