"""What `make bench` measures, and the least throughput each page must keep,
as a share of the floor view's requests per second measured in the same run."""

FLOOR = "/bench/floor/"

# path -> minimum ratio of the floor's requests/s (None: measured, no budget yet)
BUDGETS: dict[str, float | None] = {
    "/": 0.5,
    "/playbooks/local-digital-skills-playbook/": 0.5,
    "/playbooks/local-digital-skills-playbook/sections/appointing-a-coordinator/": 0.5,
    "/playbooks/local-digital-skills-playbook/releases/0.2/": None,
    "/search/?q=coordinator": None,
    "/partnerships/": None,
    "/areas/": None,
    "/plays/": None,
    "/consultations/public-draft-consultation/report/": None,
    "/healthz": None,
    "/accounts/login/": None,
    "/api/v1/openapi.json": None,
}
