"""factory_boy factories for the whole domain: one place that knows how to build a valid object graph."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Membership, User
from companies.models import Company, Site
from companies.validators import partita_iva_check_digit
from ledger.models import Fund, FundMatch, Pledge
from neighborhoods.models import (
    City,
    District,
    Indicator,
    IndicatorValue,
    NeedIndexComponent,
    NeedIndexWeight,
    Neighbourhood,
    NeighbourhoodDistrictShare,
    NeighbourhoodPriority,
)
from ngos.models import Organisation
from projects.models import (
    Application,
    ApplicationAttachment,
    ApplicationScore,
    Call,
    Campaign,
    EvaluationCriterion,
    ImpactPhoto,
    ImpactReport,
    Need,
    Project,
    ProjectPartner,
)
from taxonomy.models import Skill, Theme

DEMO_PASSWORD = "milanpartner-test"


def valid_eleven_digit_code(n: int) -> str:
    """A syntactically valid partita IVA / numeric fiscal code built from a sequence number."""
    first_ten = f"{n:010d}"
    return first_ten + str(partita_iva_check_digit(first_ten))


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    data_attribution = "Fonte: test"
    need_index_min_population = 0


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda o: f"Municipio {o.code}")


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    city = factory.SubFactory(CityFactory)
    district = factory.LazyAttribute(lambda o: DistrictFactory(city=o.city))
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Quartiere {n + 1}")
    slug = factory.LazyAttribute(lambda o: f"quartiere-{o.code}")
    centroid_lat = 45.4642
    centroid_lon = 9.19
    area_km2 = Decimal("2.500")
    population = 10_000
    population_year = 2021


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"indicator-{n}")
    name_it = factory.LazyAttribute(lambda o: f"Indicatore {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    unit = "%"
    kind = Indicator.Kind.SOCIAL
    direction = Indicator.Direction.HIGHER_IS_NEEDIER
    year = 2021
    source = "test"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    value = 1.0


class NeedIndexWeightFactory(DjangoModelFactory):
    class Meta:
        model = NeedIndexWeight

    indicator = factory.SubFactory(IndicatorFactory)
    weight = Decimal("1.000")


def theme(code: str = "greening") -> Theme:
    return Theme.objects.get(code=code)


def skill(code: str = "gardening") -> Skill:
    return Skill.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(DEMO_PASSWORD)


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    city = factory.SubFactory(CityFactory)
    legal_name = factory.Sequence(lambda n: f"Impresa {n} S.r.l.")
    slug = factory.Sequence(lambda n: f"impresa-{n}")
    vat_number = factory.Sequence(lambda n: valid_eleven_digit_code(1_000_000 + n))
    ateco_code = "62.01"
    size_class = Company.SizeClass.MEDIUM
    csr_budget_eur = Decimal("50000.00")
    volunteer_hours_per_year = 400


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Sede {n}")
    latitude = 45.4642
    longitude = 9.19


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Associazione {n} APS")
    slug = factory.Sequence(lambda n: f"associazione-{n}")
    legal_form = Organisation.LegalForm.APS
    fiscal_code = factory.Sequence(lambda n: valid_eleven_digit_code(9_000_000_000 + n))
    runts_number = factory.Sequence(lambda n: str(100_000 + n))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OFFICER
    status = Membership.Status.ACTIVE
    city = factory.SubFactory(CityFactory)


class OfficerFactory(MembershipFactory):
    role = Membership.Role.OFFICER


class CompanyMemberFactory(MembershipFactory):
    role = Membership.Role.COMPANY
    company = factory.SubFactory(CompanyFactory, city=factory.SelfAttribute("..city"))


class NgoMemberFactory(MembershipFactory):
    role = Membership.Role.NGO
    organisation = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..city"))


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    city = factory.SelfAttribute("neighbourhood.city")
    title = factory.Sequence(lambda n: f"Progetto {n}")
    slug = factory.Sequence(lambda n: f"progetto-{n}")
    summary = "Un progetto di rigenerazione."
    description = "Riqualificazione di un cortile con orti condivisi e alberi."
    instrument = Project.Instrument.COLLECTIVE_ACTION
    status = Project.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    pledge_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def themes(self, create: bool, extracted: list[Theme] | None, **kwargs: object) -> None:
        if create:
            self.themes.set(extracted if extracted is not None else [theme("greening")])


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    project = factory.SubFactory(ProjectFactory)
    kind = Need.Kind.FUNDING
    title = "Alberi e panchine"
    target_quantity = Decimal("10000.00")
    unit = Need.Unit.EUR
    unit_value_eur = Decimal("1.00")


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = Pledge

    need = factory.SubFactory(NeedFactory)
    company = factory.SubFactory(CompanyFactory, city=factory.SelfAttribute("..need.project.city"))
    quantity = Decimal("1000.00")
    value_eur = factory.LazyAttribute(
        lambda o: (o.quantity * o.need.unit_value_eur).quantize(Decimal("0.01"))
    )


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Bando {n}")
    slug = factory.Sequence(lambda n: f"bando-{n}")
    description = "Cerchiamo partner per il doposcuola."
    eligibility = "Enti del Terzo Settore iscritti al RUNTS."
    status = Call.Status.OPEN
    opens_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class EvaluationCriterionFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationCriterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterio {n}")
    weight = Decimal("50.00")


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..call.city"))
    proposal = "Doposcuola tre pomeriggi a settimana."
    status = Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class NeighbourhoodDistrictShareFactory(DjangoModelFactory):
    class Meta:
        model = NeighbourhoodDistrictShare

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    district = factory.SelfAttribute("neighbourhood.district")
    share = Decimal("1.0000")


class NeedIndexComponentFactory(DjangoModelFactory):
    class Meta:
        model = NeedIndexComponent

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    indicator = factory.SubFactory(IndicatorFactory, city=factory.SelfAttribute("..neighbourhood.city"))
    raw_value = 12.5
    normalised = 0.5
    percentile = 0.5
    weight = Decimal("1.000")
    contribution = 10.0


class NeighbourhoodPriorityFactory(DjangoModelFactory):
    class Meta:
        model = NeighbourhoodPriority

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    theme = factory.LazyFunction(lambda: theme("greening"))
    rank = 1


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Campagna {n}")
    slug = factory.Sequence(lambda n: f"campagna-{n}")
    starts_on = date(2027, 1, 1)
    ends_on = date(2027, 12, 31)
    target_eur = Decimal("100000.00")


class ProjectPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory, city=factory.SelfAttribute("..project.city"))


class ApplicationScoreFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationScore

    application = factory.SubFactory(ApplicationFactory)
    criterion = factory.SubFactory(
        EvaluationCriterionFactory, call=factory.SelfAttribute("..application.call")
    )
    reviewer = factory.LazyAttribute(lambda o: OfficerFactory(city=o.application.call.city).user)
    score = 7


# --- matching --------------------------------------------------------------------------------------


class MatchingWeightsFactory(DjangoModelFactory):
    class Meta:
        model = "matching.MatchingWeights"
        django_get_or_create = ("city",)

    city = factory.SubFactory(CityFactory)


class MatchingRunFactory(DjangoModelFactory):
    class Meta:
        model = "matching.MatchingRun"

    city = factory.SubFactory(CityFactory)


class MatchFactory(DjangoModelFactory):
    class Meta:
        model = "matching.Match"

    project = factory.SubFactory(ProjectFactory)
    city = factory.SelfAttribute("project.city")
    company = factory.SubFactory(CompanyFactory, city=factory.SelfAttribute("..project.city"))
    score = 0.5
    theme = 1.0
    rank_for_company = 1
    computed_at = factory.LazyFunction(timezone.now)


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Fondo {n}")
    slug = factory.Sequence(lambda n: f"fondo-{n}")
    status = Fund.Status.OPEN
    pot_eur = Decimal("10000.00")
    ratio = Decimal("1.00")


class FundMatchFactory(DjangoModelFactory):
    class Meta:
        model = FundMatch

    fund = factory.SubFactory(FundFactory)
    pledge = factory.SubFactory(PledgeFactory, status=Pledge.Status.ACCEPTED)
    amount_eur = Decimal("100.00")


class ApplicationAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationAttachment

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(filename="proposta.pdf", data=b"%PDF-1.4 test")
    original_name = "proposta.pdf"
    content_type = "application/pdf"
    size = 13


class ImpactReportFactory(DjangoModelFactory):
    class Meta:
        model = ImpactReport

    project = factory.SubFactory(ProjectFactory, status=Project.Status.COMPLETED)
    people_reached = 120
    volunteer_hours = Decimal("340.0")
    money_spent_eur = Decimal("18500.00")
    summary = "Riqualificati due cortili; 40 volontari aziendali."


class ImpactPhotoFactory(DjangoModelFactory):
    class Meta:
        model = ImpactPhoto

    report = factory.SubFactory(ImpactReportFactory)
    image = factory.django.FileField(filename="cortile.png", data=b"png")
    content_type = "image/png"
