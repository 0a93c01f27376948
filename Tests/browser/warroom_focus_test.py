#!/usr/bin/env python3
"""The war room, focus first, during `liftoff demo` in headless Chromium: on a 390 x 844 phone
and a 1440 x 900 desktop at once, after the demo's error spike the first screen — without
scrolling — shows the status (RED or YELLOW), the firing trigger with its value and threshold,
and the next step with its owner. Takes the README's screenshots of both sizes, tries the
keyboard shortcuts, checks that the firing trigger's chart draws its signal from Prometheus crossing
the threshold, and audits the war room and the login page with axe-core (Tests/browser/a11y.py).

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
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import a11y  # noqa: E402

SHOTS = os.environ.get("SCREENSHOTS", ".build/artifacts/screenshots")
failures = []

# Whether an element lies wholly inside the viewport (the first screen, nothing scrolled).
IN_VIEW_JS = """
var el = arguments[0];
if (!el) return false;
var r = el.getBoundingClientRect();
return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
"""


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(name)
    return ok


def wait(d, seconds, condition, poll=0.05):
    return WebDriverWait(d, seconds, poll_frequency=poll, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def driver(width, height):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={max(width, 500)},{height}", "--lang=en-GB", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    d.set_page_load_timeout(20)
    # The window's outer size includes no browser chrome in headless mode; pin the viewport exactly.
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
    return d


def sign_in(d, url, token):
    d.get(url)
    wait(d, 15, lambda d: "/login" in d.current_url)
    d.find_element(By.ID, "token").send_keys(token + Keys.ENTER)
    wait(d, 15, lambda d: d.current_url.startswith(url))
    wait(d, 15, lambda d: d.find_element(By.ID, "live-state").text == "live")


def in_view(d, css):
    els = d.find_elements(By.CSS_SELECTOR, css)
    return bool(els) and d.execute_script(IN_VIEW_JS, els[0])


def shot(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    d.save_screenshot(path)
    print(f"screenshot {path}", flush=True)


# Everything first_screen judges, read in one script: the page patches live parts in between
# WebDriver calls, so reading them one by one could hold an element already swapped out.
FIRST_SCREEN_JS = IN_VIEW_JS.replace("var el = arguments[0];", "function inView(el) {") + """}
var health = document.getElementById('health');
var firing = document.querySelector('#trigger-alerts .alert.trigger-firing');
var step = document.querySelector('#now .now-item .step-text');
var owner = document.querySelector('#now .owner-group h3');
return {
  scrollY: window.scrollY,
  health: health ? health.innerText : '', healthInView: inView(health),
  alert: firing ? firing.innerText : '', alertInView: inView(firing),
  step: step ? step.innerText : '', stepInView: inView(step),
  owner: owner ? owner.innerText : '', ownerInView: inView(owner),
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth
};
"""


def first_screen(d, label):
    """The three answers of the issue, on the first screen of `d`."""
    s = d.execute_script(FIRST_SCREEN_JS)
    check(f"{label}: nothing is scrolled", s["scrollY"] == 0)
    health = s["health"]
    check(f"{label}: the status says RED or YELLOW, in view", ("RED" in health or "YELLOW" in health) and s["healthInView"], health)
    # "error rate 0.651% >= 0.5%": the value, the comparison and the threshold.
    check(f"{label}: a firing trigger with its value and threshold, in view",
          bool(re.search(r"\d[\d.]*%? (>|>=|<|<=) \d[\d.]*%?", s["alert"])) and s["alertInView"], s["alert"])
    owner_text = s["owner"]
    check(f"{label}: the next step and its owner, in view",
          bool(s["step"]) and s["stepInView"] and bool(owner_text) and s["ownerInView"]
          and not owner_text.startswith("No owner"),
          f"{owner_text!r}: {s['step'] or 'no step'!r}")
    check(f"{label}: no sideways scrolling", s["scrollWidth"] <= s["innerWidth"], str([s["scrollWidth"], s["innerWidth"]]))


def keyboard(d):
    body = d.find_element(By.TAG_NAME, "body")
    body.click()
    ActionChains(d).send_keys("?").perform()
    check("? opens the list of shortcuts", d.find_element(By.ID, "shortcuts").is_displayed())
    ActionChains(d).send_keys(Keys.ESCAPE).perform()
    check("Esc closes it", not d.find_element(By.ID, "shortcuts").is_displayed())
    ActionChains(d).send_keys("t").perform()
    check("t goes to the triggers", d.execute_script("return !!document.activeElement.closest('#triggers')"))
    ActionChains(d).send_keys("j").perform()
    check("j focuses the first Now step's Done button", d.execute_script(
        "var a = document.activeElement; return !!a && a.classList.contains('mark-done') && !!a.closest('#now .now-item')"))
    d.execute_script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();")


FOCUS_JS = """
var a = document.activeElement, h = document.querySelector('.launch-header');
if (!a || !h || a === document.body || h.contains(a)) return null;
var r = a.getBoundingClientRect(), hr = h.getBoundingClientRect();
return {hidden: r.top < hr.bottom - 1 && r.bottom > hr.top + 1,
        what: (a.id || a.getAttribute('name') || a.className || a.tagName) + ' at ' + Math.round(r.top) + '-' + Math.round(r.bottom)
              + ', header ' + Math.round(hr.top) + '-' + Math.round(hr.bottom)};
"""


def focus_never_hidden(d, label):
    """Tab forwards and backwards from half way down: no focused control sits under the sticky
    header (going back, the browser scrolls each control up to the top edge, where the header is)."""
    hidden, seen = [], 0
    for key in (Keys.TAB, Keys.SHIFT + Keys.TAB):
        # Start from the control nearest the middle of the page.
        d.execute_script("""
            window.scrollTo(0, document.body.scrollHeight / 2);
            var all = Array.prototype.filter.call(document.querySelectorAll('main a[href], main button, main input, main select, main textarea, main summary'),
                function (e) { var r = e.getBoundingClientRect(); return r.height > 0 && r.top > window.innerHeight / 2; });
            if (all.length) all[0].focus({preventScroll: true});""")
        for _ in range(20):
            ActionChains(d).send_keys(key).perform()
            r = d.execute_script(FOCUS_JS)
            if r is None:
                continue
            seen += 1
            if r["hidden"]:
                hidden.append(r["what"])
    check(f"{label}: keyboard focus never hides under the sticky header ({seen} controls)", seen > 5 and not hidden, "; ".join(hidden[:3]))
    # Browsers that scroll focus to the nearest edge (not Chromium, which centres it) rely on the
    # scroll padding: it must cover the header as it is now, grown with the live alerts.
    room = d.execute_script("""var h = document.querySelector('.launch-header');
        return [parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0, h ? h.offsetHeight : 0];""")
    check(f"{label}: the scroll padding covers the header as it has grown", room[0] >= room[1], f"padding {room[0]}px, header {room[1]}px")
    d.execute_script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();")


def main():
    work = tempfile.mkdtemp(prefix="liftoff-focus-browser-")
    log_path = os.path.join(work, "demo.log")
    log = open(log_path, "w")
    demo = subprocess.Popen([os.environ["LIFTOFF_BIN"], "demo", "--port", "0", "--db", os.path.join(work, "demo.db"),
                             "--speed", os.environ.get("DEMO_SPEED", "12"), "--exit", "--timeout", "300"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, NO_COLOR="1"))
    drivers = []
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
        origin = re.match(r"(http://[^/]+)", url).group(1)

        # The login page, audited before anyone signs in.
        login = driver(1440, 900)
        drivers.append(login)
        login.get(origin + "/login")
        a11y.audit(login, "the login page", check)
        print(f"axe-core {a11y.version(login)}", flush=True)

        phone, desk = driver(390, 844), driver(1440, 900)
        drivers += [phone, desk]
        sign_in(phone, url, token)
        sign_in(desk, url, token)
        for d in (phone, desk):
            d.execute_script("window.__sameDocument = true;")

        # The spike: wait for a trigger to fire while the launch still runs (before the rollback ends it).
        try:
            wait(desk, 240, lambda d: d.find_elements(By.CSS_SELECTOR, "#trigger-alerts .alert.trigger-firing")
                 and d.find_elements(By.CSS_SELECTOR, "#now .now-item"), poll=0.1)
        except Exception:  # noqa: BLE001 - reported as a failed check with what the page said
            check("a trigger fires during the demo, live", False, desk.find_element(By.ID, "focus").text[:300])
            return
        check("a trigger fires during the demo, live", True)
        # Same moment in both windows: the phone's stream has the same events.
        wait(phone, 5, lambda d: d.find_elements(By.CSS_SELECTOR, "#trigger-alerts .alert.trigger-firing"))
        first_screen(phone, "390x844")
        first_screen(desk, "1440x900")
        shot(phone, "war-room-phone.png")
        shot(desk, "war-room-desktop.png")
        check("updated live, without a reload", all(d.execute_script("return window.__sameDocument === true;") for d in (phone, desk)))

        # Audited and driven by keys as it stands now, with live updates held off: a part swapped
        # in while axe walks the page would be judged half-detached.
        desk.execute_cdp_cmd("Network.enable", {})
        desk.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/events?*"]})
        desk.refresh()
        wait(desk, 15, lambda d: d.find_elements(By.CSS_SELECTOR, "#now .now-item"))
        # The firing trigger's chart is its signal from Prometheus (the sandbox's), climbing past the threshold.
        charts = desk.find_elements(By.CSS_SELECTOR, "article.trigger.state-firing svg.trigger-chart")
        labels = [c.get_attribute("aria-label") or "" for c in charts
                  if c.find_elements(By.CSS_SELECTOR, 'path.signal[data-source="prometheus"]')]
        check("the firing trigger's chart draws its signal from Prometheus crossing the threshold",
              any("from Prometheus" in t and "the threshold at" in t for t in labels), "; ".join(labels)[:400] or "no chart from Prometheus")
        a11y.audit(desk, "the war room", check)
        keyboard(desk)
        focus_never_hidden(desk, "1440x900")
        focus_never_hidden(phone, "390x844")

        wait(phone, 120, lambda d: "rolled-back" in d.find_element(By.ID, "focus").text)
        check("the header says the launch rolled back", True)
        demo.wait(timeout=120)
        check("the demo exits 0", demo.returncode == 0, f"exit {demo.returncode}")
    except Exception as error:  # a failure anywhere is a failed check, with the demo's log
        check("the focus test ran", False, repr(error))
    finally:
        for d in drivers:
            try:
                d.quit()
            except Exception:  # noqa: BLE001
                pass
        if demo.poll() is None:
            demo.kill()
        log.close()
        if failures:
            print("--- demo log (last 40 lines)", file=sys.stderr)
            print("\n".join(open(log_path).read().splitlines()[-40:]), file=sys.stderr)


if __name__ == "__main__":
    main()
    print(f"{len(failures)} failed" if failures else "war room focus test passed", flush=True)
    sys.exit(1 if failures else 0)
