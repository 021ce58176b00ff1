"""What `make bench` measures, and the least throughput each page must keep,
as a share of the floor view's requests per second measured in the same run."""

FLOOR = "/bench/floor/"

# path -> minimum ratio of the floor's requests/s (None: measured, no budget yet)
BUDGETS: dict[str, float | None] = {
    "/": 0.5,
    "/healthz": None,
    "/accounts/login/": None,
    "/api/v1/openapi.json": None,
}
