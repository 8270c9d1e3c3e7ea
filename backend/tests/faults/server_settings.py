"""Settings of the servers the fault tests start: the test settings, handing e-mails over as deployed."""

from config.settings.test import *  # noqa: F403

OUTBOX_HANDOFF_THREAD = True
