"""Writing a service's cleaned values onto a model row, as a ModelForm would have.

Services take plain keyword arguments (never a bound form): the values of the row's own
fields arrive as `**values`, checked against the names the service accepts, and are written
with each model field's own `save_form_data` (a file field is given a new upload, or False
to clear it). Many-to-many values wait until the row has a primary key.
"""

from django.db import models


def assign(instance, values, *, fields):
    """Write `values` (field name -> value) onto `instance`; returns the many-to-many ones,
    for `assign_related` once the row is saved. A name outside `fields` is a caller's
    mistake (TypeError), never silently written: `fields` is what the service lets change."""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable field {', '.join(unknown)}")
    related, files = {}, []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related[name] = value
        elif isinstance(field, models.FileField):
            files.append((field, value))  # last, as a ModelForm does: upload_to may read others
        else:
            field.save_form_data(instance, value)
    for field, value in files:
        field.save_form_data(instance, value)
    return related


def assign_related(instance, related):
    """Set the many-to-many values that `assign` returned, on the saved `instance`."""
    for name, value in related.items():
        getattr(instance, name).set(value)


def snapshot(instance, names):
    """What `instance` holds in the fields `names`, comparable with another snapshot of the
    same row: to tell which fields a save changed (a file by its name, many-to-many by the
    primary keys)."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).all() if instance.pk else []
            values[name] = sorted(item.pk for item in related)
        elif isinstance(field, models.FileField):
            values[name] = getattr(instance, name).name or ""
        else:
            values[name] = field.value_from_object(instance)
    return values
