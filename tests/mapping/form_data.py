"""Form posts of the mapping's pages, shared by the tests of several apps."""


def meeting_data(**changes):
    data = {
        "kind": "dialogue",
        "title": "Dialogmøde om lokale indkøb",
        "starts_at": "2026-11-27T10:00",
        "ends_at": "2026-11-27T12:30",
        "place": "Haderslev Rådhus, mødelokale 2",
        "organiser": "",
        "organisations": [],
        "contacts": [],
        "agenda": "Velkomst\nHvad kan kommunen købe lokalt?",
        "minutes": "",
    }
    data.update(changes)
    return data


def effect_data(index, **values):
    fields = {
        "description": "Unge i praktik",
        "value": "14",
        "unit": "personer",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
    }
    fields.update(values)
    return {f"effects-{index}-{name}": value for name, value in fields.items() if value is not None}


def form_data(organisation, *effects, initial=0, **case_fields):
    """A POST of the case form with `effects` (dicts from effect_data) as the formset."""
    data = {
        "organisation": organisation.pk,
        "title": "Fra praktik til job",
        "problem": "Unge uden job",
        "method": "Praktik med mentor",
        "effects-TOTAL_FORMS": str(len(effects)),
        "effects-INITIAL_FORMS": str(initial),
        "effects-MIN_NUM_FORMS": "0",
        "effects-MAX_NUM_FORMS": "1000",
        **case_fields,
    }
    for effect in effects:
        data.update(effect)
    return data
