"""The language switcher's `next` URL.

With `prefix_default_language=False`, Django's `set_language` runs under the default language, where an
`/en/...` path does not resolve, so it cannot translate it back to Italian. Sending the default-language
form of the current URL (resolved here, under the page's own language) lets it translate both ways.
"""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag
def default_language_url(request: HttpRequest) -> str:
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
