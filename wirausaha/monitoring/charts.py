"""The funnel's bars, laid out for the server-drawn SVG (pure: no Django). Each step's name sits
above its bar, so that the chart keeps a readable size on a 360 px phone as on a desk."""

ROW = 40
WIDTH = 360
VALUE_ROOM = 64


def funnel_chart(steps: list[dict]) -> dict:
    """One bar per step, its length proportional to the largest step."""
    highest = max((s["count"] for s in steps), default=0) or 1
    room = WIDTH - VALUE_ROOM
    bars = []
    for i, s in enumerate(steps):
        width = max(1, round(room * s["count"] / highest)) if s["count"] else 0
        bars.append(
            {
                "label": s["label"],
                "count": s["count"],
                "label_y": i * ROW + 13,
                "y": i * ROW + 18,
                "text_y": i * ROW + 30,
                "width": width,
                "value_x": width + 6,
            }
        )
    return {"width": WIDTH, "height": len(steps) * ROW + 4, "bars": bars}
