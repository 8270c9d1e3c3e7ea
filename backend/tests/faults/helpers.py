"""Test data of the fault tests."""


def slot(index: int):
    """The index-th half-hour slot from the day after tomorrow on (doctors are open 09:00-17:00 every day)."""
    from apps.scheduling.tests.factories import days_ahead, local

    day, within = divmod(index, 16)
    return local(days_ahead(2 + day), f"{9 + within // 2:02d}:{(within % 2) * 30:02d}")


def bearer(user) -> dict[str, str]:
    from apps.accounts.services.sessions import session_start_for

    return {"Authorization": f"Bearer {session_start_for(user=user).access}"}
