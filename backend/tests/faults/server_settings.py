"""Settings of the servers the fault tests start: the test settings."""

from config.settings.test import *  # noqa: F403
