"""Who acted, as the columns of a row: a person (`<name>`) or an API client (`<name>_client`).

A client never acts as a person (SPEC section 2), so a row that records who booked, cancelled or
wrote something has a column for each, and a check constraint that it names at most one (exactly
one where someone always acted). Core reads the caller's role flag only: it imports no app.
"""

from typing import Any


def actor_columns(actor: Any, name: str) -> dict[str, Any]:
    """`{name: person, name_client: None}` for a person, the other way round for an API client."""
    if getattr(actor, "is_api_client", False):
        return {name: None, f"{name}_client": actor.client}
    return {name: actor, f"{name}_client": None}
