import json
import logging

import pytest

from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


def scrape(client, token="s3cret-metrics"):
    return client.get("/metrics", headers={"Authorization": f"Bearer {token}"})


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample in Prometheus' text format, its labels in any order."""
    wanted = {f'{key}="{value}"' for key, value in labels.items()}
    for line in text.splitlines():
        head, _, value = line.rpartition(" ")
        metric, _, given = head.partition("{")
        if metric == name and set(filter(None, given.rstrip("}").split(","))) == wanted:
            return float(value)
    raise AssertionError(f"no sample {name} {labels} in:\n{text}")


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert scrape(client, token="").status_code == 404


def test_metrics_refuse_a_request_without_the_right_token(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics"
    assert client.get("/metrics").status_code == 401
    assert scrape(client, token="guess").status_code == 401


def test_metrics_count_requests_by_route_registrations_and_refused_logins(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics"
    before = scrape(client).content.decode()
    refused_before = sample(before, "wirausaha_logins_refused_total")
    make_participant("Siti Aminah")
    status = f"{client.get('/api/v1/health').status_code // 100}xx"
    served_before = _count(before, route="api/v1/health", status=status)
    client.post("/masuk/", {"username": "nobody", "password": "wrong-password-1"})
    text = scrape(client).content.decode()
    assert sample(text, "wirausaha_logins_refused_total") == refused_before + 1
    assert _count(text, route="api/v1/health", status=status) == served_before + 1
    assert sample(text, "wirausaha_participants", source="self") >= 1
    assert "# TYPE wirausaha_tasks gauge" in text and "# TYPE wirausaha_imports gauge" in text


def _count(text: str, *, route: str, status: str) -> float:
    try:
        return sample(
            text, "wirausaha_http_request_duration_seconds_count", route=route, method="GET", status=status
        )
    except AssertionError:
        return 0.0


def test_each_answer_carries_a_request_id_kept_from_the_proxy_when_plain(client):
    given = client.get("/api/v1/health", headers={"X-Request-ID": "abcdef0123456789"})
    assert given["X-Request-ID"] == "abcdef0123456789"
    odd = client.get("/api/v1/health", headers={"X-Request-ID": "<script>"})
    assert odd["X-Request-ID"] != "<script>" and len(odd["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id_and_no_personal_data(client, settings):
    from wirausaha.common.logging import JsonLines, MaskPersonalData

    settings.LOG_REQUESTS = True
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(MaskPersonalData())
    handler.setFormatter(JsonLines())
    request_logger = logging.getLogger("wirausaha.request")
    request_logger.addHandler(handler)
    level = request_logger.level
    request_logger.setLevel(logging.INFO)
    try:
        client.get("/api/v1/participants?q=3216014508850003", headers={"X-Request-ID": "req-0000000042"})
    finally:
        request_logger.removeHandler(handler)
        request_logger.setLevel(level)
    assert lines, "no request line was logged"
    line = json.loads(lines[-1])
    assert line["request_id"] == "req-0000000042"
    assert line["route"] == "api/v1/participants" and line["status"] == 401
    assert line["level"] == "INFO" and line["logger"] == "wirausaha.request"
    assert "3216014508850003" not in lines[-1]


def test_a_json_log_line_masks_a_nik_in_the_message_and_the_traceback():
    from wirausaha.common.logging import JsonLines, MaskPersonalData

    try:
        raise ValueError("bad NIK 3216014508850003")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "row %s", ("3216014508850003",), sys.exc_info()
        )
    MaskPersonalData().filter(record)
    text = JsonLines().format(record)
    assert "3216014508850003" not in text
    line = json.loads(text)
    assert line["request_id"] == "-" and "ValueError" in line["error"]
