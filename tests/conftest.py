"""Session-wide test order: real-browser tests run last.

Playwright's sync API keeps an asyncio loop alive for the session once a browser starts; widget tests that
check for a running loop (the builder's debouncer) must run before it, and the slow browser tests are best last.
"""

from __future__ import annotations


def pytest_collection_modifyitems(session, config, items):
    """Move tests under tests/browser/ to the end, keeping every other test's order."""
    browser = [i for i in items if "/tests/browser/" in str(i.path).replace("\\", "/")]
    if browser:
        rest = [i for i in items if i not in set(browser)]
        items[:] = rest + browser
