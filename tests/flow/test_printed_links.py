"""The links the bot prints (its notes, `cases`, the status pages, the demo) lead to a page on the sandbox, as they do
on the real services, and customer text on those pages is escaped."""
from __future__ import annotations

import requests

from tests.flow.conftest import open_issue_case


def test_the_issue_and_ticket_links_of_a_case_open_pages_that_show_them(stack):
    _, ticket, issue, _ = open_issue_case(stack, name="Crannock <b>Systems</b>")
    case = stack.rt.store.list_cases()[0]
    page = requests.get(stack.rt.gitlab.issue_url(case.issue_iid), timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "offering-migration" in page.text and "Crannock" in page.text and "Systems" in page.text
    assert "<b>" not in page.text  # the page escapes what it shows
    page = requests.get(stack.rt.zendesk.ticket_url(ticket["id"]), timeout=5)
    assert page.status_code == 200 and "Internal note" in page.text and "offering_migration" in page.text
    assert requests.get(stack.rt.zendesk.ticket_url(999_999), timeout=5).status_code == 404
