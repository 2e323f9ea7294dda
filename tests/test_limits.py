"""The limits table (policyhub.limits) as documented, and each CPU limit at the limit and one past it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policyhub import limits
from policyhub.digital.catalog import load_catalog
from policyhub.digital.csvio import rows_from_csv
from policyhub.errors import InputError, TooLarge
from policyhub.gec.csvimport import read_meter_csv
from policyhub.gec.domain.project_rows import read_csv
from policyhub.manage.batch import members_from_csv
from policyhub.web.app import create_app

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"
FIGURES = {name: value for name, value in vars(limits).items()
           if re.fullmatch(r"[A-Z_]+", name) and name not in ("KIB", "MIB")}  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('limits') / 'app.sqlite'}")
    with TestClient(app) as c:
        yield c
    app.state.services.registry.close()


def shown(value: int) -> str:
    return f"{value // limits.MIB} MiB" if value % limits.MIB == 0 else f"{value:,}"


def test_every_limit_is_a_row_of_the_security_table_with_its_figure() -> None:
    rows = {m.group(1): line for line in DOC.read_text(encoding="utf-8").splitlines()
            if (m := re.match(r"\| `([A-Z_]+)` \|", line))}  # fmt: skip
    assert set(rows) == set(FIGURES)
    for name, value in FIGURES.items():
        assert f"| {shown(value)} |" in rows[name], name
        assert re.search(r"\| (413|400|exit 2)[^|]*`[a-z_]+` \|$", rows[name]), name


def test_every_limit_has_its_reason_beside_it() -> None:
    source = Path(limits.__file__).read_text(encoding="utf-8")
    for name in FIGURES:
        assert re.search(rf"^{name} = .+\n\"\"\"", source, re.MULTILINE), name


def test_a_search_text_at_the_limit_is_searched_and_one_character_more_is_400(client: TestClient) -> None:
    at, over = "绿证" * (limits.QUERY_CHARS // 2), "绿证" * (limits.QUERY_CHARS // 2) + "x"
    for path in ("/api/library/search", "/api/firstset/find", "/api/scenarios"):
        assert client.get(path, params={"q": at}).status_code != 400, path
        r = client.get(path, params={"q": over})
        assert r.status_code == 400 and r.json()["code"] == "query_too_long", path
        assert r.json()["detail"].startswith("查询过长")
    for page in ("/library/search", "/firstset", "/scenarios"):
        assert "查询过长" not in client.get(page, params={"q": at}).text, page
        assert "查询过长" in client.get(page, params={"q": over}).text, page


def test_library_search_returns_at_most_the_documented_number_of_hits(client: TestClient) -> None:
    assert client.get("/api/library/search", params={"q": "企业", "limit": limits.SEARCH_RESULTS}).status_code == 200
    for param in ("limit", "per_doc"):
        r = client.get("/api/library/search", params={"q": "企业", param: limits.SEARCH_RESULTS + 1})
        assert r.status_code == 400, param


def test_a_spec_at_the_limit_is_matched_and_one_parameter_more_is_413(client: TestClient) -> None:
    spec = {"直线轴定位精度": "1.8 μm", **{f"参数{i}": "1 mm" for i in range(limits.SPEC_PARAMS - 1)}}
    assert client.post("/api/firstset/match", json={"params": spec}).status_code == 200
    assert client.post("/api/firstset/check", json={"entry": "1.1.2", "params": spec}).status_code != 413
    spec["one more"] = "1 mm"
    for path, body in (
        ("/api/firstset/match", {"params": spec}),
        ("/api/firstset/check", {"entry": "1.1.2", "params": spec}),
    ):
        r = client.post(path, json=body)
        assert r.status_code == 413 and r.json()["code"] == "too_many_items", path


def test_a_spec_text_at_the_limit_is_read_and_one_character_more_is_413(client: TestClient) -> None:
    n = limits.SPEC_TEXT_CHARS
    fine = {"直线轴定位精度": "1" * (n - 3) + " μm"}
    assert client.post("/api/firstset/check", json={"entry": "1.1.2", "params": fine}).status_code != 413
    for spec in ({"直线轴定位精度": "1" * (n - 2) + " μm"}, {"名" * (n + 1): "1 mm"}):
        r = client.post("/api/firstset/check", json={"entry": "1.1.2", "params": spec})
        assert r.status_code == 413 and r.json()["code"] == "string_too_long"
    page = client.post("/firstset/entries/1.1.2", data={"p0": "1" * (n + 1)})
    assert page.status_code == 413 and "过长" in page.text


def test_batch_csvs_at_the_row_limit_are_read_and_one_row_more_is_refused() -> None:
    firms = limits.BATCH_ROWS - 1
    digital = "firm,Q1\n" + "".join(f"F{i},1\n" for i in range(firms))
    assert len(rows_from_csv(digital, load_catalog())) == firms
    with pytest.raises(TooLarge) as caught:
        rows_from_csv(digital + "one more,1\n", load_catalog())
    assert caught.value.code == "too_many_rows"
    manage = "firm,二.（一）\n" + "".join(f"F{i},done\n" for i in range(firms))
    assert len(members_from_csv(manage)) == firms
    with pytest.raises(TooLarge) as caught:
        members_from_csv(manage + "one more,done\n")
    assert caught.value.code == "too_many_rows"
    wide = ",".join(["firm", *(f"c{i}" for i in range(limits.BATCH_COLUMNS))]) + "\n"
    with pytest.raises(TooLarge) as caught:
        members_from_csv(wide)
    assert caught.value.code == "too_many_columns"


def test_a_csv_field_past_the_csv_module_limit_is_named_not_a_traceback(tmp_path: Path) -> None:
    huge = '"' + "x" * 200_000 + '"'
    meter = tmp_path / "meter.csv"
    meter.write_text(f"project,grid_kwh,self_kwh\n{huge},1,0\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_meter_csv(meter)
    assert caught.value.code == "invalid_csv" and "CSV 格式错误" in caught.value.message
    rows, _, errors = read_csv(f"project,owner,name,type,province,capacity_kw,commissioned,fully_market\n{huge}\n")
    assert rows == [] and "CSV 格式错误" in errors[0][1]
    with pytest.raises(InputError, match="CSV 格式错误"):
        members_from_csv(f"firm\n{huge}\n")


def test_a_batch_of_firms_at_the_limit_is_assessed_and_one_firm_more_is_413(client: TestClient) -> None:
    digital = {"answers": {str(q): 1 for q in range(1, 16)}}
    manage = {"firm": "x", "answers": {"二.（一）": "done"}}
    for path, firm in (("/api/digital/batch", digital), ("/api/manage/batch", manage)):
        at = client.post(path, json=[firm] * limits.BATCH_FIRMS)
        assert at.status_code == 200, (path, at.text[:200])
        r = client.post(path, json=[firm] * (limits.BATCH_FIRMS + 1))
        assert r.status_code == 413 and r.json()["code"] == "too_many_items", path
