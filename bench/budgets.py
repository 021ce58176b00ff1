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
    # The finder from a postcode among the demo's 300 centres: measured, no budget yet.
    "/find/?q=PR1+2HE": None,
}

# The nearest 10 centres with two filters among 50,000 (bench/nearest.py), timed in one
# process beside a primary-key lookup: the most the first may take, as a multiple of the
# second.
NEAREST_BUDGET = 3.0
