"""The officer's forms: a project and its needs in one form, a lifecycle move, the impact report, invitations.

The forms only validate the shape of what was typed; the services in projects/ and notifications/ decide
what is allowed, and their refusals come back as form errors (milanpartner.forms.add_service_errors).
"""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company
from neighborhoods.models import City
from projects.models import NeedKind, NeedUnit, Project, ProjectStatus
from taxonomy.models import Skill

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PROJECT_FIELDS = [
    "title", "summary", "description", "neighbourhood", "themes", "instrument", "campaign",
    "pledge_deadline", "starts_on", "ends_on",
]  # fmt: skip


class ProjectForm(forms.ModelForm):
    """A project's own fields; saved by project_create or project_update, never by `save()`."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "pledge_deadline": DATETIME,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = city.neighbourhoods.order_by("name")
        if self.instance.pk:
            # A project's campaign has its own services (campaign_add_project): not edited here.
            del self.fields["campaign"]
        else:
            self.fields["campaign"].queryset = city.campaigns.order_by("-starts_on", "title")

    def _post_clean(self) -> None:
        # The services validate the project against its city and its needs; the form only parses input.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class NeedForm(forms.Form):
    """One row of the project's needs; a row left blank is no need, a row with an id edits that need."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=pgettext_lazy("need", "Kind"), choices=[("", _("Choose…")), *NeedKind.choices]
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_quantity = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, min_value=0)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("the kind's own")), *NeedUnit.choices],
        help_text=_("Funding is in EUR and volunteering in hours; goods in items, kg or m²."),
    )
    unit_value_eur = forms.DecimalField(
        label=_("Value of one unit (EUR)"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    skills = forms.TypedMultipleChoiceField(
        label=_("Skills asked"), required=False, coerce=int, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    all_or_nothing = forms.BooleanField(
        label=_("All or nothing"),
        required=False,
        help_text=_("Funding only: pledges are called only if the target is reached."),
    )
    allow_oversubscription = forms.BooleanField(label=_("Pledges may pass the target"), required=False)

    def __init__(self, *args: Any, skills: dict[int, Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skills = skills
        self.fields["skills"].choices = [(pk, skill.name) for pk, skill in skills.items()]

    def service_need(self) -> dict[str, Any]:
        """The row as project_create/project_update take it: blank unit and value keep the kind's own."""
        need = {name: value for name, value in self.cleaned_data.items() if name != "DELETE"}
        need["skills"] = [self.skills[pk] for pk in need["skills"]]
        for optional in ("id", "unit", "unit_value_eur"):
            if need.get(optional) in (None, ""):
                need.pop(optional, None)
        return need


class BaseNeedFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The skills are read once for every row, not once per row.
        skills = sorted(Skill.objects.all(), key=lambda skill: skill.name.casefold())
        self.form_kwargs = {**self.form_kwargs, "skills": {skill.pk: skill for skill in skills}}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this need")

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        # A row without an id is a new need only when something was typed in it, wherever it stands.
        form.empty_permitted = not form["id"].value()
        return form

    def needs(self) -> list[dict[str, Any]]:
        """The full new list of needs: blank rows and rows marked for removal left out."""
        return [
            form.service_need()
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


NeedFormSet = forms.formset_factory(
    NeedForm, formset=BaseNeedFormSet, extra=0, can_delete=True, max_num=30, absolute_max=30
)


def need_initial(project: Project) -> list[dict[str, Any]]:
    """The project's needs as the rows of the form, in the order they were added."""
    fields = [
        "id", "kind", "title", "description", "target_quantity", "unit", "unit_value_eur", "starts_on",
        "ends_on", "all_or_nothing", "allow_oversubscription",
    ]  # fmt: skip
    return [
        {
            **{field: getattr(need, field) for field in fields},
            "skills": [skill.pk for skill in need.skills.all()],
        }
        for need in project.needs.prefetch_related("skills").order_by("id")
    ]


def as_initial(form: forms.Form) -> dict[str, Any]:
    """What was typed in a bound form, as the initial values of a fresh one (no validation, no errors)."""
    return {name: form[name].value() for name in form.fields}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ProjectStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(file, initial) for file in data]
        return [single(data, initial)] if data or self.required else []


class ImpactReportForm(forms.Form):
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0)
    volunteer_hours = forms.DecimalField(
        label=_("Volunteer hours given"), min_value=0, max_digits=10, decimal_places=1
    )
    money_spent_eur = forms.DecimalField(
        label=_("Money spent (EUR)"), min_value=0, max_digits=14, decimal_places=2
    )
    summary = forms.CharField(label=_("What was achieved"), widget=forms.Textarea(attrs={"rows": 5}))
    photos = MultipleImageField(
        label=_("Photos"), help_text=_("One or more photos of what was done (JPEG, PNG or WebP).")
    )


class InvitationForm(forms.Form):
    companies = forms.ModelMultipleChoiceField(
        label=_("Companies"), queryset=Company.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Another city's company is not a choice: its id is an invalid choice, never an invitation.
        self.fields["companies"].queryset = Company.objects.filter(city=city)
