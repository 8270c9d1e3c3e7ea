"""Hand-written SQL, where the ORM measurably cannot reach the bench's goals (docs/adr/0004).

One module per statement family. Core is the bottom layer: these modules import no app's models;
their callers describe the tables and columns (as model fields) they read.
"""
