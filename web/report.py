"""A company's CSR report: what it gave, where and to what, as CSV rows and as a PDF.

The figures come from ledger.impact narrowed to the company; the ESRS lines name the datapoints a
sustainability team copies into its annual report (S1: own workforce, volunteering; S3: affected
communities).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext as _

from companies.models import Company
from ledger.impact import GIVEN, Impact, impact
from ledger.models import Pledge
from projects.models import ImpactReport


@dataclass(frozen=True)
class CsrReport:
    company: Company
    impact: Impact
    pledges: list[Pledge]
    neighbourhoods: int
    people_reached: int
    generated_on: date

    def esrs_lines(self) -> list[tuple[str, str, str]]:
        """(datapoint, description, value) for the report's ESRS section."""
        total = self.impact.total
        return [
            ("S1", _("Volunteer hours given by the workforce"), f"{total.volunteer_hours}"),
            ("S3", _("Funding given to local communities (EUR)"), f"{total.funding_eur}"),
            ("S3", _("Goods given, at declared value (EUR)"), f"{total.goods_eur}"),
            ("S3", _("Total community support (EUR)"), f"{total.total_eur}"),
            ("S3", _("Neighbourhoods supported"), str(self.neighbourhoods)),
            ("S3", _("Projects supported"), str(self.impact.projects)),
            ("S3", _("People reached by completed projects"), str(self.people_reached)),
        ]


def csr_report(*, company: Company, today: date) -> CsrReport:
    figures = impact(city=company.city, company=company)
    pledges = list(
        Pledge.objects.filter(company=company, status__in=GIVEN)
        .select_related("need__project__neighbourhood")
        .order_by("-offered_at")
    )
    project_ids = {pledge.need.project_id for pledge in pledges}
    people = ImpactReport.objects.filter(project_id__in=project_ids).aggregate(total=Sum("people_reached"))
    return CsrReport(
        company=company,
        impact=figures,
        pledges=pledges,
        neighbourhoods=len(figures.by["neighbourhood"]),
        people_reached=people["total"] or 0,
        generated_on=today,
    )


def report_csv(report: CsrReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "key", "label", "funding_eur", "volunteer_hours", "goods_eur", "total_eur"])
    for datapoint, description, value in report.esrs_lines():
        writer.writerow([f"ESRS {datapoint}", "", description, "", "", "", value])
    for dimension, rows in report.impact.by.items():
        for row in rows:
            writer.writerow(
                [
                    dimension,
                    row.key,
                    row.label,
                    row.funding_eur,
                    row.volunteer_hours,
                    row.goods_eur,
                    row.total_eur,
                ]
            )
    return buffer.getvalue()


def report_pdf(report: CsrReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("CSR report"),
        author="MilanPartner",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    grid = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c4d0")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3eefa")),
        ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ])  # fmt: skip
    story = [
        Paragraph(_("CSR report: %(company)s") % {"company": report.company.legal_name}, styles["Title"]),
        Paragraph(
            _("Support given through MilanPartner in %(city)s, as of %(date)s.")
            % {"city": report.company.city.name, "date": report.generated_on.isoformat()},
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(_("ESRS figures"), styles["Heading2"]),
        Table(
            [[_("Datapoint"), _("Description"), _("Value")], *report.esrs_lines()], style=grid, hAlign="LEFT"
        ),
    ]
    titles = {"theme": _("By urban challenge"), "neighbourhood": _("By neighbourhood"), "sdg": _("By SDG")}
    for dimension, title in titles.items():
        rows = [[row.label, f"{row.total_eur}"] for row in report.impact.by[dimension]]
        if rows:
            story += [Spacer(1, 5 * mm), Paragraph(title, styles["Heading2"]),
                      Table([[title, _("Total (EUR)")], *rows], style=grid, hAlign="LEFT")]  # fmt: skip
    document.build(story)
    return buffer.getvalue()
