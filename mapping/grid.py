"""The influence × interest grid, laid out once for the web page and for the PDF.

`layout()` numbers the stakeholders, spreads their circles over the cells and places the
quadrants and the axes; the templates draw the result as inline SVG. The web page and the
PDF differ only in their sizes and in a few fields of their own per circle: each subclasses
`Geometry` for that.
"""

import math
from collections import defaultdict

from mapping.models import StakeholderAssessment

Quadrant = StakeholderAssessment.Quadrant

QUADRANT_ORDER = list(Quadrant)
# Light tints behind the quadrants; the quadrants' names are written in them too, so no
# information is in the colour alone.
QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: "#f8d7da",
    Quadrant.KEEP_SATISFIED: "#fff3cd",
    Quadrant.KEEP_INFORMED: "#cfe2ff",
    Quadrant.MONITOR: "#e2e3e5",
}


class Geometry:
    """Where things go in the grid's SVG: interest along x, influence up y, 1–5 each.

    Subclasses set the sizes; everything else is computed from them.
    """

    SIZE = 5
    CELL = 110
    LEFT, TOP, RIGHT, BOTTOM = 56, 8, 8, 52
    # Room inside a cell: the quadrant's name sits at the top of its upper-left cell.
    PAD_X, PAD_TOP, PAD_BOTTOM = 6, 24, 6
    # A circle's radius: half its share of the cell less R_MARGIN, within R_MIN and R_MAX.
    R_MIN, R_MAX, R_MARGIN = 2.5, 12.0, 1
    # The quadrant's name, from the quadrant's top left corner.
    LABEL_DX, LABEL_DY = 5, 16
    # Ticks: their figures' baseline below a cell's middle, and their distance from the plot.
    TICK_DY, TICK_GAP_X, TICK_GAP_Y = 4, 10, 18
    # The axes' names: influence from the left edge, interest from the bottom edge.
    AXIS_LABEL_X, AXIS_LABEL_BOTTOM = 18, 10

    @classmethod
    def plot_size(cls):
        return cls.SIZE * cls.CELL

    @classmethod
    def width(cls):
        return cls.LEFT + cls.plot_size() + cls.RIGHT

    @classmethod
    def height(cls):
        return cls.TOP + cls.plot_size() + cls.BOTTOM

    @classmethod
    def x(cls, interest):
        return cls.LEFT + (interest - 1) * cls.CELL

    @classmethod
    def y(cls, influence):
        return cls.TOP + (cls.SIZE - influence) * cls.CELL

    @classmethod
    def quadrant_box(cls, quadrant):
        """(x, y, width, height) of a quadrant: values HIGH and above count as high."""
        high = StakeholderAssessment.HIGH
        high_influence = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_SATISFIED)
        high_interest = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_INFORMED)
        low_cells, high_cells = high - 1, cls.SIZE - high + 1
        x = cls.x(high) if high_interest else cls.x(1)
        y = cls.y(cls.SIZE) if high_influence else cls.y(high - 1)
        width = (high_cells if high_interest else low_cells) * cls.CELL
        height = (high_cells if high_influence else low_cells) * cls.CELL
        return x, y, width, height

    @classmethod
    def spread(cls, influence, interest, count):
        """Centres and radius for `count` circles in one cell, on a small grid so that none
        overlap."""
        left = cls.x(interest) + cls.PAD_X
        top = cls.y(influence) + cls.PAD_TOP
        width = cls.CELL - 2 * cls.PAD_X
        height = cls.CELL - cls.PAD_TOP - cls.PAD_BOTTOM
        columns = math.ceil(math.sqrt(count * width / height))
        rows = math.ceil(count / columns)
        step_x, step_y = width / columns, height / rows
        radius = max(cls.R_MIN, min(cls.R_MAX, min(step_x, step_y) / 2 - cls.R_MARGIN))
        return [
            (
                round(left + (index % columns + 0.5) * step_x, 1),
                round(top + (index // columns + 0.5) * step_y, 1),
            )
            for index in range(count)
        ], round(radius, 1)

    @classmethod
    def circle_fields(cls, radius, cell_rows):
        """Fields of a subclass's own for each circle in a cell (the same for all of them)."""
        return {}


def layout(rows, *, geometry):
    """The grid's points, quadrants and axes, and the same data as rows for the table.

    `rows`: dicts with at least "influence", "interest" and "quadrant"; they are sorted
    quadrant by quadrant, from high influence and interest down (stably, so a caller's order
    holds within a cell), numbered, and given their circle's "cx", "cy" and "r". The number
    appears in the circle and in the table, so the chart and the table can be read together.
    """
    rows = sorted(
        rows,
        key=lambda row: (
            QUADRANT_ORDER.index(row["quadrant"]),
            -row["influence"],
            -row["interest"],
        ),
    )
    cells = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        cells[(row["influence"], row["interest"])].append(row)
    for (influence, interest), members in cells.items():
        centres, radius = geometry.spread(influence, interest, len(members))
        extra = geometry.circle_fields(radius, members)
        for row, (cx, cy) in zip(members, centres, strict=True):
            row.update(cx=cx, cy=cy, r=radius, **extra)

    quadrants = []
    for quadrant in QUADRANT_ORDER:
        x, y, width, height = geometry.quadrant_box(quadrant)
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
                "label_x": x + geometry.LABEL_DX,
                "label_y": y + geometry.LABEL_DY,
            }
        )
    scale = range(1, geometry.SIZE + 1)
    high = StakeholderAssessment.HIGH
    size = geometry.plot_size()
    return {
        "rows": rows,
        "quadrants": quadrants,
        "width": geometry.width(),
        "height": geometry.height(),
        "high": high,
        "plot": {
            "left": geometry.LEFT,
            "top": geometry.TOP,
            "right": geometry.LEFT + size,
            "bottom": geometry.TOP + size,
            "size": size,
        },
        "x_ticks": [
            {"value": value, "x": geometry.x(value) + geometry.CELL / 2} for value in scale
        ],
        "y_ticks": [
            {"value": value, "y": geometry.y(value) + geometry.CELL / 2 + geometry.TICK_DY}
            for value in scale
        ],
        "lines_x": [geometry.x(value) for value in range(2, geometry.SIZE + 1)],
        "lines_y": [geometry.y(value) + geometry.CELL for value in range(2, geometry.SIZE + 1)],
        "boundary_x": geometry.x(high),
        "boundary_y": geometry.y(high) + geometry.CELL,
        "tick_label_x": geometry.LEFT - geometry.TICK_GAP_X,
        "tick_label_y": geometry.TOP + size + geometry.TICK_GAP_Y,
        "x_label": {
            "x": geometry.LEFT + size / 2,
            "y": geometry.height() - geometry.AXIS_LABEL_BOTTOM,
        },
        "y_label": {"x": geometry.AXIS_LABEL_X, "y": geometry.TOP + size / 2},
    }
