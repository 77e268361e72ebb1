#!/bin/sh
# Fails when the code has a string that the Danish catalogue lacks, or any entry is fuzzy or
# untranslated. Extracts into the real catalogue, checks it, then puts the original back, so
# the work tree is left as it was.
set -eu
po=locale/da/LC_MESSAGES/django.po
backup=$(mktemp)
cp "$po" "$backup"
trap 'cp "$backup" "$po"; rm -f "$backup"' EXIT
DEBUG=1 .venv/bin/python manage.py makemessages -l da --ignore=.venv --ignore=var \
    --ignore=bench --ignore=tests --no-obsolete --verbosity 0
missing=$(msgattrib --untranslated --only-fuzzy "$po"; msgattrib --untranslated "$po")
if [ -n "$missing" ]; then
    echo "The Danish catalogue is incomplete; translate these in $po:"
    echo "$missing" | grep -A2 '^msgid' | grep -v '^msgid ""$' | head -40
    exit 1
fi
echo "Danish catalogue complete."
