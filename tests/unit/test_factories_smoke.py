import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_every_factory_builds_a_valid_saved_object() -> None:
    for factory in [
        factories.NeighbourhoodFactory,
        factories.CompanyFactory,
        factories.SiteFactory,
        factories.OrganisationFactory,
        factories.OfficerFactory,
        factories.CompanyMemberFactory,
        factories.NgoMemberFactory,
        factories.ProjectFactory,
        factories.NeedFactory,
        factories.PledgeFactory,
        factories.EvaluationCriterionFactory,
        factories.ApplicationFactory,
        factories.NeedIndexWeightFactory,
    ]:
        obj = factory()
        obj.full_clean()
        assert obj.pk
