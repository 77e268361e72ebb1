"""Keyboard focus is visible on everything a keyboard user reaches (WCAG 2.4.7 and 1.4.11).

The test tabs through whole pages and, for each focused element, reads the colour of its
focus indicator (outline and box-shadow) and the colour of what lies just outside it, and
computes WCAG's contrast ratio between the two: at least 3:1 for every stop.
"""

import pytest

from portal.models import User
from tests.browser.helpers import log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

# At most this many Tab presses per page: the pages below have fewer stops than that.
MAX_STOPS = 150

# For the focused element: its indicator colours (outline, then box-shadows) and the
# background just outside the indicator, both as [r, g, b, a]; null when nothing is focused.
FOCUS_PROBE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const style = getComputedStyle(el);
  const colours = [];
  const outlineWidth = parseFloat(style.outlineWidth) || 0;
  if (style.outlineStyle !== "none" && outlineWidth >= 2) {
    colours.push(parse(style.outlineColor));
  }
  if (style.boxShadow && style.boxShadow !== "none") {
    for (const m of style.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) colours.push(parse(m[0]));
  }
  // What lies just outside the ring: sample above the element (below it if at the top edge),
  // and compose the backgrounds of the elements stacked at that point.
  const rect = el.getBoundingClientRect();
  const reach = outlineWidth + (parseFloat(style.outlineOffset) || 0) + 1;
  const x = Math.min(Math.max(rect.left + rect.width / 2, 1), innerWidth - 1);
  let y = rect.top - reach;
  if (y < 1) y = rect.bottom + reach;
  const stack = document.elementsFromPoint(x, y)
    .filter((node) => node !== el && !el.contains(node));
  const layers = [];
  for (const node of stack) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) {
    const a = layer[3];
    background = [0, 1, 2].map((i) => layer[i] * a + background[i] * (1 - a)).concat([1]);
  }
  const label = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "")
    .trim().slice(0, 40);
  const classes = el.className ? "." + String(el.className).split(" ").join(".") : "";
  return {
    what: el.tagName.toLowerCase() + classes + " " + label,
    colours: colours.filter(Boolean),
    background: background,
    key: el.outerHTML.slice(0, 200) + rect.top + rect.left,
  };
}
"""


def _luminance(rgb):
    def channel(value):
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second):
    """WCAG 2.1's contrast ratio of two opaque colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _over(colour, background):
    """A translucent colour as it shows on the background."""
    alpha = colour[3]
    return [colour[i] * alpha + background[i] * (1 - alpha) for i in range(3)]


def test_contrast_follows_wcag():
    assert round(contrast([0, 0, 0], [255, 255, 255]), 1) == 21.0
    assert round(contrast([118, 118, 118], [255, 255, 255]), 2) == 4.54
    # Bootstrap's glow on the dark bar: the fault this file guards against.
    glow = _over([13, 110, 253, 0.25], [10, 61, 98])
    assert contrast(glow, [10, 61, 98]) < 1.5


def focus_stops(page):
    """Tab through the page from its top; the probe of each stop until focus comes back."""
    page.locator("body").focus()
    stops, seen = [], set()
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        probe = page.evaluate(FOCUS_PROBE)
        if probe is None or probe["key"] in seen:
            break
        seen.add(probe["key"])
        stops.append(probe)
    return stops


def weak_indicators(stops):
    weak = []
    for stop in stops:
        background = stop["background"]
        best = max(
            (contrast(_over(colour, background), background) for colour in stop["colours"]),
            default=1.0,
        )
        if best < 3:
            weak.append(f"{stop['what']!r}: {best:.2f}:1 on rgb{tuple(background[:3])}")
    return weak


def assert_visible_focus(page, *, at_least):
    stops = focus_stops(page)
    assert len(stops) >= at_least, [stop["what"] for stop in stops]
    weak = weak_indicators(stops)
    assert not weak, "focus indicators under 3:1:\n" + "\n".join(weak)
    return stops


def test_it_shows_focus_on_every_stop_of_the_registration_form(page, area):
    page.goto("/register/")
    stops = assert_visible_focus(page, at_least=30)
    kinds = " ".join(stop["what"] for stop in stops)
    # The skip link, the bar's links, fields, radios and checkboxes, buttons and the footer.
    for kind in ("portal-skip-link", "nav-link", "form-control", "form-check-input", "btn"):
        assert kind in kinds


def test_it_shows_focus_on_the_navigation_and_table_links_of_a_staff_list(page, area):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    for name in ("Café Fælleskøkkenet", "Grønne Hænder"):
        make_organisation(name, area=area)
    log_in(page, leader)
    page.goto("/mapping/organisations/")
    stops = assert_visible_focus(page, at_least=15)
    kinds = " ".join(stop["what"] for stop in stops)
    assert "dropdown-toggle" in kinds
    assert "Café Fælleskøkkenet" in kinds
