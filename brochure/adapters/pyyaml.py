"""PyYAML internals we rely on: its reader's printable check, compiled when first used.

PyYAML's pure-Python reader compiles a pattern over all of Unicode when ``yaml`` loads (4 ms
of every build). Content is parsed by libyaml, which makes that check itself; the pattern is
compiled only if the pure-Python parser runs (see ``content.load``). Imported by
``brochure`` before anything imports ``yaml``.
"""

from __future__ import annotations

import sys

from .regex import compile_on_first_use

WRITTEN_FOR = "6.0.4"

# yaml.reader.Reader.NON_PRINTABLE, as PyYAML writes it (no flags).
NON_PRINTABLE = "[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"

if "yaml" not in sys.modules:
    compile_on_first_use([(NON_PRINTABLE, 0)])
