"""The interim report's charts as inline SVG: vector in the PDF, no JavaScript, no raster.

These functions only compute where things go; the templates in
mapping/templates/mapping/reports/pdf/includes/ draw them. Each chart's numbers are also
given as a table next to it, for readers who cannot see it.
"""

import math
from collections import defaultdict

from mapping.models import StakeholderAssessment
from portal.formatting import number

Quadrant = StakeholderAssessment.Quadrant

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

QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: "#f8d7da",
    Quadrant.KEEP_SATISFIED: "#fff3cd",
    Quadrant.KEEP_INFORMED: "#cfe2ff",
    Quadrant.MONITOR: "#e2e3e5",
}


class Grid:
    """Interest along x, influence up y, 1–5 each; HIGH and above count as high."""

    SIZE = 5
    CELL = 110
    LEFT, TOP, RIGHT, BOTTOM = 56, 8, 8, 52
    PAD_X, PAD_TOP, PAD_BOTTOM = 6, 24, 6
    width = LEFT + SIZE * CELL + RIGHT
    height = TOP + SIZE * CELL + BOTTOM

    @classmethod
    def x(cls, interest):
        return cls.LEFT + (interest - 1) * cls.CELL

    @classmethod
    def y(cls, influence):
        return cls.TOP + (cls.SIZE - influence) * cls.CELL

    @classmethod
    def quadrant_box(cls, quadrant):
        high = StakeholderAssessment.HIGH
        high_influence = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_SATISFIED)
        high_interest = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_INFORMED)
        low_cells, high_cells = high - 1, cls.SIZE - high + 1
        return (
            cls.x(high) if high_interest else cls.x(1),
            cls.y(cls.SIZE) if high_influence else cls.y(high - 1),
            (high_cells if high_interest else low_cells) * cls.CELL,
            (high_cells if high_influence else low_cells) * cls.CELL,
        )

    @classmethod
    def spread(cls, influence, interest, count):
        """Centres and radius for `count` circles in one cell, none overlapping."""
        left = cls.x(interest) + cls.PAD_X
        top = cls.y(influence) + cls.PAD_TOP
        width = cls.CELL - 2 * cls.PAD_X
        height = cls.CELL - cls.PAD_TOP - cls.PAD_BOTTOM
        columns = math.ceil(math.sqrt(count * width / height))
        rows = math.ceil(count / columns)
        step_x, step_y = width / columns, height / rows
        radius = max(2.5, min(12.0, min(step_x, step_y) / 2 - 1))
        return [
            (
                round(left + (index % columns + 0.5) * step_x, 1),
                round(top + (index // columns + 0.5) * step_y, 1),
            )
            for index in range(count)
        ], round(radius, 1)


def stakeholder_grid(assessments):
    """The grid's quadrants, axes and numbered points, and the same as rows for the table.

    Each stakeholder gets a number, in its circle and in the table, so that the two can be
    read together. Numbers run quadrant by quadrant, from high influence and interest down.
    """
    quadrant_order = list(Quadrant)
    rows = [
        {
            "organisation": assessment.organisation,
            "influence": assessment.influence,
            "interest": assessment.interest,
            "quadrant": assessment.quadrant,
            "quadrant_label": assessment.quadrant.label,
        }
        for assessment in assessments
    ]
    rows.sort(
        key=lambda row: (
            quadrant_order.index(row["quadrant"]),
            -row["influence"],
            -row["interest"],
        )
    )  # stable: within a cell, the assessments' (Danish) order
    cells = defaultdict(list)
    for number_, row in enumerate(rows, start=1):
        row["number"] = number_
        cells[(row["influence"], row["interest"])].append(row)
    for (influence, interest), members in cells.items():
        centres, radius = Grid.spread(influence, interest, len(members))
        digits = len(str(members[-1]["number"]))
        for row, (cx, cy) in zip(members, centres, strict=True):
            row.update(cx=cx, cy=cy, r=radius, font_size=round(radius * 2.2 / max(digits, 2), 1))

    quadrants = []
    for quadrant in quadrant_order:
        x, y, width, height = Grid.quadrant_box(quadrant)
        quadrants.append(
            {
                "key": quadrant.value,
                "label": quadrant.label,
                "fill": QUADRANT_FILLS[quadrant],
                "count": sum(1 for row in rows if row["quadrant"] == quadrant),
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "label_x": x + 5,
                "label_y": y + 16,
            }
        )
    scale = range(1, Grid.SIZE + 1)
    high = StakeholderAssessment.HIGH
    plot_size = Grid.SIZE * Grid.CELL
    return {
        "rows": rows,
        "quadrants": quadrants,
        "width": Grid.width,
        "height": Grid.height,
        "high": high,
        "plot": {
            "left": Grid.LEFT,
            "top": Grid.TOP,
            "right": Grid.LEFT + plot_size,
            "bottom": Grid.TOP + plot_size,
            "size": plot_size,
        },
        "x_ticks": [{"value": v, "x": Grid.x(v) + Grid.CELL / 2} for v in scale],
        "y_ticks": [{"value": v, "y": Grid.y(v) + Grid.CELL / 2 + 4} for v in scale],
        "lines_x": [Grid.x(v) for v in range(2, Grid.SIZE + 1)],
        "lines_y": [Grid.y(v) + Grid.CELL for v in range(2, Grid.SIZE + 1)],
        "boundary_x": Grid.x(high),
        "boundary_y": Grid.y(high) + Grid.CELL,
        "tick_label_y": Grid.TOP + plot_size + 18,
        "tick_label_x": Grid.LEFT - 10,
        "x_label": {"x": Grid.LEFT + plot_size / 2, "y": Grid.height - 10},
        "y_label": {"x": 18, "y": Grid.TOP + plot_size / 2},
    }
