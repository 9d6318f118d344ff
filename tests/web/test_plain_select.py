"""PlainSelect writes the markup Django's Select writes through its templates."""

import re

from django import forms

from web.widgets import PlainSelect

CHOICES = [("", "Tutti"), ("a&b", "Verde <e> clima"), ("education", "Educazione")]
GROUPED = [
    ("", "Tutti"),
    ("Municipio 1", [("1", "Brera"), ("2", "Centro")]),
    ("Municipio 2", [("3", "Greco")]),
]


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_plain_select_renders_as_djangos_select_with_the_value_selected_and_text_escaped() -> None:
    attrs = {"id": "id_theme", "aria-invalid": "true", "required": True}

    plain = PlainSelect(choices=CHOICES).render("theme", "a&b", attrs=attrs)
    django = forms.Select(choices=CHOICES).render("theme", "a&b", attrs=attrs)

    assert plain == squeezed(django)
    assert '<option value="a&amp;b" selected>Verde &lt;e&gt; clima</option>' in plain


def test_plain_select_renders_option_groups_as_djangos_select() -> None:
    plain = PlainSelect(choices=GROUPED).render("neighbourhood", "3", attrs={"id": "id_neighbourhood"})
    django = forms.Select(choices=GROUPED).render("neighbourhood", "3", attrs={"id": "id_neighbourhood"})

    assert plain == squeezed(django)
