"""An OpenAPI fuzz run (schemathesis) against a live HQ: whatever arrives, no answer is a 5xx.

Bounded: 40 generated examples per operation, 8 operations, about 320 requests per database.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from sync.hq.settings import Settings
from tests.hq.helpers import Hq, envelope, event_record

EXAMPLES_PER_OPERATION = 40


@pytest.fixture(name="settings")
def settings_with_schema(database_url: str) -> Settings:
    """The schema is served only when asked for (HADIR_HQ_API_DOCS, issue 15 item 6)."""
    return Settings(
        database_url=database_url,
        verify_burst=1000,
        login_burst=1000,
        verify_rate_per_minute=6000,
        api_docs=True,
    )


def test_no_operation_answers_5xx(hq: Hq) -> None:
    desk = hq.desk()
    desk.push([envelope(event_record())])  # something to pull, so pages are not all empty
    schema = schemathesis.openapi.from_url(f"{hq.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "POST /api/v1/push",
        "GET /api/v1/pull",
        "POST /api/v1/enroll",
        "POST /api/v1/reconcile",
        "GET /v/{token}",
        "GET /api/v1/verify/{token}",
        "GET /healthz",
    }
    seen: dict[str, int] = {}
    failures: list[str] = []
    with requests.Session() as http:
        for operation in operations:

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            @given(case=operation.as_strategy())
            def call(case: schemathesis.Case) -> None:
                response = case.call(base_url=hq.url, session=http, headers=desk.auth, timeout=30)
                seen[case.operation.label] = seen.get(case.operation.label, 0) + 1
                if response.status_code >= 500:
                    failures.append(
                        f"{case.operation.label} -> {response.status_code}: {response.text[:200]}"
                    )

            call()
    assert failures == []
    assert sum(seen.values()) >= 100
