"""`python -m followup_desktop`."""

import sys

from followup_desktop.cli import main

sys.exit(main())
