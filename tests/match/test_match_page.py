"""The /match page: a short form, results grouped by status, each clause linked to its library anchor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from policyhub.web.pages.match import fact_questions, profile_from_query

QUERY = {"kind": "enterprise", "size": "medium", "sector": "重型机械", "registered_in_mainland": "yes",
         "independent_legal_person": "yes", "finances_sound_3y": "yes", "bad_records": "no", "champion": "6",
         "as_of": "2024-09-20"}  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from policyhub.web.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}")) as c:
        yield c


def test_the_form_leaves_unanswered_fields_unknown() -> None:
    profile = profile_from_query({"kind": "enterprise", "bad_records": "", "champion": "none", "f_d21_listed": "yes"})
    assert profile == {"entity": {"kind": "enterprise", "champion": None}, "facts": {"d21_listed": True}}
    assert {"champion_standard_met", "d22_chain_coverage_percent"} <= {f["name"] for f in fact_questions()}


def test_results_are_grouped_by_status_and_each_clause_links_to_its_anchor(client: TestClient) -> None:
    page = client.get("/match", params=QUERY)
    assert page.status_code == 200
    order = re.findall(r'<section id="status-(\w+)"', page.text)
    statuses = ["required", "eligible", "undetermined", "not_eligible", "not_applicable"]
    assert order == [s for s in statuses if s in order] and {"required", "eligible", "not_applicable"} <= set(order)
    library = client.get("/library/docs/d20").text
    links = set(re.findall(r'href="(/library/docs/d20#[^"]+)"', page.text))
    assert links
    for href in links:
        assert f'id="{unquote(href.split("#", 1)[1])}"' in library


def test_the_calendar_download_is_the_same_profiles_deadlines(client: TestClient) -> None:
    page = client.get("/match", params=QUERY).text
    href = re.search(r'id="calendar" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    ics = client.get(href.replace("&amp;", "&"))
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    uids = {str(e["uid"]) for e in Calendar.from_ical(ics.content).walk("VEVENT")}
    assert "d08-review-2024-10-27@policyhub" in uids and "d20-apply-2024-10-31@policyhub" in uids


def test_a_bad_field_returns_the_form_with_the_error(client: TestClient) -> None:
    page = client.get("/match", params={**QUERY, "as_of": "2024-02-30"})
    assert page.status_code == 400 and 'role="alert"' in page.text and "as_of" in page.text


def test_a_government_picks_its_department_and_sees_another_s_task_as_not_applicable(client: TestClient) -> None:
    query = {"kind": "provincial_government", "department": "市场监管", "as_of": "2024-09-20"}
    assert profile_from_query(query)["entity"]["department"] == "市场监管"
    page = client.get("/match", params=query).text
    assert '<option value="市场监管" selected>' in page
    applicable = page.split('id="status-not_applicable"', 1)
    assert 'id="item-d11-implement"' in applicable[0] and 'id="item-d08-recommend"' in applicable[1]
