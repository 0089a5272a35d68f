"""Run a private Bugsink (the local Sentry-compatible collector) for tests and the demo.

Usage (with the venv that `scripts/ensure.sh python` makes):

    .tools/venv/bin/python tests/support/bugsink.py serve --dir DIR --port P [--quota N]

A fresh DIR gets a local-mode Bugsink: SQLite databases, ingest store and config all
inside DIR, an `admin` superuser with a random password, a team, a project and a
full-access API token. A DIR used before is reused as it is (issues persist), only the
config is rewritten for the port and quota of this run.

stdout gets exactly one JSON line, `{"url","dsn","project_id","token","user","password"}`,
then the server (Django's runserver, threaded, no autoreload) runs in the foreground on
127.0.0.1:P until killed; its own log goes to stderr. Ready when `/health/ready` answers.

Migrating two databases takes seconds, so a migrated pair is kept once per Bugsink
version in `.cache/bugsink-template/<version>/` and copied into each fresh DIR.

Requests are handled one at a time (threads still accept connections, so an idle socket
blocks nothing). With tasks inline, each ingest digests its event inside a `BEGIN IMMEDIATE`
SQLite transaction, and Bugsink's write semaphore is off in that mode: a few concurrent
pages made threaded runserver answer 500 "database is locked" (56-65 times per run of
tests/e2e/faults.test.mjs), enough to keep events out for longer than a test waits.

Leaves out: gunicorn, the snappea worker (tasks run inline), email, phone-home.
"""

import argparse
import fcntl
import json
import os
import secrets
import shutil
import sys
import tempfile
from importlib.metadata import version

# This file is named bugsink.py: keep its own folder off the import path, or it shadows the package.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUGSINK_VERSION = version("bugsink")
TEMPLATE_ROOT = os.path.join(REPO, ".cache", "bugsink-template")
DATABASES = ("db.sqlite3", "snappea.sqlite3")
STATE = "faultline-bugsink.json"  # who/what this DIR was set up with
USER = "admin"

CONF = '''\
# Written by faultline tests/support/bugsink.py; rewritten on every start.
import os
from bugsink.settings.default import *  # noqa
from bugsink.conf_utils import eat_your_own_dogfood

_HERE = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = {secret_key!r}
SENTRY_DSN = None
eat_your_own_dogfood(SENTRY_DSN)
TIME_ZONE = "UTC"

DATABASES["default"]["NAME"] = os.path.join(_HERE, "db.sqlite3")
DATABASES["default"]["TEST"]["NAME"] = os.path.join(_HERE, "test.sqlite3")
DATABASES["snappea"]["NAME"] = os.path.join(_HERE, "snappea.sqlite3")

SNAPPEA = {{
    "TASK_ALWAYS_EAGER": True,
    "WAKEUP_CALLS_DIR": os.path.join(_HERE, "snappea.wakeup"),
}}

EMAIL_BACKEND = "bugsink.email_backends.QuietConsoleEmailBackend"

CB_ANYBODY = "CB_ANYBODY"
CB_MEMBERS = "CB_MEMBERS"
CB_ADMINS = "CB_ADMINS"
CB_NOBODY = "CB_NOBODY"

BUGSINK = {{
    "BASE_URL": {base_url!r},
    "SINGLE_USER": True,
    "SINGLE_TEAM": True,
    "USER_REGISTRATION": CB_NOBODY,
    "INGEST_STORE_BASE_DIR": os.path.join(_HERE, "ingestion"),
    "PHONEHOME": False,  # no network here, and none wanted
{extra}}}
'''


def write_conf(d, port, quota):
    key_file = os.path.join(d, "secret_key")
    if not os.path.exists(key_file):
        with open(key_file, "w") as f:
            f.write(secrets.token_urlsafe(50))
    with open(key_file) as f:
        secret_key = f.read().strip()
    extra = ""
    if quota is not None:
        extra = f'    "MAX_EVENTS_PER_PROJECT_PER_5_MINUTES": {int(quota)},\n'
    with open(os.path.join(d, "bugsink_conf.py"), "w") as f:
        f.write(CONF.format(secret_key=secret_key, base_url=f"http://127.0.0.1:{port}", extra=extra))


def django_setup(d):
    """Point Django at DIR's config (in this process: only once per process)."""
    os.chdir(d)
    sys.path.insert(0, d)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bugsink_conf"
    import django
    django.setup()


def migrate():
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", database="snappea", verbosity=0, interactive=False)


def ensure_template():
    """Return the dir holding migrated, empty databases for this Bugsink version, making it once."""
    tdir = os.path.join(TEMPLATE_ROOT, BUGSINK_VERSION)
    if all(os.path.exists(os.path.join(tdir, db)) for db in DATABASES):
        return tdir
    os.makedirs(TEMPLATE_ROOT, exist_ok=True)
    with open(os.path.join(TEMPLATE_ROOT, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test files: one migrates, the others wait
        if all(os.path.exists(os.path.join(tdir, db)) for db in DATABASES):
            return tdir
        work = tempfile.mkdtemp(prefix="tmpl-", dir=TEMPLATE_ROOT)
        # Migrate in a child process: this process will set Django up for the real DIR.
        import subprocess
        subprocess.run([sys.executable, os.path.abspath(__file__), "_migrate", "--dir", work], check=True)
        for junk in os.listdir(work):
            if junk not in DATABASES:
                p = os.path.join(work, junk)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
        shutil.rmtree(tdir, ignore_errors=True)
        os.rename(work, tdir)
    return tdir


def create_accounts():
    """Superuser, team, project (with memberships) and a full-access token; returns the state dict."""
    from django.contrib.auth import get_user_model
    from teams.models import Team, TeamMembership, TeamRole
    from projects.models import Project, ProjectMembership, ProjectRole
    from bsmain.models import AuthToken

    password = secrets.token_urlsafe(12)
    user = get_user_model().objects.create_superuser(USER, email="admin@example.invalid", password=password)
    team = Team.objects.create(name="faultline")
    TeamMembership.objects.create(team=team, user=user, role=TeamRole.ADMIN, accepted=True)
    project = Project.objects.create(team=team, name="faultline")
    ProjectMembership.objects.create(project=project, user=user, role=ProjectRole.ADMIN, accepted=True)
    token = AuthToken.create_full_access(description="faultline tests").token
    return {"bugsink": BUGSINK_VERSION, "user": USER, "password": password,
            "project_id": project.id, "token": token}


def serve(args):
    d = os.path.abspath(args.dir)
    os.makedirs(d, exist_ok=True)
    state_file = os.path.join(d, STATE)
    fresh = not os.path.exists(state_file)
    if fresh:
        tdir = ensure_template()
        for db in DATABASES:
            shutil.copyfile(os.path.join(tdir, db), os.path.join(d, db))
    write_conf(d, args.port, args.quota)
    django_setup(d)

    if fresh:
        state = create_accounts()
        with open(state_file, "w") as f:
            json.dump(state, f, indent=2)
    else:
        with open(state_file) as f:
            state = json.load(f)
        if state.get("bugsink") != BUGSINK_VERSION:  # DIR made by another Bugsink: bring it up to date
            migrate()
            state["bugsink"] = BUGSINK_VERSION
            with open(state_file, "w") as f:
                json.dump(state, f, indent=2)

    from projects.models import Project
    project = Project.objects.get(id=state["project_id"])
    info = {
        "url": f"http://127.0.0.1:{args.port}",
        "dsn": project.dsn,
        "project_id": project.id,
        "token": state["token"],
        "user": state["user"],
        "password": state["password"],
    }
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    os.dup2(2, 1)  # the server's chatter goes to stderr; stdout carried exactly one line

    from django.db import connections
    connections.close_all()
    serialize_requests()
    from django.core.management import execute_from_command_line
    execute_from_command_line(["bugsink-manage", "runserver", f"127.0.0.1:{args.port}",
                               "--noreload", "--skip-checks"])


def serialize_requests():
    """Make runserver's WSGI app take one request at a time (see the module doc for why)."""
    import threading
    from django.core.management.commands import runserver
    lock = threading.Lock()
    run = runserver.run

    def run_serially(addr, port, wsgi_handler, *args, **kwargs):
        def one_at_a_time(environ, start_response):
            with lock:
                return wsgi_handler(environ, start_response)
        return run(addr, port, one_at_a_time, *args, **kwargs)

    runserver.run = run_serially


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="set up DIR if fresh, print the JSON line, run the server")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--quota", type=int, default=None, help="MAX_EVENTS_PER_PROJECT_PER_5_MINUTES")
    m = sub.add_parser("_migrate", help=argparse.SUPPRESS)
    m.add_argument("--dir", required=True)
    args = ap.parse_args()

    if args.cmd == "serve":
        serve(args)
    elif args.cmd == "_migrate":
        write_conf(args.dir, 8000, None)
        django_setup(args.dir)
        migrate()


if __name__ == "__main__":
    main()
