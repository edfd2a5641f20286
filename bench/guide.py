"""`make bench` figures of the public pages a runner finds first: the home page and a guide
page (the exercises page: its text, the library's four exercises as cards, the Discovery
Visit panel), each beside `trivial` in the same interleaved run, as an anonymous visitor."""

from bench.harness import Series, entry, expect, get, interleaved, progress, say

ROUNDS = 300
GOAL = 3
PAGES = {  # metric -> (url, something only the full page shows)
    "home_page": ("/", 'href="/guide/"'),
    "guide_page": ("/guide/exercises/", "Single-leg deadlift"),
}


def metric_public_page(results: dict, name: str) -> None:
    from django.test import Client

    from programs.services import library_seed

    library_seed()  # the exercises the guide's cards show
    url, shown = PAGES[name]
    say(f"{name}: GET {url} (anonymous) vs trivial, {ROUNDS} rounds")
    client = Client()
    medians = interleaved(
        {
            "page": Series(get(client, url), expect(200, contains=shown)),
            "trivial": Series(get(client, "/bench/trivial/"), expect(200)),
        },
        ROUNDS,
    )
    results[name] = entry(medians["page"], "ms", "trivial", medians["trivial"], GOAL)
    progress(
        f"{name} {medians['page']:.2f} ms vs trivial {medians['trivial']:.2f} ms "
        f"({results[name]['ratio']:.2f}x)"
    )
