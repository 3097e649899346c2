"""Envelope-mode handlers used by the runtime tests."""

import copy


def _advance(envelope):
    envelope["route"]["current"] += 1
    return envelope


def identity(envelope):
    return envelope


def advance(envelope):
    return _advance(envelope)


def extend_route(envelope):
    envelope["route"]["actors"].append("extra")
    return _advance(envelope)


def replace_future(envelope):
    route = envelope["route"]
    route["actors"] = route["actors"][:route["current"] + 1] + ["other"]
    return _advance(envelope)


def fan_out(envelope):
    second = copy.deepcopy(envelope)
    second.update(id=envelope["id"] + "-x", payload={"child": True})
    return [_advance(envelope), second]


def generate(envelope):
    yield dict(envelope)
    yield dict(envelope, payload="second")


def abort(envelope):
    return None


def replace_current(envelope):
    envelope["route"]["actors"][envelope["route"]["current"]] = "impostor"
    return envelope


def replace_past_in_second(envelope):
    bad = {"id": "x", "payload": 1,
           "route": {"actors": ["changed", "b", "c"], "current": 2}}
    return [envelope, bad]


def remove_current(envelope):
    route = envelope["route"]
    del route["actors"][route["current"]]
    return envelope


def missing_payload(envelope):
    del envelope["payload"]
    return envelope


def missing_route(envelope):
    del envelope["route"]
    return envelope


def not_an_object(envelope):
    return ["not", "an", "envelope"]
