"""{% table_region %}: the focusable, named box every table scrolls in."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load portal_tables %}" + source).render(Context(context))


def test_it_names_the_region_after_the_tables_caption():
    html = render(
        "{% table_region %}<table><caption class='x'>Cafés &amp; <b>kroer</b></caption>"
        "</table>{% endtable_region %}"
    )
    assert html.startswith(
        '<div class="table-responsive" tabindex="0" role="region" aria-label="Cafés &amp; kroer">'
    )
    assert html.endswith("</table></div>")


def test_it_follows_the_tables_aria_labelledby():
    html = render(
        '{% table_region class="mb-4" %}<table aria-labelledby="upcoming"></table>'
        "{% endtable_region %}"
    )
    assert 'class="table-responsive mb-4"' in html
    assert 'aria-labelledby="upcoming"' in html


def test_it_takes_a_label_and_escapes_it():
    html = render(
        "{% table_region label=name %}<table></table>{% endtable_region %}", name='"Møder"'
    )
    assert 'aria-label="&quot;Møder&quot;"' in html


def test_it_refuses_unknown_options():
    with pytest.raises(TemplateSyntaxError, match="table_region takes"):
        render("{% table_region id=x %}<table></table>{% endtable_region %}")
