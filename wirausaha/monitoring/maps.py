"""The province choropleth, drawn by the server as SVG from the simplified boundaries kept with
the app (data/provinsi.json, made by `manage.py simplify_provinces`; see data/PROVENANCE.md)."""

import json
from functools import cache
from pathlib import Path

from . import geometry

PROVINCES_FILE = Path(__file__).parent / "data" / "provinsi.json"
WIDTH = 720


@cache
def provinces() -> dict:
    return json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))


def choropleth(values: dict[str, int]) -> dict:
    """What the template draws: the frame and, per province, its path, colour, name and value."""
    shapes = provinces()
    highest = max(values.values(), default=0)
    return {
        "width": WIDTH,
        "height": round(geometry.height_for(WIDTH)),
        "shapes": [
            {
                "code": code,
                "name": shape["name"],
                "value": values.get(code, 0),
                "fill": geometry.colour_for(values.get(code, 0), highest),
                "d": geometry.path_of(shape["rings"], WIDTH),
            }
            for code, shape in shapes.items()
        ],
        "legend": [{"fill": colour} for colour in geometry.COLOURS],
        "highest": highest,
    }


def names() -> dict[str, str]:
    return {code: shape["name"] for code, shape in provinces().items()}
