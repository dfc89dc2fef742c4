"""Whether a page conforms: axe-core checks it in the browser, the Nu HTML checker (vnu.jar)
checks the HTML the server sent. Both come from npm (tests/tools/package.json, installed by
`make install-test`); Java runs vnu.jar.

axe is put into the page through the DevTools protocol (Runtime.evaluate), which the page's
Content-Security-Policy does not govern: Playwright's add_script_tag would write an inline
<script> that the strict CSP refuses, and bypassing the CSP for the whole context would test
a page other than the one citizens get."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[3] / "tests" / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSING = "Thiếu công cụ kiểm tra trang ({what}): chạy `make install-test` (cần node/npm và Java 17)"

# Rules left to people: axe's "color-contrast" needs rendered fonts and still flags
# nothing automatically decidable on these pages; keep the list empty unless a rule is wrong.
AXE_DISABLED: list[str] = []


def _missing(what: str) -> None:
    message = MISSING.format(what=what)
    if os.environ.get("MOTCUA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (MOTCUA_REQUIRE_BROWSER=1: kiểm tra là bắt buộc)", pytrace=False)
    pytest.skip(message)


def require_axe() -> str:
    if not AXE.exists():
        _missing("axe-core")
    return AXE.read_text(encoding="utf-8")


def require_vnu() -> list[str]:
    java = shutil.which("java")
    if not VNU.exists() or not java:
        _missing("vnu.jar" if java else "java")
    return [java, "-jar", str(VNU)]


def axe_violations(page) -> list[dict]:
    """axe's violations on the page as it stands (WCAG 2.1 A/AA and best practices)."""
    if page.evaluate("() => typeof window.axe") == "undefined":
        session = page.context.new_cdp_session(page)
        session.send("Runtime.evaluate", {"expression": require_axe()})
        session.detach()
    return page.evaluate(
        """async (disabled) => {
            const rules = Object.fromEntries(disabled.map(id => [id, {enabled: false}]));
            const result = await axe.run(document, {rules, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1, 2).join('')),
            }));
        }""",
        AXE_DISABLED,
    )


def describe_violations(name: str, violations: list[dict]) -> str:
    lines = [f"{name}: {len(violations)} lỗi truy cập (axe-core)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)


def assert_accessible(page, name: str = "") -> None:
    """Fail with a readable list if axe finds any violation on the page as it stands."""
    violations = axe_violations(page)
    assert not violations, describe_violations(name or page.url, violations)


def validate_html(files: dict[str, Path]) -> list[str]:
    """Run vnu.jar once over all the files; return the errors as 'page:line: message'."""
    if not files:
        return []
    by_path = {str(path.resolve()): name for name, path in files.items()}
    command = [*require_vnu(), "--format", "json", "--errors-only", *by_path]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = []
    for message in messages:
        url = message.get("url", "")
        path = url.removeprefix("file:")
        name = by_path.get(str(Path(path).resolve()), path)
        errors.append(f"{name}:{message.get('lastLine', '?')}: {message.get('message', '')} [{message.get('extract', '').strip()[:120]}]")
    return errors
