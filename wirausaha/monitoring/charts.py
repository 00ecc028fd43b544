"""The funnel's bars, laid out for the server-drawn SVG (pure: no Django)."""

ROW = 30
WIDTH = 640
LABEL = 230


def funnel_chart(steps: list[dict]) -> dict:
    """One bar per step, its length proportional to the largest step."""
    highest = max((s["count"] for s in steps), default=0) or 1
    room = WIDTH - LABEL - 70
    bars = [
        {
            "label": s["label"],
            "count": s["count"],
            "y": i * ROW + 4,
            "text_y": i * ROW + 20,
            "width": max(1, round(room * s["count"] / highest)) if s["count"] else 0,
            "value_x": LABEL + (round(room * s["count"] / highest) if s["count"] else 0) + 6,
        }
        for i, s in enumerate(steps)
    ]
    return {"width": WIDTH, "height": len(steps) * ROW + 8, "label_width": LABEL, "bars": bars}
