"""Runs inside bench/work/venvs/courlan: courlan's link filters over a home page, JSON in/out.

stdin:  {"sites": [{"name", "url", "html", "language"}]}
stdout: {"results": {name: [article urls]}}

The same filtering trafilatura's spider uses: `courlan.filter_links` (extract + `check_url`
+ `is_not_crawlable`), whose first list is the content links (its second, navigation pages,
is not articles); strict mode and the site's language, which is courlan at its most precise.
"""

import json
import sys

from courlan import filter_links

if __name__ == "__main__":
    data = json.load(sys.stdin)
    results = {}
    for site in data["sites"]:
        links, _navigation = filter_links(
            site["html"], site["url"], lang=site.get("language"), strict=True, with_nav=True
        )
        results[site["name"]] = links
    json.dump({"results": results}, sys.stdout)
