"""The company member's own pages: one scoped getter, so another company's data is never reachable."""

from django.http import Http404, HttpRequest

from accounts.roles import company_of
from companies.models import Company
from neighborhoods.models import City


def member_company(request: HttpRequest, city: City) -> Company:
    """The company the signed-in user acts for in this city; 404 for anyone else."""
    company = company_of(request.user)
    if company is None or company.city_id != city.pk:
        raise Http404
    return company
