#!/usr/bin/env python3
"""The public status page in headless Chromium against its own `liftoff serve` (docs/status-page.md).

Environment: LIFTOFF_BIN (the built liftoff), SCREENSHOTS (directory for PNGs), CHROMIUM and
CHROMEDRIVER. It creates a launch whose window began ten minutes ago, then:

- posts an internal milestone ("every required role voted GO …") and reads the public page:
  the message is not there;
- as the communications owner, publishes from /launches/N/publish with one click per template:
  the maintenance (scheduled → in progress → verifying → completed) and an incident
  (investigating → identified → resolved), reading the public page, as an anonymous visitor,
  after each;
- audits the status page, the publish page, the login page and the HTML report with axe-core
  4 (Tests/browser/a11y.py: WCAG 2.0 and 2.1 A and AA, light and dark): no serious or critical issue;
- validates /status/N/api/v2/summary.json against Tests/browser/statuspage_schema.json (the
  Statuspage v2 fields Liftoff emits) and reads /status/N/history.atom with feedparser (bozo 0).

Every check prints PASS or FAIL; the exit status is 1 when any failed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import feedparser
import jsonschema
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import a11y  # noqa: E402
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BIN = os.environ.get("LIFTOFF_BIN", ".build/debug/liftoff")
SHOTS = os.environ.get("SCREENSHOTS", ".build/artifacts/screenshots")
HERE = os.path.dirname(os.path.abspath(__file__))
MILESTONE = "every required role voted GO and every check passed"
failures = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(name)
    return ok


def driver(width=1280, height=1400):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=en-GB", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    d.set_page_load_timeout(20)
    if width < 500:
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return d


def wait(d, seconds, condition):
    return WebDriverWait(d, seconds, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def audit(d, where):
    """axe-core in the page, light and dark: no serious or critical violation of its WCAG 2.0/2.1 A and AA rules."""
    a11y.audit(d, where, check)
    check(f"axe-core {a11y.version(d)} ran on {where}", bool(a11y.version(d)))


def liftoff(*args, env):
    return subprocess.run([BIN, *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def fetch(url, token=None, data=None):
    req = urllib.request.Request(url, data=data)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


def main():
    work = tempfile.mkdtemp(prefix="liftoff-status-")
    env = dict(os.environ, LIFTOFF_DB=f"sqlite:{work}/liftoff.db")
    with open(f"{work}/runbook.md", "w") as f:
        f.write("# API upgrade\n\n## T-1h: Go/No-Go\n\nRequired approvals from:\n\n- Engineering Lead\n\n"
                "## T-0 → T+2h: Upgrade\n\n- [ ] Deploy the release\n- [ ] Run smoke tests\n")
    with open(f"{work}/vars.yaml", "w") as f:
        f.write("SERVICE: acme-api\nSTATUS_COMPONENTS: API, Dashboard\nnotify:\n"
                "  team:\n    kind: webhook\n    url: http://127.0.0.1:9/team\n    audience: internal\n"
                "  customers:\n    kind: webhook\n    url: http://127.0.0.1:9/customers\n    audience: public\n")
    at = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() - 600))
    launch = liftoff("launch", "create", f"{work}/runbook.md", "--vars", f"{work}/vars.yaml", "--at", at, "--tz", "UTC",
                     "--name", "api-upgrade", "--mode", "rehearsal", env=env)
    token = liftoff("user", "add", "casey", "--role", "Communications", "--launch", launch, env=env)
    log = open(f"{work}/serve.log", "w+")
    server = subprocess.Popen([BIN, "serve", "--port", "0"], env=env, stderr=log)
    drivers = []
    try:
        url = None
        for _ in range(100):
            log.seek(0)
            m = re.search(r"listening on (http:\S+)", log.read())
            if m:
                url = m.group(1).rstrip("/")
                break
            time.sleep(0.1)
        if not check("the server starts", url is not None):
            return
        api = f"{url}/api/v1/launches/{launch}"
        public = driver(390, 844)
        drivers.append(public)

        def page_text():
            public.get(f"{url}/status/{launch}")
            return public.find_element(By.TAG_NAME, "main").text

        # An internal milestone stays internal.
        fetch(api + "/status", token, json.dumps({"status": "green", "message": MILESTONE}).encode())
        text = page_text()
        check("the internal milestone is not on the public page", MILESTONE not in text and MILESTONE not in public.page_source)
        check("before anything is published the window shows as scheduled maintenance", "Maintenance: Scheduled" in text, text[:300])
        check("the components come from the vars file", "API" in text and "Dashboard" in text)

        # The communications owner publishes with one click per template.
        comms = driver()
        drivers.append(comms)
        comms.get(f"{url}/launches/{launch}/publish")
        wait(comms, 10, lambda d: "/login" in d.current_url)
        field = comms.find_element(By.ID, "token")
        field.send_keys(token)
        field.send_keys(Keys.ENTER)
        wait(comms, 10, lambda d: d.current_url.endswith(f"/launches/{launch}/publish"))

        def publish(phase, incident=None):
            def form(d):
                for f in d.find_elements(By.CSS_SELECTOR, "form.publish-form"):
                    if f.find_element(By.NAME, "phase").get_attribute("value") != phase:
                        continue
                    numbers = f.find_elements(By.NAME, "incident")
                    if (numbers[0].get_attribute("value") if numbers else None) == incident:
                        return f
                return False
            f = wait(comms, 10, form)
            message = f.find_element(By.TAG_NAME, "textarea").get_attribute("value")
            before = len(fetch(api + "/log", token))
            f.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait(comms, 10, lambda d: len(fetch(api + "/log", token)) > before)
            return message

        steps = [("scheduled", "Maintenance: Scheduled", "We will be performing scheduled maintenance"),
                 ("in_progress", "Maintenance: In progress", "is in progress"),
                 ("verifying", "Maintenance: Verifying", "we are verifying"),
                 ("completed", "Maintenance: Completed", "has been completed")]
        for phase, shown, words in steps:
            message = publish(phase)
            text = page_text()
            check(f"maintenance {phase}: the public page says so with the prefilled message",
                  shown in text and words in message and message.split(".")[0] in text, f"{shown!r} / {message[:70]!r}")
            if phase == "in_progress":
                check("in progress: the components are under maintenance", "Under maintenance" in text)
                check("in progress: the banner says maintenance", "Service Under Maintenance" in text)
                os.makedirs(SHOTS, exist_ok=True)
                public.save_screenshot(os.path.join(SHOTS, "status-maintenance.png"))
        check("completed: the components are operational again", "Under maintenance" not in text and "All Systems Operational" in text, text[:200])

        message = publish("investigating")
        text = page_text()
        check("an incident opens: investigating, with the affected components degraded",
              "Incident: Investigating" in text and "Degraded performance" in text and message.split(".")[0] in text, text[:400])
        public.save_screenshot(os.path.join(SHOTS, "status-incident.png"))
        publish("identified", "1")
        check("the incident is identified, its updates newest first", "Incident: Identified" in page_text())
        publish("resolved", "1")
        text = page_text()
        check("the resolved incident moves to the history", "Past incidents" in text and "No open incidents." in text, text[:400])
        check("the page fits 390 px", public.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"))
        audit(public, "the status page (390 px, with history)")
        audit(comms, "the publish page")
        public.get(f"{url}/login")
        audit(public, "the login page")
        report = f"{work}/report.html"
        liftoff("report", launch, "--format", "html", "--output", report, env=env)
        comms.get(f"file://{report}")
        check("the report has its charts", len(comms.find_elements(By.CSS_SELECTOR, "#charts svg")) >= 1)
        audit(comms, "the report")
        check("still no internal milestone on the page", MILESTONE not in public.page_source)

        summary = json.loads(fetch(f"{url}/status/{launch}/api/v2/summary.json"))
        with open(os.path.join(HERE, "statuspage_schema.json")) as f:
            schema = json.load(f)
        try:
            jsonschema.validate(summary, schema, format_checker=jsonschema.FormatChecker())
            check("summary.json validates against the Statuspage v2 shape", True)
        except jsonschema.ValidationError as e:
            check("summary.json validates against the Statuspage v2 shape", False, e.message)
        incidents = json.loads(fetch(f"{url}/status/{launch}/api/v2/incidents.json"))
        try:
            jsonschema.validate({**summary, "incidents": incidents["incidents"]}, schema)
            check("incidents.json's incidents validate too", len(incidents["incidents"]) == 1)
        except jsonschema.ValidationError as e:
            check("incidents.json's incidents validate too", False, e.message)
        check("the summary has no internal message", MILESTONE not in json.dumps(summary) + json.dumps(incidents))
        feed = feedparser.parse(fetch(f"{url}/status/{launch}/history.atom"))
        check("the Atom feed parses cleanly (bozo 0)", feed.bozo == 0, str(feed.get("bozo_exception")))
        check("the feed has one entry per published update, newest first", len(feed.entries) == 7 and "Resolved" in feed.entries[0].title,
              f"{len(feed.entries)} entries")
    finally:
        for d in drivers:
            d.quit()
        server.terminate()
        server.wait(timeout=10)
    print(f"status page: {len(failures)} failed", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a crash is a failure with its reason, not a silent pass
        import traceback
        traceback.print_exc()
        failures.append(str(e))
    sys.exit(1 if failures else 0)
