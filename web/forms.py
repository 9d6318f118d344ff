from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Site
from neighborhoods.models import City


class CompanyProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "csr_statement", "csr_budget_eur", "volunteer_hours_per_year", "website", "public_consent",
            "themes", "skills", "preferred_neighbourhoods",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
            "csr_statement": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, city: City, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_neighbourhoods"].queryset = city.neighbourhoods.order_by("name")


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "latitude", "longitude", "employees", "is_headquarters"]
        help_texts = {"latitude": _("Click the map to place the site."), "longitude": ""}
