from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from neighborhoods.models import City
from ngos.models import Organisation


class SignUpForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class JoinForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Join a company"), queryset=Company.objects.none(), required=False, empty_label=_("Choose…")
    )
    organisation = forms.ModelChoiceField(
        label=_("or join an NGO"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )

    def __init__(self, *args, city: City, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = city.companies.order_by("legal_name")
        self.fields["organisation"].queryset = city.organisations.order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("company")) == bool(data.get("organisation")):
            raise forms.ValidationError(_("Choose one company or one NGO."))
        return data


class CompanyRegisterForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["legal_name", "vat_number", "ateco_code", "size_class"]


class OrganisationRegisterForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "fiscal_code", "runts_number"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
