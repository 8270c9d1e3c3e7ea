"""The bench data set: doctors with availability, patients, two years of appointments, records, notifications.

Fast bulk load: rows are streamed into PostgreSQL with COPY (psycopg 3 `cursor.copy()`) while the
big tables' secondary indexes, foreign keys and exclusion constraints are dropped; they are
recreated afterwards from their own definitions (read back from the catalog), which also validates
every loaded row against them. Encrypted columns hold real tokens made by the app's own model
fields with the configured key, drawn from small pools (one encryption per distinct value), so the
API decrypts them exactly as it decrypts real data.

Appointments never overlap for a doctor or a patient: every doctor works on one 30-minute grid
of clinic-local times, and each grid instant gives distinct patients to the doctors booked at it.
"""

from .generator import Generated, generate
from .sizes import Sizes

__all__ = ["Generated", "Sizes", "generate"]
