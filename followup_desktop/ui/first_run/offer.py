"""When the first-run setup is offered (cheap: two small queries, no heavy module).

The setup is offered when the file has never been set up: no ``first_run/done`` setting, no
company or application, and the profile exactly as a new file makes it. Finishing the setup sets
``first_run/done``; "Not now" and "Try the demo first" write nothing, so the next start asks
again while the file is still empty. A user with any record or any profile change never sees
it, whether or not the setting is there (files made before the setup existed).
"""

from __future__ import annotations

from followup_desktop.core.model import Profile
from followup_desktop.store import queries
from followup_desktop.store.db import Database

SETUP_DONE_KEY = "first_run/done"


def needs_setup(db: Database) -> bool:
    """Whether to offer the setup (the rule above)."""
    if queries.get_setting(db, SETUP_DONE_KEY) is not None or queries.has_applications(db):
        return False
    return queries.get_profile(db) == Profile() and not queries.list_companies(db)
