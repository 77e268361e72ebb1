"""Two people editing the same record: the race that used to lose the first save.

`race()` loads an edit page in two sessions, lets the first save, then the second save
different values from the page they loaded before; the form data is read from the page's
HTML the way a browser sends it (hidden fields included), so a form that forgets to render
its fingerprint fails here.
"""

from html.parser import HTMLParser

from django.test import Client

from portal.concurrency import FIELD

TEXT_INPUTS = {
    "text", "hidden", "email", "url", "number", "date", "datetime-local", "time", "tel",
    "search", "",
}  # fmt: skip


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name") and "disabled" not in attrs:
            kind = (attrs.get("type") or "").lower()
            if kind in TEXT_INPUTS:
                self._form.append((attrs["name"], attrs.get("value") or ""))
            elif kind in ("checkbox", "radio") and "checked" in attrs:
                value = attrs.get("value")
                self._form.append((attrs["name"], "on" if value is None else value))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline that follows <textarea>.
            self._form.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self._form.extend((self._select["name"], value) for value in chosen)
            self._select = None


def form_data(response, field):
    """The post data of the page's form that holds `field`, as a dict of lists."""
    parser = _Forms()
    parser.feed(response.content.decode())
    for pairs in parser.forms:
        if any(name == field for name, _value in pairs):
            data = {}
            for name, value in pairs:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form on the page has the field {field!r}")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def race(url, first, second, field, first_value, second_value, *, stored, extra=None, shown=None):
    """The race, step by step, with what each step must show. `stored()` reads the field
    from the database; `extra` is what both people fill in besides (a reason for a change);
    `shown` is how the first value reads in the conflict message, when not as typed.
    Returns the second person's conflict response."""
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200
    first_data, second_data = form_data(first_page, field), form_data(second_page, field)
    assert any(name.endswith(FIELD) and values[0] for name, values in second_data.items()), (
        "the edit form does not carry its fingerprint"
    )

    first_data.update(extra or {})
    second_data.update(extra or {})
    first_data[field] = [first_value]
    saved = first.post(url, first_data)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    assert stored() == first_value

    second_data[field] = [second_value]
    conflict = second.post(url, second_data)
    # Refused, not saved over the first person's value (a page that answers a form with
    # errors with 400 says so here too) ...
    assert conflict.status_code in (200, 400)
    assert stored() == first_value
    # ... the field named, with the value the first person saved ...
    errors = conflict_errors(conflict, field)
    assert any(str(shown or first_value) in error for error in errors), errors
    # ... and what the second person typed still in the form.
    again = form_data(conflict, field)
    assert again[field] == [second_value]

    # Saving again is on purpose: it saves the second person's value.
    resaved = second.post(url, again)
    assert resaved.status_code == 302, resaved.context["form"].errors
    assert stored() == second_value
    return conflict


def conflict_errors(response, field):
    """The errors shown on `field` (a formset field by its prefixed name)."""
    errors = []
    for key in ("form", "formset"):
        item = response.context.get(key)
        for form in getattr(item, "forms", [item] if item is not None else []):
            for name, messages in form.errors.items():
                if form.add_prefix(name) == field or name == field:
                    errors.extend(messages)
    return errors
