"""The offline guard itself (conftest.OfflineBrowser): a request past 127.0.0.1 is stopped and recorded."""

from __future__ import annotations


def test_a_request_leaving_the_machine_is_stopped_and_recorded(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/x/all.min.css">'
            '<img src="http://192.0.2.1/pixel.png"><p>hi</p>'
        )
        page.wait_for_timeout(500)
        outside, browser.outside[:] = list(browser.outside), []  # taken here, so the offline fixture passes
        assert sorted(outside) == ["http://192.0.2.1/pixel.png", "https://cdn.jsdelivr.net/npm/x/all.min.css"]
    finally:
        page.close()
