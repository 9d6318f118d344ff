"""Forms of the NGO area and of the officer's review: they validate the shape; the services keep the rules."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from milanpartner.uploads import DOCUMENT_TYPES
from neighborhoods.models import City
from ngos.models import Organisation
from projects.models import ApplicationStatus, EvaluationCriterion

MAX_ATTACHMENTS = 5


def _https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = _https_by_default
        fields = ["description", "website", "themes", "neighbourhoods"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = city.neighbourhoods.order_by("name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a list of uploads, each checked for size here and for content later."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class ApplicationForm(forms.Form):
    proposal = forms.CharField(
        label=_("Your proposal"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you propose to do, with whom, for whom, and how you will know it worked."),
    )
    budget_eur = forms.DecimalField(
        label=_("Budget asked (EUR)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    partners_note = forms.CharField(
        label=_("Partners (optional)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Other organisations, schools or groups you will work with."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files, PDF or PNG, JPEG or WebP images, %(limit)s each at most."
        ) % {"count": MAX_ATTACHMENTS, "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}

    def clean_attachments(self) -> list[UploadedFile]:
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many"
            )
        too_large = [upload.name for upload in uploads if upload.size > settings.MAX_UPLOAD_BYTES]
        if too_large:
            raise forms.ValidationError(
                _("Too large (the limit is %(limit)s): %(names)s.")
                % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES), "names": ", ".join(too_large)},
                code="too_large",
            )
        return uploads


class ScoresForm(forms.Form):
    """A score (0..the criterion's highest) and a comment per criterion of the call; blanks are skipped."""

    def __init__(self, *args: Any, criteria: list[EvaluationCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score from 0 to %(max)s") % {"max": criterion.max_score},
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def fields_of(self, criterion: EvaluationCriterion) -> tuple[forms.BoundField, forms.BoundField]:
        return self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]

    def scores(self) -> list[tuple[EvaluationCriterion, int, str]]:
        return [
            (criterion, score, self.cleaned_data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
            if (score := self.cleaned_data[f"score_{criterion.pk}"]) is not None
        ]


class DecisionForm(forms.Form):
    DECISIONS = [
        (ApplicationStatus.SHORTLISTED.value, _("Shortlist")),
        (ApplicationStatus.ACCEPTED.value, _("Accept")),
        (ApplicationStatus.REJECTED.value, _("Reject")),
    ]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The NGO reads it on its dashboard; required to reject."),
    )
