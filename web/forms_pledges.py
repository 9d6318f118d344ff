"""Forms of the pledge flow and of initiatives: they validate input; the ledger and projects services act."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ledger.models import Pledge
from neighborhoods.models import City
from ngos.models import Organisation
from projects.models import Need, Project
from taxonomy.models import Theme

QUANTITY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


class NeedChoiceField(forms.ModelChoiceField):
    """A need with what it still lacks, when the queryset is annotated with `committed`."""

    def label_from_instance(self, need: Need) -> str:
        label = f"{need.title} · {need.get_kind_display()}"
        committed = getattr(need, "committed", None)
        if committed is None:
            return label
        still_open = max(Decimal(0), need.target_quantity - committed)
        return _("%(label)s: %(open)s of %(target)s %(unit)s still open") % {
            "label": label,
            "open": formats.number_format(still_open, decimal_pos=0, use_l10n=True, force_grouping=True),
            "unit": need.get_unit_display(),
            "target": formats.number_format(
                need.target_quantity, decimal_pos=0, use_l10n=True, force_grouping=True
            ),
        }


class PledgePreviewForm(forms.Form):
    """What the htmx preview reads: the need and the quantity, nothing else."""

    need = NeedChoiceField(label=_("Need"), queryset=Need.objects.none(), widget=forms.RadioSelect)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        help_text=_("In the need's unit: euros, hours or items."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        **QUANTITY,
    )

    def __init__(self, *args: Any, needs: QuerySet[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["need"].empty_label = None


class PledgeForm(PledgePreviewForm):
    message = forms.CharField(
        label=_("Message to the City"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Shown as a checkbox only once the ledger said the pledge passes the company's remaining capacity.
    confirm_beyond_capacity = forms.BooleanField(
        label=_("I confirm this pledge beyond our remaining yearly capacity"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.fields["confirm_beyond_capacity"].clean(
            self.fields["confirm_beyond_capacity"].widget.value_from_datadict(
                self.data, self.files, self.add_prefix("confirm_beyond_capacity")
            )
        ):
            self.ask_to_confirm()

    def ask_to_confirm(self, reason: str = "") -> None:
        field = self.fields["confirm_beyond_capacity"]
        field.widget = forms.CheckboxInput()
        if reason:
            self.add_error("confirm_beyond_capacity", reason)


class PledgeFulfilForm(forms.Form):
    evidence_note = forms.CharField(
        label=_("What was given, and when"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    receipt = forms.FileField(
        label=_("Receipt (PDF or image)"),
        required=False,
        help_text=_("Optional: a bank transfer receipt, a delivery note, a signed timesheet."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg,image/webp"}),
    )


class ReasonForm(forms.Form):
    """Declining a pledge, asking for changes to an initiative or declining it: the proposer reads why."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EndorseForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the proposer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PledgeStatusFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("every status")), *Pledge.Status.choices],
    )


# --- initiatives -------------------------------------------------------------------------------------


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, help_text=_("One sentence for the catalogue.")
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=None)
    themes = forms.ModelMultipleChoiceField(
        label=_("Urban challenges"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    # A call for proposals is the City's own instrument, not one a proposer runs.
    instrument = forms.ChoiceField(
        label=_("Instrument"),
        choices=[(value, label) for value, label in Project.Instrument.choices if value != "call"],
        initial=Project.Instrument.COLLECTIVE_ACTION,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner NGOs"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pledge_deadline = forms.DateField(
        label=_("Pledges close on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, city: City, own_organisation: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = city.neighbourhoods.order_by("name")
        partners = Organisation.objects.filter(city=city).order_by("name")
        if own_organisation is not None:
            partners = partners.exclude(pk=own_organisation.pk)
        self.fields["partners"].queryset = partners

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the projects services take it (the deadline at the end of its day)."""
        data = dict(self.cleaned_data)
        deadline: date | None = data.pop("pledge_deadline")
        data["pledge_deadline"] = (
            timezone.make_aware(datetime.combine(deadline, time(23, 59))) if deadline else None
        )
        return data

    @staticmethod
    def initial_from(project: Project) -> dict[str, Any]:
        deadline = project.pledge_deadline
        return {
            "title": project.title,
            "summary": project.summary,
            "description": project.description,
            "neighbourhood": project.neighbourhood_id,
            "themes": list(project.themes.all()),
            "instrument": project.instrument,
            "partners": list(project.partners.all()),
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "pledge_deadline": timezone.localtime(deadline).date() if deadline else None,
        }


class NeedForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Need.Kind.choices, initial=Need.Kind.FUNDING)
    title = forms.CharField(label=_("What is needed"), max_length=200)
    target_quantity = forms.DecimalField(label=_("Target quantity"), **QUANTITY)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("by kind (EUR or hours)")), *Need.Unit.choices],
        help_text=_("Goods in kind: items, kg or m²."),
    )
    unit_value_eur = forms.DecimalField(
        label=_("Value of one unit (EUR)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("For hours and goods: their declared value."),
    )
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def need_data(self) -> dict[str, Any]:
        """The need as projects.services takes it: blanks left out so the service applies its defaults."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if value not in (None, "") and key != "DELETE"
        }


class BaseNeedFormSet(forms.BaseFormSet):
    def needs(self) -> list[dict[str, Any]]:
        # An untouched blank row has no cleaned data; a kept need keeps its id, so the service edits it.
        return [
            form.need_data()
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


NeedFormSet = forms.formset_factory(
    NeedForm,
    formset=BaseNeedFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=12,
    absolute_max=12,
    validate_max=True,
    can_delete=True,
)
