"""The language switcher: links to the same page in each language.

Links, not a form: the URL itself names the language (`/en/...`, Italian unprefixed), so switching needs
no cookie and no CSRF token, and a public page stays the same for every anonymous visitor (cacheable).
"""

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag
def language_url(request: HttpRequest, language: str) -> str:
    """This page's URL in `language`, query string included."""
    return translate_url(request.get_full_path(), language)
