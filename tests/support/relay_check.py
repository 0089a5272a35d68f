"""Check Sentry events against Relay's own normaliser (PyPI sentry-relay).

    .tools/venv/bin/python tests/support/relay_check.py < events.json

stdin: a JSON array of event payloads (what the SDK sent as the `event` item).
Each goes through `StoreNormalizer().normalize_event(event)`, the step Sentry's ingestion
runs; whatever it could not accept as sent comes back in the result's `errors`
(e.g. `invalid_data` "expected an unsigned integer" for a string `lineno`).
stdout: one line per error, `event <index> <event_id>: <error as JSON>`, then a summary.
Exit 0 if no event has errors, 1 if any has, 2 on bad input.
"""

import json
import sys

from sentry_relay.processing import StoreNormalizer


def main():
    try:
        events = json.load(sys.stdin)
    except ValueError as e:
        print(f"relay_check: stdin is not JSON: {e}", file=sys.stderr)
        return 2
    if not isinstance(events, list):
        print("relay_check: stdin must be a JSON array of events", file=sys.stderr)
        return 2

    normalizer = StoreNormalizer()
    bad = 0
    for i, event in enumerate(events):
        out = normalizer.normalize_event(event)
        errors = out.get("errors") or []
        if errors:
            bad += 1
            event_id = event.get("event_id") if isinstance(event, dict) else None
            for err in errors:
                print(f"event {i} {event_id}: {json.dumps(err, sort_keys=True)}")
    print(f"relay_check: {len(events)} event(s), {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
