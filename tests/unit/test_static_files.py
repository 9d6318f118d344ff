"""Production's static files: the hashed manifest builds, so `collectstatic` in the image cannot fail."""

from django.core.management import call_command


def test_collectstatic_builds_the_hashed_manifest_production_serves(settings, tmp_path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = (tmp_path / "staticfiles.json").read_text()
    for path in ("vendor/htmx/htmx.min.js", "vendor/leaflet/leaflet.js", "vendor/chartjs/chart.umd.min.js",
                 "css/app.css", "js/need-map.js"):  # fmt: skip
        assert f'"{path}"' in manifest, path
