"""`python -m followup_desktop`."""

import sys

from followup_desktop.cli.main import main

sys.exit(main())
