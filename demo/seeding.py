"""The MilanPartner demo: a plausible, deterministic city of companies, NGOs, projects, calls and pledges.

`demo_seed` writes everything in bulk inside one transaction: the same options on the same atlas give the
same rows, field for field (ids and password hashes aside). Demo rows are recognisable, so `demo_flush`
removes them and nothing else: users under the demo e-mail domain, companies and NGOs whose website is under
it, the projects and calls those users own or those organisations proposed, the campaigns the demo names.
The City's priorities are derived from the atlas, not from the seed, and stay.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import Membership, User
from audit.models import Event
from companies.models import Company
from demo.context import DEMO_DOMAIN, Progress, SeedContext, SeedOptions, SeedReport, explicit_timestamps
from demo.seed_engagement import calls_create, pledges_create
from demo.seed_history import FUND_SLUG, fund_create, history_create
from demo.seed_organisations import companies_create, organisations_create
from demo.seed_projects import campaigns_create, projects_create
from demo.strategy import priorities_ensure
from demo.vocabulary_projects import CAMPAIGNS
from ledger.models import Fund, FundMatch, Pledge
from neighborhoods.models import City
from ngos.models import Organisation
from projects.models import Application, ApplicationScore, Call, Campaign, Project, ProjectPartner

DEMO_PASSWORD = "milanpartner-demo"  # published in the README: these accounts exist to be logged into
ADMIN_USERNAME = "admin"
OFFICER_EMAIL = f"officer@{DEMO_DOMAIN}"
COMPANY_MEMBER_EMAIL = f"company@{DEMO_DOMAIN}"
NGO_MEMBER_EMAIL = f"ngo@{DEMO_DOMAIN}"
_CAMPAIGN_SLUGS = re.compile(rf"^({'|'.join(template.slug for template in CAMPAIGNS)})-\d{{4}}(-\d+)?$")
# Models whose auto_now / auto_now_add stamps the demo writes itself.
_STAMPED_MODELS = (Company, Organisation, Project, ProjectPartner, Application, Pledge, Membership)


@dataclass(frozen=True)
class DemoUsers:
    admin: User
    officer: User
    company_member: User
    ngo_member: User


def _silent(message: str) -> None:
    del message


def _users_create(ctx: SeedContext) -> DemoUsers:
    usernames = [ADMIN_USERNAME, OFFICER_EMAIL, COMPANY_MEMBER_EMAIL, NGO_MEMBER_EMAIL]
    if taken := list(User.objects.filter(username__in=usernames).values_list("username", flat=True)):
        raise ValueError(f"Users that are not the demo's already hold the names {', '.join(taken)}.")
    # One hash for the four: the password is public anyway, and a PBKDF2 hash costs a few tenths of a second.
    password = make_password(DEMO_PASSWORD)
    joined = ctx.days_ago(400)
    admin, officer, company_member, ngo_member = ctx.insert(
        "users",
        User,
        [
            User(
                username=ADMIN_USERNAME,
                email=f"admin@{DEMO_DOMAIN}",
                first_name="Amministratore",
                last_name="Demo",
                is_staff=True,
                is_superuser=True,
                password=password,
                date_joined=joined,
            ),
            User(
                username=OFFICER_EMAIL,
                email=OFFICER_EMAIL,
                first_name="Giulia",
                last_name="Ferri",
                password=password,
                date_joined=joined,
            ),
            User(
                username=COMPANY_MEMBER_EMAIL,
                email=COMPANY_MEMBER_EMAIL,
                first_name="Marco",
                last_name="Colombo",
                password=password,
                date_joined=joined,
            ),
            User(
                username=NGO_MEMBER_EMAIL,
                email=NGO_MEMBER_EMAIL,
                first_name="Chiara",
                last_name="Sala",
                password=password,
                date_joined=joined,
            ),
        ],
    )
    return DemoUsers(admin, officer, company_member, ngo_member)


def _memberships_create(ctx: SeedContext, users: DemoUsers, *, company_id: int, organisation_id: int) -> None:
    active, joined = Membership.Status.ACTIVE, ctx.days_ago(400)
    ctx.insert(
        "memberships",
        Membership,
        [
            Membership(
                user=users.officer,
                role=Membership.Role.OFFICER,
                status=active,
                city=ctx.city,
                job_title="Funzionaria, Direzione Rigenerazione urbana",
                created_at=joined,
            ),
            Membership(
                user=users.company_member,
                role=Membership.Role.COMPANY,
                status=active,
                city=ctx.city,
                company_id=company_id,
                is_admin=True,
                job_title="Responsabile CSR",
                created_at=joined,
            ),
            Membership(
                user=users.ngo_member,
                role=Membership.Role.NGO,
                status=active,
                city=ctx.city,
                organisation_id=organisation_id,
                is_admin=True,
                job_title="Coordinatrice dei progetti",
                created_at=joined,
            ),
        ],
    )


def demo_seed(*, city: City, options: SeedOptions, progress: Progress = _silent) -> SeedReport:
    """Generate the demo in `city` (whose atlas must be loaded) and return the counts of what it wrote."""
    with transaction.atomic(), explicit_timestamps(*_STAMPED_MODELS):
        priorities = priorities_ensure(city=city)
        ctx = SeedContext(city=city, options=options, progress=progress)
        ctx.report.add("priorities", priorities)
        progress(f"priorities {priorities} for {len(ctx.places)} neighbourhoods")
        users = _users_create(ctx)
        companies = companies_create(ctx)
        organisations = organisations_create(ctx)
        _memberships_create(ctx, users, company_id=companies.ids[0], organisation_id=organisations.ids[0])
        campaigns = campaigns_create(ctx)
        projects = projects_create(
            ctx,
            officer_id=users.officer.id,
            companies=companies,
            organisations=organisations,
            campaigns=campaigns,
        )
        calls_create(
            ctx,
            officer_id=users.officer.id,
            ngo_user_id=users.ngo_member.id,
            projects=projects,
            organisations=organisations,
        )
        pledges_create(ctx, company_user_id=users.company_member.id, projects=projects, companies=companies)
        fund_create(ctx)
        history_create(ctx, officer_id=users.officer.id)
    return ctx.report


@dataclass(frozen=True)
class _DemoRows:
    """The demo's rows in a city, as lazy querysets."""

    users: QuerySet[User]
    companies: QuerySet[Company]
    organisations: QuerySet[Organisation]
    projects: QuerySet[Project]
    calls: QuerySet[Call]

    @classmethod
    def of(cls, city: City) -> "_DemoRows":
        users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
        companies = Company.objects.filter(city=city, website__iendswith=f".{DEMO_DOMAIN}")
        organisations = Organisation.objects.filter(city=city, website__iendswith=f".{DEMO_DOMAIN}")
        projects = Project.objects.filter(city=city).filter(
            Q(owner__in=users)
            | Q(proposed_by_company__in=companies)
            | Q(proposed_by_organisation__in=organisations)
        )
        calls = Call.objects.filter(city=city).filter(Q(owner__in=users) | Q(project__in=projects))
        return cls(users, companies, organisations, projects, calls)


def demo_exists(*, city: City) -> bool:
    rows = _DemoRows.of(city)
    return rows.users.exists() or rows.companies.exists() or rows.organisations.exists()


@transaction.atomic
def demo_flush(*, city: City) -> int:
    """Delete the demo's rows in `city`, leaves first (pledges, applications) so no PROTECT stops it.

    Returns how many rows went, cascades included.
    """
    rows = _DemoRows.of(city)
    users, companies, organisations, projects, calls = (
        rows.users,
        rows.companies,
        rows.organisations,
        rows.projects,
        rows.calls,
    )
    deleted = 0
    pledges = Pledge.objects.filter(Q(company__in=companies) | Q(need__project__in=projects))
    for queryset in (
        Event.objects.filter(city=city, project_id__in=projects.values("id")),
        FundMatch.objects.filter(pledge__in=pledges),
        Fund.objects.filter(city=city, slug=FUND_SLUG),
        pledges,
        ApplicationScore.objects.filter(reviewer__in=users),
        Application.objects.filter(
            Q(organisation__in=organisations) | Q(call__in=calls) | Q(project__in=projects)
        ),
        calls,
        ProjectPartner.objects.filter(Q(organisation__in=organisations) | Q(project__in=projects)),
        projects,
        Campaign.objects.filter(city=city, slug__regex=_CAMPAIGN_SLUGS.pattern),
        companies,
        organisations,
        users,
    ):
        deleted += queryset.delete()[0]
    return deleted
