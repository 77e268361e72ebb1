"""The interim report's charts as inline SVG: vector in the PDF, no JavaScript, no raster.

These functions only compute where things go; the templates in
mapping/templates/mapping/reports/pdf/includes/ draw them. Each chart's numbers are also
given as a table next to it, for readers who cannot see it.
"""

import math

from mapping import grid
from portal.formatting import number

# Longer labels are cut with an ellipsis in the chart; the table beside it has them whole.
LABEL_CHARS = 48


def _cut(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items, *, series):
    """A horizontal bar chart, one bar per item, its series stacked left to right.

    `items`: [{"label": str, "values": [int, one per series]}]; `series`: [{"label",
    "fill", "stroke"}]. The text after each bar gives the figures (``3 + 1``), so the chart
    reads without telling the series apart by colour; the series also differ in fill (solid
    and outlined), which survives printing in black and white.
    """
    label_width, bar_width, value_width = 250, 300, 90
    row_height, bar_height, top = 24, 15, 30
    width = label_width + bar_width + value_width
    plot_bottom = top + row_height * max(len(items), 1) + 4
    height = plot_bottom + 18  # room for the scale's figures under the plot
    largest = max([sum(item["values"]) for item in items] + [1])
    scale = bar_width / largest
    bars = []
    for index, item in enumerate(items):
        y = top + index * row_height
        x = label_width
        segments = []
        for value, style in zip(item["values"], series, strict=True):
            w = round(value * scale, 1)
            if value:
                segments.append(
                    {
                        "x": round(x, 1),
                        "y": y + (row_height - bar_height) / 2,
                        "width": max(w, 1.5),
                        "height": bar_height,
                        "fill": style["fill"],
                        "stroke": style["stroke"],
                    }
                )
            x += w
        total = sum(item["values"])
        parts = " + ".join(number(v) for v in item["values"])
        bars.append(
            {
                "label": _cut(item["label"]),
                "label_x": label_width - 8,
                "text_y": y + row_height / 2 + 4,
                "segments": segments,
                "value_x": round(x + 6, 1),
                "value": parts if len(series) > 1 and total else number(total),
            }
        )
    legend = []
    x = label_width
    for style in series if len(series) > 1 else []:
        legend.append({**style, "x": x, "text_x": x + 18})
        x += 18 + 8 * len(str(style["label"])) + 16
    gridlines = []
    step = _nice_step(largest)
    value = 0
    while value <= largest:
        gridlines.append({"x": round(label_width + value * scale, 1), "value": number(value)})
        value += step
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "legend": legend,
        "gridlines": gridlines,
        "plot_top": top - 4,
        "plot_bottom": plot_bottom,
        "scale_y": plot_bottom + 13,
        "legend_y": 12,
    }


def _nice_step(largest):
    """A round step for about five gridlines: 1, 2, 5, 10, 20, 50, …"""
    raw = max(largest / 5, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


# The influence × interest grid


class Grid(grid.Geometry):
    """The PDF's grid: the sizes are `grid.Geometry`'s own, for an A4 page."""

    @classmethod
    def circle_fields(cls, radius, cell_rows):
        # The cell's largest number must fit in its circle.
        digits = len(str(cell_rows[-1]["number"]))
        return {"font_size": round(radius * 2.2 / max(digits, 2), 1)}


def stakeholder_grid(assessments):
    """The grid's quadrants, axes and numbered points, and the same as rows for the table."""
    rows = [
        {
            "organisation": assessment.organisation,
            "influence": assessment.influence,
            "interest": assessment.interest,
            "quadrant": assessment.quadrant,
            "quadrant_label": assessment.quadrant.label,
        }
        for assessment in assessments
    ]  # within a cell, the assessments' (Danish) order
    return grid.layout(rows, geometry=Grid)
