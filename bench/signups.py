"""200 people sign up at once for an event with 20 places, through the real request path.

Fills a throw-away PostgreSQL database with 200 users and one public event of 20 places,
starts the portal in a threaded WSGI server on 127.0.0.1 (a port of its own, this process
only), and then, interleaved in the same run:

- 200 plain page views: each user GETs the event page (the baseline);
- 200 sign-ups: each user POSTs the event page's one-click sign-up form,

each batch sent by a bounded pool of client threads (`--concurrency`, 20 by default) over
real HTTP, every request with its user's session and CSRF token. It checks that no request
failed, that exactly 20 are confirmed and 180 are on the waiting list, numbered 1 to 180 in
the order the server served them (which is the order their requests took the event's row
lock), and says how far that order strays from the order the requests were sent. It prints
the wall time of each batch, the median and 90th percentile per request, and the ratio of
sign-ups to page views.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/signups.py

Never touches the developer's database: the data goes in a separate database named after
the configured one with `_bench` appended, dropped at the end (see bench/README.md). The
e-mails the sign-ups send stay in memory.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

from directory import RESULTS_DIR, django, p90, settings, use_throwaway_database  # noqa: E402

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200, help="people signing up (200)")
    parser.add_argument("--places", type=int, default=20, help="the event's places (20)")
    parser.add_argument(
        "--concurrency", type=int, default=20, help="requests in flight at once (20)"
    )
    parser.add_argument("--no-json", action="store_true", help="write no JSON copy")
    args = parser.parse_args()
    if not 1 <= args.places < args.people or not 1 <= args.concurrency <= 50:
        parser.error("--places must be below --people, --concurrency from 1 to 50")
    return args


class Browser:
    """One person's session against the live server: their cookies, and the CSRF token of
    the form on the page they last read."""

    def __init__(self, base, sessionid):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: sessionid}
        self.token = ""

    def _request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - our server
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            request.add_header("Referer", self.base + path)
        opener = urllib.request.build_opener(NoRedirect)
        started = time.perf_counter()
        try:
            response = opener.open(request, timeout=60)
            status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        spent = (time.perf_counter() - started) * 1000
        for header in headers.get_all("Set-Cookie") or []:
            name, _eq, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, content.decode(), spent

    def get(self, path):
        status, html, spent = self._request(path)
        found = CSRF_INPUT.search(html)
        if found:
            self.token = found.group(1)
        return status, spent

    def post(self, path, data):
        status, _html, spent = self._request(path, {"csrfmiddlewaretoken": self.token, **data})
        return status, spent


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_batch(label, work, count, concurrency):
    """`work(n)` for n in 0..count-1 through a pool of `concurrency` threads; the wall time,
    each request's (status, ms, sent, answered), in n order."""
    print(f"{label}: {count} requests, {concurrency} at a time…", flush=True)
    clock = time.perf_counter

    def timed(n):
        sent = clock()
        status, spent = work(n)
        return status, spent, sent, clock()

    start = clock()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(timed, range(count)))
    return clock() - start, results


def main():
    args = parse_args()
    use_throwaway_database()
    django.setup()

    from django.contrib.auth.hashers import make_password
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import timezone

    from network.models import Event, SignUp
    from portal.models import User

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark measures PostgreSQL's row locks: set DATABASE_URL.")
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    warnings.filterwarnings("ignore", message="No directory at")

    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    server = None
    try:
        starts = timezone.now() + timedelta(days=14)
        event = Event.objects.create(
            title="Netværksmøde: Indkøb",
            description="Om indkøb hos socialøkonomiske virksomheder. " * 20,
            kind=Event.Kind.NETWORK,
            place="Rådhuset, Gåskærgade 26, Haderslev",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=args.places,
            state=Event.State.PUBLISHED,
        )
        users = User.objects.bulk_create(
            User(
                username=f"deltager{n:03}",
                first_name="Deltager",
                last_name=f"Nr. {n}",
                email=f"deltager{n:03}@example.dk",
                password=make_password(None),
            )
            for n in range(args.people)
        )
        for user in users:
            user.roles_grant([User.Role.ENTERPRISE])
        sessions = []
        for user in users:
            client = Client()
            client.force_login(user)
            sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
        connection.close()  # the server's threads use their own connections

        server = ThreadedWSGIServer(("127.0.0.1", 0), quiet_handler(), allow_reuse_address=False)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = event.get_absolute_url()
        browsers = [Browser(base, sessionid) for sessionid in sessions]

        # Warm up (untimed): templates compiled, each browser's CSRF cookie and token.
        for browser in browsers:
            status, _ms = browser.get(page)
            assert status == 200, status

        views_wall, views = run_batch(
            "Page views", lambda n: browsers[n].get(page), args.people, args.concurrency
        )
        signups_wall, posts = run_batch(
            "Sign-ups", lambda n: browsers[n].post(page, {}), args.people, args.concurrency
        )

        failed = [(n, r[0]) for n, r in enumerate(views) if r[0] != 200]
        failed += [(n, r[0]) for n, r in enumerate(posts) if r[0] != 302]
        by_user = {
            s.user_id: s for s in SignUp.objects.filter(event=event).order_by("created_at", "pk")
        }
        served = list(by_user.values())
        confirmed = [s for s in served if s.state == SignUp.State.CONFIRMED]
        waiting = [s for s in served if s.state == SignUp.State.WAITING]
        sent_order = sorted(range(args.people), key=lambda n: posts[n][2])
        sent_rank = {users[n].pk: rank for rank, n in enumerate(sent_order)}
        displacement = [abs(sent_rank[s.user_id] - i) for i, s in enumerate(served)]
        checks = {
            "no request failed": not failed,
            f"{args.places} confirmed": len(confirmed) == args.places,
            f"{args.people - args.places} waiting": len(waiting) == args.people - args.places,
            "waiting list 1…n in the order served": [s.position for s in waiting]
            == list(range(1, len(waiting) + 1)),
            "the confirmed were served first": all(
                c.created_at < w.created_at for c in confirmed for w in waiting[:1]
            ),
        }
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        from django.db import connections

        connections.close_all()
        teardown_databases(old_config, verbosity=0)

    def row(label, wall, results):
        times = [r[1] for r in results]
        return {
            "case": label,
            "requests": len(results),
            "wall_s": round(wall, 3),
            "median_ms": round(statistics.median(times), 2),
            "p90_ms": round(p90(times), 2),
            "samples_ms": [round(t, 2) for t in times],
        }

    rows = [row("page views (baseline)", views_wall, views), row("sign-ups", signups_wall, posts)]
    for r in rows:
        r["ratio_wall"] = round(r["wall_s"] / rows[0]["wall_s"], 2)
        r["ratio_median"] = round(r["median_ms"] / rows[0]["median_ms"], 2)
    environment = {
        "database": f"PostgreSQL {connection.pg_version // 10000}",
        "people": args.people,
        "places": args.places,
        "concurrency": args.concurrency,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} CPUs",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "max_displacement": max(displacement),
        "checks": checks,
        "failed": failed[:10],
    }
    print_table(environment, rows)
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS_DIR / f"signups-postgresql-{stamp}.json"
        path.write_text(json.dumps({"environment": environment, "cases": rows}, indent=2))
        print(f"\nWritten to {path.relative_to(ROOT)}")
    if not all(checks.values()):
        raise SystemExit(1)


def quiet_handler():
    """Django's request handler without a log line per request."""
    from django.core.servers.basehttp import WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    return Handler


def print_table(environment, rows):
    e = environment
    print(
        f"\n{e['database']} · {e['people']} people, {e['places']} places · {e['concurrency']} "
        f"requests in flight · Python {e['python']} · {e['machine']}, load "
        f"{e['load_average'][0]}\n"
    )
    header = (
        f"{'case':<22} {'requests':>8} {'wall s':>7} {'median ms':>9} {'p90 ms':>7} "
        f"{'× views (wall)':>14} {'× views (median)':>16}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['case']:<22} {r['requests']:>8} {r['wall_s']:>7.2f} {r['median_ms']:>9.1f} "
            f"{r['p90_ms']:>7.1f} {r['ratio_wall']:>13.2f}× {r['ratio_median']:>15.2f}×"
        )
    print()
    for name, ok in e["checks"].items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    print(
        f"  The order served strays from the order sent by at most {e['max_displacement']} "
        f"places (requests in flight: {e['concurrency']})."
    )
    if e["failed"]:
        print(f"  Failed requests (index, status): {e['failed']}")


if __name__ == "__main__":
    main()
