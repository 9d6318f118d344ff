"""Matrix section: projects, needs, initiatives, campaigns, calls, applications, funds."""

from tests.api.matrix import everyone, read_only

ROWS = [
    *read_only("api:project-list"),
    *read_only("api:project-detail", kwargs=lambda w: {"slug": w.project.slug}),
    *read_only(
        "api:project-detail", kwargs=lambda w: {"slug": w.draft.slug}, get=everyone(404), label="a draft"
    ),
]


def build(world) -> None:
    """Objects this section's rows need beyond the shared world (none yet)."""
