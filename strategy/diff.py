"""What changed between two versions of a strategy: pure functions on two snapshots (the
format is in `strategy.snapshot`), no database.

A snapshot is cut into parts keyed by kind and id: the strategy's own fields (title, vision,
period), each focus area, each goal and each action. A part only in the newer snapshot was
added, one only in the older was removed, one in both with different values changed, and
then each changed field is named with its label (the model's verbose name), old and new value.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from mapping.models import Feedback
from portal import formatting
from strategy.models import Action, FocusArea, Goal, Strategy

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
STRATEGY, FOCUS_AREA, GOAL, ACTION = "strategy", "focus_area", "goal", "action"
KINDS = (STRATEGY, FOCUS_AREA, GOAL, ACTION)

# How a value is shown: plain text, a date, kroner, a number, a list of texts, a reference
# to a focus area or goal (shown by its title), a choice (shown by its label).
TEXT, DATE, MONEY, NUMBER, LIST, REF, STATE, THEMES, FEEDBACK = (
    "text",
    "date",
    "money",
    "number",
    "list",
    "ref",
    "state",
    "themes",
    "feedback",
)


def _label(model, name):
    return model._meta.get_field(name).verbose_name


# The compared fields of each kind, in the order the page lists them: (key, label, type).
FIELDS = {
    STRATEGY: [
        ("title", _label(Strategy, "title"), TEXT),
        ("vision", _label(Strategy, "vision"), TEXT),
        ("starts_on", _label(Strategy, "starts_on"), DATE),
        ("ends_on", _label(Strategy, "ends_on"), DATE),
    ],
    FOCUS_AREA: [
        ("position", _label(FocusArea, "position"), NUMBER),
        ("title", _label(FocusArea, "title"), TEXT),
        ("description", _label(FocusArea, "description"), TEXT),
    ],
    GOAL: [
        ("focus_area", _label(Goal, "focus_area"), REF),
        ("position", _label(Goal, "position"), NUMBER),
        ("title", _label(Goal, "title"), TEXT),
        ("description", _label(Goal, "description"), TEXT),
    ],
    ACTION: [
        ("position", _label(Action, "position"), NUMBER),
        ("title", _label(Action, "title"), TEXT),
        ("description", _label(Action, "description"), TEXT),
        ("focus_area", _label(Action, "focus_area"), REF),
        ("goal", _label(Action, "goal"), REF),
        ("owner", _("owner"), TEXT),
        ("partners", _label(Action, "partners"), LIST),
        ("starts_on", _label(Action, "starts_on"), DATE),
        ("ends_on", _label(Action, "ends_on"), DATE),
        ("budget", _label(Action, "budget"), MONEY),
        ("budget_hours", _label(Action, "budget_hours"), NUMBER),
        ("indicator", _label(Action, "indicator"), TEXT),
        ("indicator_unit", _label(Action, "indicator_unit"), TEXT),
        ("baseline", _label(Action, "baseline"), NUMBER),
        ("target", _label(Action, "target"), NUMBER),
        ("state", _label(Action, "state"), STATE),
        ("organisations", _label(Action, "organisations"), LIST),
        ("feedback", _label(Action, "feedback"), FEEDBACK),
        ("feedback_themes", _label(Action, "feedback_themes"), THEMES),
        ("interplay_ideas", _label(Action, "interplay_ideas"), LIST),
        ("potentials", _label(Action, "potentials"), LIST),
    ],
}

KIND_LABELS = {
    STRATEGY: _("Title, vision and period"),
    FOCUS_AREA: FocusArea._meta.verbose_name_plural,
    GOAL: Goal._meta.verbose_name_plural,
    ACTION: Action._meta.verbose_name_plural,
}


SAME, DELETED, INSERTED = "same", "deleted", "inserted"
# Words and the white space between them, so that joining the pieces gives the text back.
_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """The words of `old` and `new` as two lists of (status, text) pieces: in the old text
    the removed words are DELETED, in the new the added ones INSERTED, the rest SAME.
    Joining each list's texts gives the text back."""
    old_words, new_words = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    before, after = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            before.append((SAME, "".join(old_words[i1:i2])))
            after.append((SAME, "".join(new_words[j1:j2])))
            continue
        if i2 > i1:
            before.append((DELETED, "".join(old_words[i1:i2])))
        if j2 > j1:
            after.append((INSERTED, "".join(new_words[j1:j2])))
    return _tidy(before), _tidy(after)


def _tidy(pieces):
    """The pieces with the white space around a changed piece moved out of it (only words
    are marked), and neighbours of the same status joined."""
    result = []
    for status, text in pieces:
        parts = [(status, text)]
        if status != SAME:
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            parts = [(SAME, lead), (status, core), (SAME, trail)]
        for part_status, part_text in parts:
            if not part_text:
                continue
            if result and result[-1][0] == part_status:
                result[-1] = (part_status, result[-1][1] + part_text)
            else:
                result.append((part_status, part_text))
    return result


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    type: str
    old: object
    new: object

    @property
    def old_text(self):
        return display(self.type, self.old)

    @property
    def new_text(self):
        return display(self.type, self.new)

    @property
    def words(self):
        """For a text changed (not added or emptied): the word-level difference, as
        (old pieces, new pieces) of `word_diff`; else None (the values are shown whole)."""
        if self.type != TEXT or not self.old or not self.new:
            return None
        return word_diff(str(self.old), str(self.new))


@dataclass
class PartChange:
    kind: str
    id: int | None
    title: str
    status: str
    fields: list = field(default_factory=list)


@dataclass
class Comparison:
    parts: list

    @property
    def has_changes(self):
        return bool(self.parts)

    def of_kind(self, kind):
        return [part for part in self.parts if part.kind == kind]

    @property
    def groups(self):
        """(kind, label, parts) for each kind with a change, in the page's order."""
        return [
            (kind, KIND_LABELS[kind], self.of_kind(kind)) for kind in KINDS if self.of_kind(kind)
        ]


def parts(snapshot):
    """{(kind, id): values} of a snapshot, in its own order; the strategy's id is None and a
    goal carries its focus area's id."""
    result = {(STRATEGY, None): {key: snapshot.get(key) for key, *_rest in FIELDS[STRATEGY]}}
    for area in snapshot.get("focus_areas", []):
        result[(FOCUS_AREA, area["id"])] = {k: v for k, v in area.items() if k != "goals"}
        for goal in area.get("goals", []):
            result[(GOAL, goal["id"])] = {**goal, "focus_area": area["id"]}
    for action in snapshot.get("actions", []):
        result[(ACTION, action["id"])] = action
    return result


def _titles(snapshot_parts):
    return {
        key: values.get("title", "")
        for key, values in snapshot_parts.items()
        if key[0] in (FOCUS_AREA, GOAL)
    }


def _value(name, value_type, values, titles):
    value = values.get(name)
    if value_type == REF and value is not None:
        kind = FOCUS_AREA if name == "focus_area" else GOAL
        return titles.get((kind, value), "")
    return value


def compare(old, new):
    """The changes from snapshot `old` to snapshot `new`, as a Comparison."""
    old_parts, new_parts = parts(old), parts(new)
    old_titles, new_titles = _titles(old_parts), _titles(new_parts)
    changes = []
    for key, values in new_parts.items():
        kind, part_id = key
        title = values.get("title", "") if kind != STRATEGY else new.get("title", "")
        if key not in old_parts:
            changes.append(PartChange(kind, part_id, title, ADDED))
            continue
        before = old_parts[key]
        fields = [
            FieldChange(
                name,
                label,
                value_type,
                _value(name, value_type, before, old_titles),
                _value(name, value_type, values, new_titles),
            )
            for name, label, value_type in FIELDS[kind]
            if before.get(name) != values.get(name)
        ]
        if fields:
            changes.append(PartChange(kind, part_id, title, CHANGED, fields))
    for key, values in old_parts.items():
        if key not in new_parts:
            changes.append(PartChange(key[0], key[1], values.get("title", ""), REMOVED))
    return Comparison(changes)


def display(value_type, value):
    """A snapshot's value as the page shows it: dates 27.11.2026, amounts 226.875,00 kr."""
    if value in (None, "", []):
        return "–"
    if value_type == DATE:
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if value_type == MONEY:
        return formatting.money(Decimal(value))
    if value_type == NUMBER:
        number = Decimal(str(value))
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return formatting.number(number)
    if value_type == STATE:
        return str(Action.State(value).label) if value in Action.State.values else value
    if value_type == THEMES:
        return ", ".join(
            str(Feedback.Theme(code).label) if code in Feedback.Theme.values else code
            for code in value
        )
    if value_type == FEEDBACK:
        return "; ".join(Truncator(item.get("text", "")).chars(60) for item in value)
    if value_type == LIST:
        return ", ".join(str(item) for item in value)
    return str(value)
