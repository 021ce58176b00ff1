"""Demo people: one per role, with known passwords, printed by `ldsp demo`."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ldsp.accounts import services
from ldsp.accounts.roles import Role

DEMO_PASSWORD = "ldsp-demo-password"  # noqa: S105 - printed by `ldsp demo` on purpose

DEMO_PEOPLE = [
    ("contributor@example.org", "Cara Contributor", [], "Online Centre volunteer"),
    ("editor@example.org", "Eddie Editor", [Role.EDITOR], "Playbook editor"),
    ("coordinator@example.org", "Chloe Coordinator", [Role.COORDINATOR], "Partnership lead"),
    ("staff@example.org", "Sam Staff", [Role.STAFF], "Platform staff"),
]


def load() -> list[str]:
    """Create the demo people if they are missing; never change existing ones."""
    User = get_user_model()
    for email, name, roles, _ in DEMO_PEOPLE:
        if not User.objects.filter(email__iexact=email).exists():
            services.user_create(
                email=email, password=DEMO_PASSWORD, display_name=name, roles=roles, verified=True
            )
    return [
        f"{email:<26} {DEMO_PASSWORD}   ({description})" for email, _, _, description in DEMO_PEOPLE
    ]
