"""Allow ``python -m brochure``."""

import sys

from .cli import main

sys.exit(main())
