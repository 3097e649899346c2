"""Takes a while to import, like a module loading a model."""

import time

time.sleep(0.8)


def process(payload):
    return payload
