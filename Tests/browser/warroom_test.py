#!/usr/bin/env python3
"""Drives the war room in headless Chromium against a running `liftoff serve`.

Started by scripts/browser-tests.sh, which creates the database, the launch and the users and
passes them in the environment:

  LIFTOFF_URL       http://127.0.0.1:PORT
  LIFTOFF_LAUNCH    launch id
  TOKEN_LEE         Engineering Lead     TOKEN_PAT   Product Owner
  TOKEN_VIC         viewer (no roles)
  PREP_STEP         id of a step before the gate    LATE_STEP  id of a step after the gate
  GATE              gate id
  FORECAST_LAUNCH   a launch under way (T-0 90 min ago) for the forecast; TOKEN_FAY its lead;
                    FORECAST_STEP its first step
  SCREENSHOTS       directory for PNGs

Every check prints PASS or FAIL with what it saw; the exit status is 1 when any check failed.
"""
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["LIFTOFF_URL"].rstrip("/")
LAUNCH = os.environ["LIFTOFF_LAUNCH"]
SHOTS = os.environ.get("SCREENSHOTS", ".build/artifacts/screenshots")
LIVE_LIMIT = float(os.environ.get("LIVE_LIMIT_SECONDS", "1.0"))

failures = []
drivers = []

CONTRAST_JS = """
function lum(c) {
  var v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(function (x) {
    x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (; el; el = el.parentElement) {
    var bg = getComputedStyle(el).backgroundColor;
    var alpha = bg.match(/[\\d.]+/g);
    if (alpha && (alpha.length < 4 || Number(alpha[3]) > 0.5)) return bg;
  }
  return "rgb(255, 255, 255)";
}
var bad = [];
document.querySelectorAll("body *").forEach(function (el) {
  if (el.closest(".sr-only, svg, [disabled]")) return;
  var text = Array.from(el.childNodes).some(function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  if (!text || !el.getClientRects().length) return;
  var st = getComputedStyle(el);
  if (st.visibility === "hidden") return;
  var a = lum(st.color), b = lum(background(el));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  var size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
  var need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
  if (ratio < need) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + " '" + el.textContent.trim().slice(0, 30) + "'");
});
return bad;
"""


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + (f" — {detail}" if detail else ""), flush=True)
    if not ok:
        failures.append(name)
    return ok


def driver(width=1280, height=1600):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=en-GB", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    # Leave dialogs open so that a script-made alert is seen, not silently dismissed.
    options.set_capability("unhandledPromptBehavior", "ignore")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    d.set_page_load_timeout(20)
    if width < 500:
        # Desktop Chromium will not make a window narrower than 500 px: emulate the phone instead.
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    drivers.append(d)
    return d


def no_alert(d, where):
    try:
        alert = d.switch_to.alert
        text = alert.text
        alert.dismiss()
        return check(f"no dialog on {where}", False, f"an alert said {text!r}")
    except NoAlertPresentException:
        return check(f"no dialog on {where}", True)


def wait(d, seconds, condition, poll=0.02):
    # Live updates replace elements under our feet: a stale element just means "look again".
    return WebDriverWait(d, seconds, poll_frequency=poll, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def login(d, token, expect_path, launch=LAUNCH):
    d.get(f"{BASE}/launches/{launch}")
    wait(d, 10, lambda d: "/login" in d.current_url)
    check("an anonymous visit goes to /login with next", "next=" in d.current_url, d.current_url)
    field = d.find_element(By.ID, "token")
    field.send_keys(token)
    field.send_keys(Keys.ENTER)
    wait(d, 10, lambda d: d.current_url.endswith(expect_path))
    wait(d, 10, lambda d: d.find_element(By.ID, "live-state").text == "live")


def step_state(d, step):
    return d.execute_script("var e = document.querySelector('[data-step=\"' + arguments[0] + '\"]');"
                            "return e ? e.className : null;", step)


def form_in(d, selector):
    return d.find_element(By.CSS_SELECTOR, selector)


def press(d, selector):
    """Clicks an element after scrolling it to the middle of the window: the war room's header
    stays in view and grows with live updates, so an element WebDriver considers visible near the
    top can sit under it when the click lands."""
    element = d.find_element(By.CSS_SELECTOR, selector)
    d.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element)
    element.click()


def csp_violations(d):
    try:
        logs = d.get_log("browser")
    except Exception:  # noqa: BLE001 - some drivers have no log endpoint
        return []
    return [entry["message"] for entry in logs if "Content Security Policy" in entry.get("message", "")
            or "Refused to" in entry.get("message", "")]


def shot(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    d.execute_script("window.scrollTo(0, 0); document.querySelectorAll('details').forEach(e => e.open = false);"
                     "if (document.activeElement) document.activeElement.blur()")
    time.sleep(0.2)
    d.save_screenshot(path)
    print(f"screenshot {path}", flush=True)


def main():
    prep, late, gate = os.environ["PREP_STEP"], os.environ["LATE_STEP"], os.environ["GATE"]

    # A bad token comes back to the login page with a message, and nothing is shown.
    a = driver()
    a.get(f"{BASE}/login")
    a.find_element(By.ID, "token").send_keys("not-a-token" + Keys.ENTER)
    wait(a, 10, lambda d: "error=invalid" in d.current_url)
    check("a wrong token is refused with a message", "not accepted" in a.find_element(By.TAG_NAME, "main").text)

    # Lee (Engineering Lead) and Pat (Product Owner) watch the same launch in two windows.
    login(a, os.environ["TOKEN_LEE"], f"/launches/{LAUNCH}")
    no_alert(a, "the war room")
    b = driver()
    login(b, os.environ["TOKEN_PAT"], f"/launches/{LAUNCH}")

    # The hostile runbook is inert: text shown as text, no script ran, no javascript: links.
    press(a, ".runbook summary")
    markdown = a.find_element(By.CSS_SELECTOR, ".runbook .markdown")
    check("runbook <script> shows as text", "<script>alert(1)</script>" in markdown.text)
    check("runbook <img onerror> shows as text", "<img src=x onerror=alert(1)>" in markdown.text)
    check("no element from runbook HTML", a.execute_script(
        "return document.querySelectorAll('main img, main iframe, main script, main [onerror], main [onclick]').length") == 0)
    check("no javascript: link", a.execute_script(
        "return Array.from(document.links).filter(l => l.protocol === 'javascript:').length") == 0)
    check("the page's script is the only script", a.execute_script(
        "return Array.from(document.scripts).map(s => s.src.replace(location.origin, '').split('?')[0])") == ["/assets/warroom.js"])
    check("no global set by injected script", a.execute_script("return typeof window.pwned") == "undefined")
    no_alert(a, "the opened runbook")
    check("no CSP violation (no inline script or style)", not csp_violations(a), "; ".join(csp_violations(a))[:300])

    low = a.execute_script(CONTRAST_JS)
    check("text contrast meets WCAG AA", not low, "; ".join(low[:5]))

    # Every visible control has a label.
    unlabelled = a.execute_script("""
        return Array.from(document.querySelectorAll('input, select, textarea, button'))
          .filter(e => e.type !== 'hidden')
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
          .map(e => e.outerHTML.slice(0, 80));""")
    check("every control has a label", not unlabelled, str(unlabelled[:3]))

    # A step after the undecided gate is refused, and the refusal shows next to its buttons.
    late_item = f'[data-step="{late}"]'
    press(a, late_item + " button.mark-done")
    try:
        wait(a, 5, lambda d: d.find_element(By.CSS_SELECTOR, late_item + " .form-error").text.strip() != "")
        check("a refused action shows the server's reason", True, a.find_element(By.CSS_SELECTOR, late_item + " .form-error").text)
    except TimeoutException:
        check("a refused action shows the server's reason", False, "no error text within 5 s")

    # Lee marks a step; Pat's window shows it within a second, without reloading.
    b.execute_script("window.notReloaded = true")
    # Pat has tabbed to a button of the step that is about to change: the swap must keep focus there.
    b.execute_script("document.querySelector('[data-step=\"' + arguments[0] + '\"] button.mark-blocked').focus()", prep)
    note = form_in(a, f'[data-step="{prep}"] input[name=note]')
    note.send_keys("done from the browser test")
    started = time.monotonic()
    press(a, f'[data-step="{prep}"] button.mark-done')
    try:
        wait(b, 5, lambda d: "state-done" in (step_state(d, prep) or ""))
        elapsed = time.monotonic() - started
        check(f"the mark appears live in the second window within {LIVE_LIMIT:.1f} s", elapsed <= LIVE_LIMIT, f"{elapsed * 1000:.0f} ms")
    except TimeoutException:
        check(f"the mark appears live in the second window within {LIVE_LIMIT:.1f} s", False, "not within 5 s")
    check("the second window was patched, not reloaded", b.execute_script("return window.notReloaded === true"))
    check("keyboard focus stays on the same button after the swap", b.execute_script(
        "var a = document.activeElement; return !!a && a.classList.contains('mark-blocked') && a.closest('[data-step]').getAttribute('data-step') === arguments[0]", prep))
    wait(a, 5, lambda d: "state-done" in (step_state(d, prep) or ""))
    # The done step folded away into its phase's settled list; the note is there when opened.
    check("the note shows on the step", "done from the browser test" in a.find_element(By.CSS_SELECTOR, f'[data-step="{prep}"] .step-note').get_attribute("textContent"))
    check("the done step folded into its phase's settled steps", a.execute_script(
        "var e = document.querySelector('[data-step=\"' + arguments[0] + '\"]'); return !!e && !!e.closest('details.done-steps')", prep))
    check("the feed lists the mark", "done from the browser test" in b.find_element(By.ID, "feed").text)

    # Votes: Lee votes GO as Engineering Lead, Pat as Product Owner; the gate decides GO live.
    gate_sel = f'[data-gate="{gate}"]'
    press(a, gate_sel + " button.vote-go")
    try:
        wait(b, 5, lambda d: "GO by lee" in d.find_element(By.CSS_SELECTOR, gate_sel).text)
        check("Lee's vote appears in Pat's window", True)
    except TimeoutException:
        check("Lee's vote appears in Pat's window", False, b.find_element(By.CSS_SELECTOR, gate_sel).text)
    press(b, gate_sel + " button.vote-go")
    try:
        wait(a, 5, lambda d: "decision-go" in d.find_element(By.CSS_SELECTOR, gate_sel).get_attribute("class"))
        check("the gate is decided GO in Lee's window", True)
    except TimeoutException:
        check("the gate is decided GO in Lee's window", False, a.find_element(By.CSS_SELECTOR, gate_sel).text)

    # The watcher inside serve posts the gate's decision as a status; it reaches the page live.
    try:
        wait(b, 20, lambda d: "decided GO" in d.find_element(By.ID, "status-current").text)
        check("the gate decision is posted as a status, live", True)
    except TimeoutException:
        check("the gate decision is posted as a status, live", False, b.find_element(By.ID, "status-current").text)

    # A status update: internal, so the public page (for customers) does not show it.
    a.find_element(By.ID, "status-message").send_keys("Deploy window open, all checks green")
    press(a, "#status button[type=submit]")
    wait(b, 5, lambda d: "Deploy window open" in d.find_element(By.ID, "status-current").text)
    press(a, "#status input[value=yellow]")
    a.find_element(By.ID, "status-message").send_keys("Elevated errors in EU <b>watching</b>")
    press(a, "#status button[type=submit]")
    try:
        wait(b, 5, lambda d: "Elevated errors in EU" in d.find_element(By.ID, "status-current").text)
        check("the status appears live in the second window", True)
    except TimeoutException:
        check("the status appears live in the second window", False)
    time.sleep(0.3)
    no_alert(a, "the war room after actions")
    shot(a, "warroom.png")

    c = driver(375, 812)
    c.get(f"{BASE}/status/{LAUNCH}")
    ActionChains(c).send_keys(Keys.TAB).perform()
    check("the first Tab reaches the skip link", c.switch_to.active_element.get_attribute("class") == "skip-link")
    text = c.find_element(By.TAG_NAME, "main").text
    check("the public status page needs no login", "/status/" in c.current_url, c.current_url)
    check("the status page keeps the internal update out", "Elevated errors in EU" not in c.page_source, text[:200])
    check("the status page shows nothing internal",
          all(s not in c.page_source for s in ("done from the browser test", "lee", "csrf", "Engineering Lead")))
    check("the phone viewport is 375 px wide", c.execute_script("return window.innerWidth") == 375)
    check("the status page fits 375 px", c.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"))
    low = c.execute_script(CONTRAST_JS)
    check("status page contrast meets WCAG AA", not low, "; ".join(low[:5]))
    shot(c, "status.png")

    # A viewer on a phone: the page reads, has no forms, and does not scroll sideways.
    login(c, os.environ["TOKEN_VIC"], f"/launches/{LAUNCH}")
    check("a viewer gets no action forms", not c.find_elements(By.CSS_SELECTOR, "form[data-api]"))
    check("the war room fits 375 px", c.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"),
          str(c.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")))
    shot(c, "warroom-phone.png")
    clock1 = c.find_element(By.ID, "clock").text
    time.sleep(1.2)
    check("the T-minus clock ticks", c.find_element(By.ID, "clock").text != clock1, clock1)
    no_alert(c, "the phone war room")

    # The report, from the war room's header link: a standalone page whose one style sheet is
    # admitted by hash in its own CSP (a refused style would leave the browser's white page).
    r = driver(1280, 1600)
    login(r, os.environ["TOKEN_VIC"], f"/launches/{LAUNCH}")
    press(r, "a.report-link")
    wait(r, 10, lambda d: "/report" in d.current_url)
    check("the Report link opens the launch report", "launch report" in r.title.lower(), r.title)
    check("the report's style sheet applies under its CSP",
          r.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(238, 241, 244)")
    refused = csp_violations(r)
    check("the report page breaks no CSP rule", not refused, "; ".join(refused[:3]))
    check("the report runs no script", not r.find_elements(By.TAG_NAME, "script"))
    low = r.execute_script(CONTRAST_JS)
    check("report contrast meets WCAG AA", not low, "; ".join(low[:5]))
    no_alert(r, "the report")
    shot(r, "report.png")


def forecast_moves():
    """A step finished late moves the forecast on the open page, without a reload."""
    launch = os.environ.get("FORECAST_LAUNCH")
    if not launch:
        return
    f = driver(1280, 1600)
    login(f, os.environ["TOKEN_FAY"], f"/launches/{launch}", launch=launch)
    line = lambda d: d.find_element(By.ID, "forecast-line").text
    before = line(f)
    check("the war room shows the forecast against the window", "forecast end" in before and "window closes" in before, before)
    check("the header repeats it", f.find_element(By.ID, "forecast-summary").text == before, f.find_element(By.ID, "forecast-summary").text)
    check("the critical path is named", "Stop writes" in f.find_element(By.CSS_SELECTOR, "#now .critical-path").text)
    item = f'[data-step="{os.environ["FORECAST_STEP"]}"]'
    f.execute_script("window.forecastMarker = 1")
    press(f, item + " button.mark-done")
    try:
        wait(f, 5, lambda d: line(d) != before)
        check("finishing the late step moves the forecast live", True, f"{before!r} -> {line(f)!r}")
    except TimeoutException:
        check("finishing the late step moves the forecast live", False, f"still {before!r} after 5 s")
    check("the page was not reloaded for it", f.execute_script("return window.forecastMarker") == 1)
    no_alert(f, "the forecast war room")
    shot(f, "warroom-forecast.png")


if __name__ == "__main__":
    try:
        main()
        forecast_moves()
    except Exception:  # noqa: BLE001 - report and fail, never hang
        traceback.print_exc()
        failures.append("the test script raised")
    finally:
        for d in drivers:
            try:
                d.quit()
            except Exception:  # noqa: BLE001
                pass
    print(f"{'FAILED' if failures else 'OK'}: {len(failures)} failed", flush=True)
    sys.exit(1 if failures else 0)
