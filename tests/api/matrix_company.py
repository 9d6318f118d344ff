"""Matrix section: companies and their sites, pledges, match funds, matches with reasons, impact, tokens.

Besides each endpoint's own rows, the IDOR rows: another company's site or pledge, another city's pledge,
fund or project by id are a 404, the answer an id that does not exist gets.
"""

from decimal import Decimal

from django.utils import timezone

from ledger.models import Fund, Pledge
from tests import factories
from tests.api.matrix import METHODS, SIGNED_IN_ONLY, everyone, read_only, roles, rows_for

ANON = SIGNED_IN_ONLY


def company(ok: int, *, others: int = 403) -> dict[str, int]:
    """A company member's endpoint: `ok` for the member, `others` for the other roles."""
    return roles(others, anonymous=ANON, company=ok)


def officers(ok: int, *, foreign: int | None = None) -> dict[str, int]:
    """An officer's endpoint on a Milano object: the Torino officer gets `foreign` (by default `ok`)."""
    return roles(403, anonymous=ANON, officer=ok, foreign_officer=ok if foreign is None else foreign)


def pledge_readers(ok: int, *, company_gets: int | None = None, foreign: int | None = None) -> dict[str, int]:
    return roles(
        403,
        anonymous=ANON,
        company=ok if company_gets is None else company_gets,
        officer=ok,
        foreign_officer=ok if foreign is None else foreign,
    )


def same(statuses: dict[str, int], **overrides: dict[str, int]) -> dict[str, dict[str, int]]:
    """Every method with `statuses`, except those overridden."""
    return {method: overrides.get(method, statuses) for method in METHODS}


def only(method: str, statuses: dict[str, int], otherwise: dict[str, int]) -> dict[str, dict[str, int]]:
    return same(otherwise, **{method: statuses})


SITE = {"name": "Sede Porta Nuova", "latitude": 45.48, "longitude": 9.19}
FUND = {"name": "Fondo quartieri", "pot_eur": "20000.00"}

ROWS = [
    # --- companies: public, and one's own under `mine` ---
    *read_only("api:company-list"),
    *read_only("api:company-detail", kwargs=lambda w: {"pk": w.named_company.pk}),
    *read_only(
        "api:company-detail",
        kwargs=lambda w: {"pk": w.other_company.pk},
        get=everyone(404),
        label="a company not to be named in public",
    ),
    *rows_for(
        "api:company-mine",
        same(company(405), GET=company(200), PATCH=company(200)),
        payloads={"PATCH": lambda w: {"csr_statement": "Alberi in ogni cortile."}},
    ),
    *rows_for("api:company-mine-impact", same(company(405), GET=company(200))),
    # --- sites of one's own company ---
    *rows_for(
        "api:site-list",
        same(company(405), GET=company(200), POST=company(201)),
        payloads={"POST": lambda w: SITE},
    ),
    *rows_for(
        "api:site-detail",
        same(company(405), GET=company(200), PUT=company(200), PATCH=company(200), DELETE=company(204)),
        kwargs=lambda w: {"pk": w.site.pk},
        payloads={"PUT": lambda w: SITE, "PATCH": lambda w: {"employees": 40}},
    ),
    *rows_for(
        "api:site-detail",
        same(company(404), POST=company(405)),
        kwargs=lambda w: {"pk": w.other_site.pk},
        payloads={"PUT": lambda w: SITE, "PATCH": lambda w: {"employees": 40}},
        label="another company's site",
    ),
    # --- pledges: a company's own, an officer's city's ---
    *rows_for(
        "api:pledge-list",
        same(pledge_readers(405), GET=pledge_readers(200), POST=company(201)),
        payloads={"POST": lambda w: {"need": w.funding.pk, "quantity": "250.00"}},
    ),
    *rows_for(
        "api:pledge-detail",
        same(pledge_readers(405), GET=pledge_readers(200, foreign=404)),
        kwargs=lambda w: {"pk": w.pledge.pk},
    ),
    *rows_for(
        "api:pledge-detail",
        same(pledge_readers(405), GET=pledge_readers(200, company_gets=404, foreign=404)),
        kwargs=lambda w: {"pk": w.other_pledge.pk},
        label="another company's pledge",
    ),
    *rows_for(
        "api:pledge-detail",
        same(pledge_readers(405), GET=pledge_readers(404, foreign=200)),
        kwargs=lambda w: {"pk": w.torino_pledge.pk},
        label="a pledge in another city",
    ),
    *rows_for(
        "api:pledge-withdraw",
        only("POST", company(200), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.pledge.pk},
    ),
    *rows_for(
        "api:pledge-withdraw",
        only("POST", company(404), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.other_pledge.pk},
        label="another company's pledge",
    ),
    *rows_for(
        "api:pledge-fulfil",
        only("POST", company(200), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.accepted_pledge.pk},
        payloads={"POST": lambda w: {"evidence_note": "Bonifico del 3 maggio."}},
    ),
    *rows_for(
        "api:pledge-fulfil",
        only("POST", company(404), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.other_accepted_pledge.pk},
        payloads={"POST": lambda w: {"evidence_note": "Bonifico del 3 maggio."}},
        label="another company's pledge",
    ),
    *rows_for(
        "api:pledge-accept",
        only("POST", officers(200, foreign=404), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.pledge.pk},
    ),
    *rows_for(
        "api:pledge-accept",
        only("POST", officers(404, foreign=200), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.torino_pledge.pk},
        label="a pledge in another city",
    ),
    *rows_for(
        "api:pledge-decline",
        only("POST", officers(200, foreign=404), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.pledge.pk},
        payloads={"POST": lambda w: {"reason": "Fuori dal perimetro del progetto."}},
    ),
    *rows_for(
        "api:pledge-decline",
        only("POST", officers(404, foreign=200), pledge_readers(405)),
        kwargs=lambda w: {"pk": w.torino_pledge.pk},
        payloads={"POST": lambda w: {"reason": "Fuori dal perimetro del progetto."}},
        label="a pledge in another city",
    ),
    # --- match funds: open ones public, the rest the city's officers' ---
    *rows_for(
        "api:fund-list",
        same(officers(405), GET=everyone(200), POST=officers(201)),
        payloads={"POST": lambda w: FUND},
    ),
    *rows_for(
        "api:fund-detail",
        same(
            officers(405), GET=everyone(200), PUT=officers(200, foreign=404), PATCH=officers(200, foreign=404)
        ),
        kwargs=lambda w: {"pk": w.fund.pk},
        payloads={"PUT": lambda w: FUND, "PATCH": lambda w: {"ratio": "0.50"}},
    ),
    *rows_for(
        "api:fund-detail",
        same(
            officers(405),
            GET=roles(404, officer=200),
            PUT=officers(200, foreign=404),
            PATCH=officers(200, foreign=404),
        ),
        kwargs=lambda w: {"pk": w.draft_fund.pk},
        payloads={"PUT": lambda w: FUND, "PATCH": lambda w: {"ratio": "0.50"}},
        label="a draft",
    ),
    *rows_for(
        "api:fund-detail",
        same(
            officers(405),
            GET=roles(404, foreign_officer=200),
            PUT=officers(404, foreign=200),
            PATCH=officers(404, foreign=200),
        ),
        kwargs=lambda w: {"pk": w.torino_fund.pk},
        payloads={"PUT": lambda w: FUND, "PATCH": lambda w: {"ratio": "0.50"}},
        label="another city's draft",
    ),
    *rows_for(
        "api:fund-open",
        only("POST", officers(200, foreign=404), officers(405)),
        kwargs=lambda w: {"pk": w.draft_fund.pk},
    ),
    *rows_for(
        "api:fund-open",
        only("POST", officers(404, foreign=200), officers(405)),
        kwargs=lambda w: {"pk": w.torino_fund.pk},
        label="another city's fund",
    ),
    *rows_for(
        "api:fund-close",
        only("POST", officers(200, foreign=404), officers(405)),
        kwargs=lambda w: {"pk": w.fund.pk},
    ),
    *rows_for(
        "api:fund-simulation",
        only("GET", officers(200, foreign=404), officers(405)),
        kwargs=lambda w: {"pk": w.draft_fund.pk},
    ),
    # --- matches with their reasons ---
    *rows_for("api:recommendation-list", only("GET", company(200), company(405))),
    *rows_for(
        "api:candidates-detail",
        only("GET", officers(200, foreign=404), officers(405)),
        kwargs=lambda w: {"slug": w.project.slug},
    ),
    *rows_for(
        "api:candidates-detail",
        only("GET", officers(404, foreign=200), officers(405)),
        kwargs=lambda w: {"slug": w.torino_project.slug},
        label="another city's project",
    ),
    *rows_for(
        "api:candidates-coalition",
        only("GET", officers(200, foreign=404), officers(405)),
        kwargs=lambda w: {"slug": w.project.slug},
    ),
    # --- impact (public) ---
    *read_only("api:impact-detail", kwargs=lambda w: {"slug": w.milano.slug}),
    # --- one's own API token ---
    *rows_for(
        "api:auth-token",
        same(
            roles(405, anonymous=ANON),
            GET=roles(200, anonymous=ANON),
            POST=roles(200, anonymous=ANON),
            DELETE=roles(204, anonymous=ANON),
        ),
        payloads={"POST": lambda w: {}},
    ),
    *rows_for(
        "api:auth-token",
        same(
            roles(405, anonymous=ANON),
            GET=roles(200, anonymous=ANON),
            POST=everyone(200),
            DELETE=roles(204, anonymous=ANON),
        ),
        payloads={"POST": lambda w: {"username": "company", "password": factories.DEMO_PASSWORD}},
        label="with a username and password",
    ),
    *rows_for("api:auth-token-rotate", only("POST", roles(200, anonymous=ANON), roles(405, anonymous=ANON))),
]


def build(world) -> None:
    """A company that may be named in public; a site of each Milano company; an accepted pledge of each;
    a pledge in Torino; an open and a draft fund in Milano, a draft in Torino; the company's match."""
    world.named_company = factories.CompanyFactory(city=world.milano, public_consent=True)
    world.site = factories.SiteFactory(company=world.company, name="Sede Bicocca")
    world.other_site = factories.SiteFactory(company=world.other_company, name="Sede Lambrate")
    accepted = {"status": Pledge.Status.ACCEPTED, "decided_at": timezone.now(), "quantity": Decimal("500.00")}
    world.accepted_pledge = factories.PledgeFactory(need=world.funding, company=world.company, **accepted)
    world.other_accepted_pledge = factories.PledgeFactory(
        need=world.funding, company=world.other_company, **accepted
    )
    world.torino_pledge = factories.PledgeFactory(need=factories.NeedFactory(project=world.torino_project))
    world.fund = factories.FundFactory(city=world.milano)
    world.draft_fund = factories.FundFactory(city=world.milano, status=Fund.Status.DRAFT)
    world.torino_fund = factories.FundFactory(city=world.torino, status=Fund.Status.DRAFT)
    factories.MatchFactory(
        project=world.project, company=world.company, rank_for_company=1, rank_for_project=1, score=0.8
    )
