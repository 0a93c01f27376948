#!/usr/bin/env python3
"""Watches `liftoff demo` in headless Chromium: the war room sees the rollback trigger go
pending and fire live (no reload), and the launch end rolled back. Takes the README's
screenshots of the war room during the demo and of the report afterwards.

Started by scripts/browser-tests.sh with:
  LIFTOFF_BIN   the built liftoff binary      SCREENSHOTS  directory for PNGs
  CHROMIUM, CHROMEDRIVER
"""
import os
import re
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("SCREENSHOTS", ".build/artifacts/screenshots")
TRIGGER = "rollback-on-errors"
failures = []


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(name)
    return ok


def wait(d, seconds, condition, poll=0.05):
    return WebDriverWait(d, seconds, poll_frequency=poll, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def shot(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name + ".png")
    d.save_screenshot(path)
    print(f"screenshot {path}", flush=True)


def trigger_state(d):
    return d.execute_script("""
        var rows = document.querySelectorAll('#triggers .trigger');
        for (var i = 0; i < rows.length; i++) {
          if (rows[i].getAttribute('data-trigger') === arguments[0]) return rows[i].querySelector('.badge').textContent.trim();
        }
        return null;""", TRIGGER)


def main():
    work = tempfile.mkdtemp(prefix="liftoff-demo-browser-")
    log_path = os.path.join(work, "demo.log")
    log = open(log_path, "w")
    demo = subprocess.Popen([os.environ["LIFTOFF_BIN"], "demo", "--port", "0", "--db", os.path.join(work, "demo.db"),
                             "--speed", "15", "--exit", "--timeout", "300"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, NO_COLOR="1"))
    d = None
    try:
        url = token = None
        deadline = time.time() + 60
        while time.time() < deadline and not (url and token):
            text = open(log_path).read()
            m = re.search(r"War room:\s+(http://\S+)", text)
            t = re.search(r"sign in with the token (\S+)", text)
            url, token = (m.group(1) if m else None), (t.group(1) if t else None)
            if demo.poll() is not None:
                break
            time.sleep(0.1)
        if not check("the demo prints the war room and a token", bool(url and token), open(log_path).read()[-2000:]):
            return
        options = Options()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1500", "--lang=en-GB", "--force-device-scale-factor=1"):
            options.add_argument(arg)
        d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        d.set_page_load_timeout(20)
        d.get(url)
        wait(d, 15, lambda d: "/login" in d.current_url)
        field = d.find_element(By.ID, "token")
        field.send_keys(token + Keys.ENTER)
        wait(d, 15, lambda d: d.current_url.startswith(url))
        wait(d, 15, lambda d: d.find_element(By.ID, "live-state").text == "live")
        # A marker on the window: if the page reloaded, it would be gone.
        d.execute_script("window.__sameDocument = true;")
        check("the rollback trigger is listed", trigger_state(d) is not None, str(trigger_state(d)))
        seen = []
        pending_shot = False
        deadline = time.time() + 240
        while time.time() < deadline:
            state = trigger_state(d)
            if state and (not seen or seen[-1] != state):
                seen.append(state)
                print(f"trigger {TRIGGER!r}: {state}", flush=True)
            if state == "pending" and not pending_shot:
                shot(d, "demo-war-room-pending")
                pending_shot = True
            if state == "firing":
                break
            time.sleep(0.1)
        check("the trigger went pending, then fired, live", "pending" in seen and seen[-1:] == ["firing"], " → ".join(seen))
        check("without a reload", d.execute_script("return window.__sameDocument === true;"))
        shot(d, "demo-war-room-firing")
        wait(d, 120, lambda d: "rolled-back" in d.find_element(By.CSS_SELECTOR, ".launch-header").text)
        check("the war room shows the launch rolled back", True)
        d.execute_script("window.scrollTo(0, 0);")
        shot(d, "demo-war-room")
        demo.wait(timeout=120)
        check("the demo exits 0", demo.returncode == 0, f"exit {demo.returncode}")
        output = open(log_path).read()
        reports = [line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("report:")]
        html = [p for p in reports if p.endswith(".html")]
        if check("the report is written as HTML", bool(html), ", ".join(reports)):
            d.get("file://" + html[0])
            check("the report says rolled back", "rolled" in d.find_element(By.TAG_NAME, "body").text.lower())
            shot(d, "demo-report")
    except Exception as error:  # a failure anywhere is a failed check, with the demo's log
        check("the demo test ran", False, repr(error))
    finally:
        if d:
            d.quit()
        if demo.poll() is None:
            demo.kill()
        log.close()
        if failures:
            print("--- demo log (last 60 lines)", file=sys.stderr)
            print("\n".join(open(log_path).read().splitlines()[-60:]), file=sys.stderr)


if __name__ == "__main__":
    main()
    print(f"{len(failures)} failed" if failures else "demo browser test passed", flush=True)
    sys.exit(1 if failures else 0)
