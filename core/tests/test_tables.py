"""Every DSFR table goes through ``{% dsfr_table %}``: a scrolling region reachable by keyboard, named by its caption."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError

TABLE = Template(
    '{% load qv_tables %}{% dsfr_table "fr-table--sm" %}<table><caption>{{ c }}</caption></table>{% enddsfr_table %}'
    "{% dsfr_table %}<table><caption>{{ c }}</caption></table>{% enddsfr_table %}"
)


def test_the_scrolling_container_is_focusable_and_named_by_a_unique_caption_id():
    html = TABLE.render(Context({"c": "Jalons <b>"}))
    containers = re.findall(
        r'<div class="fr-table__container" tabindex="0" role="region" aria-labelledby="([^"]+)">', html
    )
    captions = re.findall(r'<caption id="([^"]+)">Jalons &lt;b&gt;</caption>', html)
    assert len(containers) == 2 and containers == captions and len(set(captions)) == 2
    assert html.startswith('<div class="fr-table fr-table--sm"><div class="fr-table__wrapper">')
    assert TABLE.render(Context({"c": "Jalons <b>"})) == html  # the same page renders the same ids


def test_a_table_without_caption_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load qv_tables %}{% dsfr_table %}<table></table>{% enddsfr_table %}").render(Context())


def test_no_template_writes_a_dsfr_table_by_hand():
    base = settings.BASE_DIR
    by_hand = [
        str(path.relative_to(base))
        for path in base.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and 'class="fr-table' in path.read_text(encoding="utf-8")
    ]
    assert not by_hand, f"use {{% dsfr_table %}} in {by_hand}"
