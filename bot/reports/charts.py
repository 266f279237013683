"""Bar charts as standalone SVG (stdlib only): no scripts, no external assets, no inline CSS."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 40, 30
BAR = "#2f6f8f"
HIGHLIGHT = "#b5472f"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], highlight_from: int | None = None) -> str:
    """A labelled vertical bar chart; bars from ``highlight_from`` on are drawn in the warning colour."""
    n = max(len(values), 1)
    top = max([*values, 1])
    plot_w = WIDTH - MARGIN_LEFT - 10
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{MARGIN_LEFT}" y="18" font-family="sans-serif" font-size="14" fill="#222">{escape(title)}</text>',
        f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - 10}" y2="{HEIGHT - MARGIN_BOTTOM}" '
        'stroke="#888"/>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 10}" font-family="sans-serif" font-size="10" '
        f'text-anchor="end" fill="#555">{_fmt(top)}</text>',
    ]
    label_every = max(1, n // 24)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * (value / top)
        x = MARGIN_LEFT + i * step + step * 0.1
        y = HEIGHT - MARGIN_BOTTOM - h
        colour = HIGHLIGHT if highlight_from is not None and i >= highlight_from else BAR
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {_fmt(value)}</title></rect>"
        )
        if value and n <= 31:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{y - 3:.1f}" font-family="sans-serif" font-size="9" '
                f'text-anchor="middle" fill="#333">{_fmt(value)}</text>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 14}" font-family="sans-serif" '
                f'font-size="10" text-anchor="middle" fill="#333">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return f"{value:g}"


CHARTS = ("by_hour", "by_weekday", "by_month", "per_child")


def chart(name: str, figures: dict[str, object]) -> str:
    """One named chart of a report's figures."""
    if name == "by_hour":
        hours = list(figures["episodes_by_hour"])  # type: ignore[call-overload]
        return bar_chart("Episodes by hour of the day they started", [f"{h:02d}" for h in range(24)], hours)
    if name == "by_weekday":
        days: dict[str, int] = figures["episodes_by_weekday"]  # type: ignore[assignment]
        return bar_chart("Episodes by day of the week", list(days), list(days.values()))
    if name == "by_month":
        months: dict[str, int] = figures["episodes_by_month"]  # type: ignore[assignment]
        return bar_chart("Episodes by month", [m[2:] for m in months], list(months.values()))
    if name == "per_child":
        rows: list[dict[str, int]] = figures["episodes_per_child"]  # type: ignore[assignment]
        threshold = 3
        labels = [str(r["episodes"]) for r in rows]
        first_repeat = next((i for i, r in enumerate(rows) if r["episodes"] >= threshold), None)
        return bar_chart(
            "Children by number of episodes (red: 3 or more)", labels, [r["children"] for r in rows], first_repeat
        )
    raise KeyError(name)
