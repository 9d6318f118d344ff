"""What every template must hold to, read from its source: nothing inline that our Content-Security-Policy
refuses (scripts, event handlers, style attributes or blocks, javascript: URLs), and a CSRF token in every
form that posts."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _template_dirs() -> list[Path]:
    ours = [Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]]
    ours += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if "site-packages" not in config.path and (Path(config.path) / "templates").is_dir()
    ]
    return ours


TEMPLATES = sorted(path for directory in _template_dirs() for path in directory.rglob("*.html"))
IDS = [str(path.relative_to(ROOT)) for path in TEMPLATES]

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)
FORM = re.compile(r"(<form\b[^>]*>)(.*?)</form>", re.IGNORECASE | re.DOTALL)
POSTS = re.compile(r"\smethod\s*=\s*[\"']?post\b", re.IGNORECASE)
CSRF_TOKEN = re.compile(r"{%\s*csrf_token\s*%}")


def test_the_scan_finds_the_templates() -> None:
    assert ROOT / "templates" / "base.html" in TEMPLATES
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_no_template_holds_an_inline_script_or_style(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tags = TAG.findall(source)

    assert INLINE_SCRIPT.findall(source) == [], "move the script to static/js/ and load it with src="
    assert STYLE_BLOCK.findall(source) == [], "move the rules to static/css/"
    assert [tag for tag in tags if HANDLER.search(tag)] == [], "bind the event in static/js/"
    assert [tag for tag in tags if STYLE_ATTRIBUTE.search(tag)] == [], "use a class from static/css/"
    assert [tag for tag in tags if JAVASCRIPT_URL.search(tag)] == []


@pytest.mark.parametrize("path", TEMPLATES, ids=IDS)
def test_every_form_that_posts_carries_a_csrf_token(path: Path) -> None:
    source = path.read_text(encoding="utf-8")

    forms = FORM.findall(source)

    missing = [opening for opening, body in forms if POSTS.search(opening) and not CSRF_TOKEN.search(body)]

    assert missing == []


def test_the_csrf_scan_sees_the_forms_that_post() -> None:
    posting = [
        opening
        for path in TEMPLATES
        for opening, _body in FORM.findall(path.read_text(encoding="utf-8"))
        if POSTS.search(opening)
    ]
    assert len(posting) > 30


def test_htmx_is_told_not_to_inject_its_indicator_styles() -> None:
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")

    assert '<meta name="htmx-config"' in base
    assert '"includeIndicatorStyles": false' in base
