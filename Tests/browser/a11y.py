"""Accessibility audit with axe-core, reused by the browser tests: `audit(driver, name, check)`
runs axe on the open page with its WCAG 2.0 and 2.1 A and AA rules and its best practices
(landmarks, headings), in the light and in the dark colour scheme, and reports every serious or
critical violation through the caller's `check(name, ok, detail)`.

axe-core 4.12 comes from the `axe-playwright-python` package (`pip install --no-deps
axe-playwright-python`: only its bundled `axe.min.js` is used, injected through Selenium; no
Playwright, no browser download). The axe-core 3.1 of `axe-selenium-python` tags no rule as WCAG
2.1, so it is only the fallback, and the audit says which one ran.
"""
import importlib.util
import os


def _bundled_axe():
    """The newest axe.min.js installed: axe-playwright-python's, else axe-selenium-python's."""
    for package, parts in (("axe_playwright_python", ("axe.min.js",)),
                           ("axe_selenium_python", ("node_modules", "axe-core", "axe.min.js"))):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            path = os.path.join(folder, *parts)
            if os.path.exists(path):
                return path
    raise ImportError("axe-core not found: pip install --no-deps axe-playwright-python")


AXE_JS = _bundled_axe()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")


def violations(driver):
    """Runs axe on the open page; returns its violations of the WCAG A/AA rules."""
    with open(AXE_JS, encoding="utf8") as f:
        driver.execute_script(f.read())
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        # Only the tags this axe-core knows (it refuses a run naming an unknown one).
        "var known = {}; axe.getRules().forEach(function (r) { r.tags.forEach(function (t) { known[t] = true; }); });"
        "var tags = arguments[0].filter(function (t) { return known[t]; });"
        "axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(function (r) { done(r.violations); },"
        " function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]); });", TAGS)
    return result or []


def version(driver):
    """The axe-core version the audit runs (printed once by the tests)."""
    return driver.execute_script("return window.axe ? axe.version : null")


def color_scheme(driver, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def describe(found):
    parts = []
    for v in found:
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:3]]
        parts.append(f"{v['id']} ({v.get('impact')}): {v.get('help', '')} at {', '.join(targets)}")
    return "; ".join(parts)[:1500]


def audit(driver, name, check, schemes=("light", "dark")):
    """Fails `check` for each scheme with a serious or critical violation; returns them all."""
    everything = []
    for scheme in schemes:
        color_scheme(driver, scheme)
        found = [v for v in violations(driver) if v.get("impact") in BLOCKING]
        check(f"axe: no serious or critical issue on {name} ({scheme})", not found, describe(found))
        everything += found
    color_scheme(driver, "light")
    return everything
