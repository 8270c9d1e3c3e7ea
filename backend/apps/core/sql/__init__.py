"""Hand-written SQL: only the statements the ORM measurably could not make fast enough.

One module per statement family; each is tested for equality against its ORM definition and
explained in docs/adr/0003-hand-written-sql.md. Statements name their tables and columns
themselves: this package imports no app's models (core is the bottom layer).
"""
