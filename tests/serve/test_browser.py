"""The page in a real browser: headless Debian chromium through selenium and the packaged chromedriver.

Two tabs run the demo case at once with different questions; each shows its own agents, viewer,
evidence, checks and answer. Skips cleanly where chromium or its driver is not installed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs Debian's chromium and chromium-driver"),
]
AGENTS = ["triage", "segmentation", "measurement", "knowledge", "reasoner", "reviewer"]
SPLEEN = "What is the volume of the spleen in cm3?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_backends: dict[str, Any]) -> Iterator[str]:
    """`clinorch serve`'s app under uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from orchestrator.serve.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(tmp_path_factory.mktemp("browser-data"), backends=shared_backends)
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless chromium, no network beyond loopback, a throwaway profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1700"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _start(driver: Any, question: str | None) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(ready.presence_of_element_located((By.CSS_SELECTOR, "#case-select option")))
    if question:
        driver.find_element(By.ID, "question").send_keys(question)
    driver.find_element(By.ID, "run-button").click()
    WebDriverWait(driver, 30).until(lambda d: "run=" in d.current_url)


def _wait_answer(driver: Any) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def answered(d: Any) -> Any:
        status = d.find_elements(By.CSS_SELECTOR, "#answer .status")
        return status and status[0].text in ("answered", "abstained", "rejected", "error") and status[0].text

    status = WebDriverWait(driver, 900, poll_frequency=1).until(answered)
    assert status == "answered", driver.find_element(By.ID, "answer").text + driver.find_element(By.ID, "message").text
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "return document.querySelector('#viewer').dataset.slice !== undefined"))
    return driver.find_element(By.ID, "answer-text").text


def _steps(driver: Any) -> list[tuple[str, str]]:
    from selenium.webdriver.common.by import By

    return [(li.get_attribute("data-node"), li.text) for li in driver.find_elements(By.CSS_SELECTOR, "#steps li.done")]


def test_two_tabs_run_the_demo_and_each_shows_its_own_walkthrough(server: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server)
    first_tab = browser.current_window_handle
    _start(browser, None)
    browser.switch_to.new_window("tab")
    browser.get(server)
    _start(browser, SPLEEN)
    spleen_answer = _wait_answer(browser)
    spleen_steps = _steps(browser)
    browser.switch_to.window(first_tab)
    staged_answer = _wait_answer(browser)

    assert staged_answer == "B. T2"  # the demo phantom's 32 mm pancreatic tumour
    assert "mL" in spleen_answer and "T2" not in spleen_answer
    steps = _steps(browser)
    assert [n for n, _ in steps if n in AGENTS] == AGENTS
    assert all(text.split()[1] == "✓" and " ms" in text for _, text in steps), steps
    assert "knowledge" not in [n for n, _ in spleen_steps]  # the other tab's route, not this one's

    canvas = browser.find_element(By.ID, "viewer")
    lit = browser.execute_script(
        "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let grey = 0, red = 0; for (let i = 0; i < d.length; i += 4) {"
        " if (d[i] > 20 && Math.abs(d[i] - d[i + 1]) < 8) grey++; if (d[i] > 150 && d[i + 1] < 120) red++; }"
        "return [grey, red];", canvas)
    assert canvas.size["width"] > 200 and lit[0] > 1000 and lit[1] > 10, lit  # CT drawn, lesion overlaid
    legend = browser.find_element(By.ID, "legend").text
    assert "pancreas_tumor" in legend and "liver" in legend

    rows = browser.find_elements(By.CSS_SELECTOR, "#evidence tbody tr")
    assert len(rows) > 10
    assert any("pancreas" in r.text and "mm" in r.text for r in rows)
    browser.find_element(By.ID, "evidence-filter").send_keys("criterion")
    shown = [r for r in rows if r.is_displayed()]
    assert 0 < len(shown) < len(rows) and all("criterion" in r.text for r in shown)

    checks = browser.find_elements(By.CSS_SELECTOR, "#checks tbody tr")
    assert checks and all("pass" in c.text for c in checks)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")]
    assert any(h.endswith("/report.html") for h in links) and any(h.endswith("/segmentation.dcm") for h in links)
    assert not browser.find_element(By.ID, "message").is_displayed()

    browser.execute_script("const f = document.querySelector('#evidence-filter'); f.value = '';"
                           "f.dispatchEvent(new Event('input'));")
    assert all(r.is_displayed() for r in rows)
    assert "[object Object]" not in browser.find_element(By.ID, "steps").text
    shot = tmp_path / "serve_demo.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")  # noqa: T201 — where to look


def test_a_reload_shows_the_run_again(server: str, browser: Any) -> None:
    import httpx
    from selenium.webdriver.common.by import By

    runs = httpx.get(f"{server}/api/runs").json()
    assert runs, "the previous test's runs are stored"
    staged = next(r for r in runs if r["question"] and r["question"].startswith("Based on"))
    browser.get(f"{server}/?run={staged['run_id']}")
    assert _wait_answer(browser) == "B. T2"
    assert [n for n, _ in _steps(browser) if n in AGENTS] == AGENTS
    assert browser.find_elements(By.CSS_SELECTOR, "#evidence tbody tr")
