"""Hand-written SQL: only the statements the ORM measurably could not make fast enough.

One module per statement family; each is tested for equality against its ORM definition and
explained in an ADR (docs/adr/0003-hand-written-sql.md for scheduling, 0004 for records). Core is
the bottom layer: these modules import no app's models; their callers describe the tables and
columns (as model fields) they read.
"""
