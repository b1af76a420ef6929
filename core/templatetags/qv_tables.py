"""``{% dsfr_table "extra classes" %}<table><caption>…</caption>…</table>{% enddsfr_table %}``: every DSFR table
in the full markup (``fr-table__wrapper > fr-table__container > fr-table__content``), whose scrolling container
(``fr-table__container``: DSFR sets its ``overflow``) is reachable by keyboard (``tabindex="0"``) and named by the table's caption (``role="region"``,
``aria-labelledby``): on a phone a wide table scrolls sideways, and a keyboard user must be able to scroll it
(axe-core ``scrollable-region-focusable``)."""

from __future__ import annotations

import hashlib
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CAPTION = re.compile(r"<caption(?P<attrs>[^>]*)>")
EXISTING_ID = re.compile(r'\bid="(?P<id>[^"]+)"')


def _caption_id(context: template.Context, caption_html: str) -> str:
    """Derived from the caption, so that a page and its htmx fragment render alike; unique within a render."""
    used: set[str] | None = context.render_context.get("qv_table_ids")
    if used is None:
        used = set()
        context.render_context["qv_table_ids"] = used
    base = f"qv-table-{hashlib.sha256(caption_html.encode()).hexdigest()[:8]}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


class DsfrTableNode(template.Node):
    def __init__(self, nodelist: template.NodeList, classes: template.base.FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.classes = classes

    def render(self, context: template.Context) -> SafeString:
        inner = str(self.nodelist.render(context))
        caption = CAPTION.search(inner)
        if caption is None:
            raise template.TemplateSyntaxError(
                "{% dsfr_table %} needs a <caption>: it names the scrolling region."
            )
        existing = EXISTING_ID.search(caption.group("attrs"))
        if existing:
            caption_id = existing.group("id")
        else:
            caption_id = _caption_id(context, inner[caption.end() : inner.find("</caption>", caption.end())])
            inner = f'{inner[: caption.start()]}<caption id="{caption_id}"{caption.group("attrs")}>{inner[caption.end() :]}'
        extra = str(self.classes.resolve(context, ignore_failures=True) or "") if self.classes else ""
        classes = escape(f"fr-table {extra}".strip())
        return mark_safe(  # noqa: S308 - the inner HTML is the rendered (auto-escaped) template
            f'<div class="{classes}"><div class="fr-table__wrapper">'
            f'<div class="fr-table__container" tabindex="0" role="region" aria-labelledby="{caption_id}">'
            f'<div class="fr-table__content">{inner}</div></div></div></div>'
        )


@register.tag("dsfr_table")
def dsfr_table(parser: template.base.Parser, token: template.base.Token) -> DsfrTableNode:
    bits = token.split_contents()[1:]
    if len(bits) > 1:
        raise template.TemplateSyntaxError("{% dsfr_table %} takes at most one argument: the extra classes.")
    classes = parser.compile_filter(bits[0]) if bits else None
    nodelist = parser.parse(("enddsfr_table",))
    parser.delete_first_token()
    return DsfrTableNode(nodelist, classes)
