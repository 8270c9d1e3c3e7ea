"""How big the data set is: the full size (issue 9) or a share of it."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Sizes:
    doctors: int = 200
    patients: int = 100_000
    appointments: int = 1_000_000
    records: int = 300_000
    notifications: int = 100_000
    days: int = 730  # the span of appointments, of which the last `BOOKING_HORIZON_DAYS` lie ahead

    @classmethod
    def scaled(cls, scale: float) -> "Sizes":
        full = cls()
        return cls(
            doctors=max(10, round(full.doctors * scale)),
            patients=max(500, round(full.patients * scale)),
            appointments=round(full.appointments * scale),
            records=round(full.records * scale),
            notifications=round(full.notifications * scale),
            days=full.days,
        )

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
