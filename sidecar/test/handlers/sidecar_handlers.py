"""Small handlers for the sidecar integration tests.

Each function is one behaviour the tests need. A handler records its
calls in the file named by TEST_CALLS_FILE when that variable is set, so
a test can prove the handler was, or was not, called.
"""

import os
import time


def _record(payload):
    path = os.environ.get("TEST_CALLS_FILE")
    if path:
        with open(path, "a") as out:
            tag = payload.get("tag") if isinstance(payload, dict) else payload
            out.write("%s\n" % tag)


def echo(payload):
    _record(payload)
    return payload


def visit(payload):
    """Appends this actor's name (TEST_ACTOR) to payload["visited"]."""
    visited = list(payload.get("visited", []))
    visited.append(os.environ["TEST_ACTOR"])
    return dict(payload, visited=visited)


def fail(payload):
    raise ValueError("handler refused the payload")


def fan_out(payload):
    return [dict(payload, part=index) for index in range(3)]


def empty(payload):
    return None


def slow(payload):
    _record(payload)
    time.sleep(float(payload.get("sleep", 0)))
    return payload


def stay(envelope):
    """Envelope mode: returns the envelope without advancing the route."""
    return envelope


def grow(payload):
    """Returns a payload of payload["size"] characters."""
    return {"blob": "x" * int(payload["size"])}
