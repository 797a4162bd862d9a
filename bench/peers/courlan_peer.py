"""Runs inside bench/work/venvs/courlan: courlan's link filters over a home page, JSON in/out.

stdin:  {"sites": [{"name", "url", "html", "language"}]} -> {"results": {name: [article urls]}}
        {"urls": [...]} -> {"results": [bool]}: would `filter_links` keep it as content

The same filtering trafilatura's spider uses: `courlan.filter_links` (extract + `check_url`
+ `is_not_crawlable`), whose first list is the content links (its second, navigation pages,
is not articles); strict mode and the site's language, which is courlan at its most precise.
"""

import json
import sys

from courlan import check_url, filter_links, is_navigation_page, is_not_crawlable


def is_content(url: str) -> bool:
    return (
        check_url(url, strict=True) is not None
        and not is_not_crawlable(url)
        and not is_navigation_page(url)
    )


if __name__ == "__main__":
    data = json.load(sys.stdin)
    if "urls" in data:
        json.dump({"results": [is_content(u) for u in data["urls"]]}, sys.stdout)
        sys.exit(0)
    results = {}
    for site in data["sites"]:
        links, _navigation = filter_links(
            site["html"], site["url"], lang=site.get("language"), strict=True, with_nav=True
        )
        results[site["name"]] = links
    json.dump({"results": results}, sys.stdout)
