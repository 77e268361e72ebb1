#!/bin/sh
# Installs the Debian packages the portal and its tests need, where they are missing and we
# are root; otherwise says what is missing (the browser tests then skip and say why).
# PYTHON is the interpreter the venv is made from: psycopg2 is compiled against its headers.
python=${PYTHON:-python3}
missing=""
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$missing libharfbuzz-subset0"
fc-list 2>/dev/null | grep -qi dejavu || missing="$missing fonts-dejavu-core"
# psycopg2 is built from source against the system's libpq: pg_config, a C compiler and
# the Python headers.
command -v pg_config >/dev/null 2>&1 || missing="$missing libpq-dev"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
"$python" -c 'import os, sysconfig, sys
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    2>/dev/null || missing="$missing python3-dev"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "Missing Debian packages:$missing"
    echo "Install them with: sudo apt-get install$missing"
    echo "(psycopg2 cannot be built without libpq-dev, gcc and python3-dev;"
    echo " the browser tests are skipped without chromium)"
fi
