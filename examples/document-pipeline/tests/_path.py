"""Puts the actors folder on sys.path, as the runtime does with
ASYA_HANDLER_PATH."""

import os
import sys

ACTORS = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "actors")
if ACTORS not in sys.path:
    sys.path.insert(0, ACTORS)
