"""Payload-mode handlers used by the runtime tests."""

import asyncio
import datetime
import time


def echo(payload):
    return payload


def to_text(payload):
    return "text"


def to_number(payload):
    return 42.5


def to_tuple(payload):
    return (1, 2)


def fan_out(payload):
    return [payload, {"second": True}, "third"]


def one_item(payload):
    return [{"only": True}]


def abort_none(payload):
    return None


def abort_empty(payload):
    return []


def generate(payload):
    for index in range(3):
        yield {"index": index}


def generate_nothing(payload):
    return
    yield  # makes this a generator


async def async_echo(payload):
    await asyncio.sleep(0)
    return {"async": payload}


async def async_generate(payload):
    for index in range(2):
        await asyncio.sleep(0)
        yield {"index": index}


def sleep(payload):
    time.sleep(payload["seconds"])
    return {"slept": payload["seconds"]}


def raise_value_error(payload):
    raise ValueError("bad value")


def raise_memory_error(payload):
    raise MemoryError("out of host memory")


class OutOfMemoryError(RuntimeError):
    """Shaped like torch.cuda.OutOfMemoryError."""


def raise_cuda_oom(payload):
    raise OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


def raise_system_exit(payload):
    raise SystemExit(3)


def fail_in_generator(payload):
    yield {"first": True}
    raise KeyError("missing")


def return_nan(payload):
    return {"value": float("nan")}


def return_infinity(payload):
    return {"value": float("inf")}


def return_negative_infinity(payload):
    return [1, {"deep": [float("-inf")]}]


def return_datetime(payload):
    return {"when": datetime.datetime(2024, 1, 1)}


def return_set(payload):
    return {"tags": {"a", "b"}}


def return_object(payload):
    return object()


def return_lone_surrogate(payload):
    return {"text": "broken \ud800 text"}


def return_circular(payload):
    loop = {}
    loop["self"] = loop
    return loop


def return_huge(payload):
    return "x" * payload["size"]
