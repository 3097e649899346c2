"""Class handlers used by the runtime tests."""

INSTANCES = []


class Counter(object):
    def __init__(self, start=10):
        INSTANCES.append(self)
        self.calls = start

    def process(self, payload):
        self.calls += 1
        return {"calls": self.calls, "instances": len(INSTANCES)}


class NeedsArgument(object):
    def __init__(self, model_path):
        self.model_path = model_path

    def process(self, payload):
        return payload


class RaisingConstructor(object):
    def __init__(self):
        raise RuntimeError("model file is corrupt")

    def process(self, payload):
        return payload


class NotCallable(object):
    process = 3


class Empty(object):
    pass


not_a_class = 7
