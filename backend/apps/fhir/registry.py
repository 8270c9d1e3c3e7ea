"""Every resource type the API serves. The views dispatch through it and the CapabilityStatement is
written from it, so what the API says it supports and what it does cannot drift apart."""

from .handlers import clinical, people, scheduling
from .handlers.base import ResourceDef
from .handlers.everything import PARAMS as EVERYTHING_PARAMS

_ALL = (*people.RESOURCES, *scheduling.RESOURCES, *clinical.RESOURCES)
REGISTRY: dict[str, ResourceDef] = {definition.resource_type: definition for definition in _ALL}
# Read only: a Binary is a report's file, named by its DocumentReference.
BINARY = "Binary"
# Operations: (resource type, name) -> the parameters they take.
OPERATIONS = {("Patient", "everything"): EVERYTHING_PARAMS}
