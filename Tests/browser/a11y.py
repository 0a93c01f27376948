"""Accessibility audit with axe-core (bundled by the `axe-selenium-python` package), reused by
the browser tests: `audit(driver, name, check)` runs axe on the open page with its WCAG A and AA
rules (2.0, and 2.1 where the bundled axe-core has them: axe-selenium-python 2.1.6 bundles
axe-core 3.1.1, which tags none as 2.1) and its best practices (landmarks, headings), in the
light and in the dark colour scheme, and reports every serious or critical violation through
the caller's `check(name, ok, detail)`.
"""
import os

import axe_selenium_python

AXE_JS = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
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
