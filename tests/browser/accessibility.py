"""axe-core on every page the browser tests visit.

Each browser context a test opens records the HTML pages its main frame loaded with GET and 200.
When the context is closed (or the test ends), a JavaScript-enabled twin with the same cookies
and viewport opens each page again and runs axe-core from the package (never a CDN); any
violation fails the test with the rule, its help text and the first offending elements."""

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()
MAX_PAGES_PER_CONTEXT = 40
# Swagger UI, served as it comes from django-ninja for the developers of partner systems: a
# third-party page, not one of ours, and linked only for the roles whose systems use the API.
NOT_OURS = ("/api/v1/docs",)


class Audit:
    def __init__(self, new_context):
        self.new_context = new_context  # the browser's own, not the watching wrapper
        self.open: list = []
        self.problems: list[str] = []

    def watch(self, context, viewport) -> None:
        urls: list[str] = []

        def on_response(response) -> None:
            request = response.request
            if (
                request.is_navigation_request()
                and request.frame.parent_frame is None
                and request.method == "GET"
                and response.status == 200
                and "text/html" in (response.headers.get("content-type") or "")
                and response.url not in urls
                and not any(part in response.url for part in NOT_OURS)
            ):
                urls.append(response.url)

        context.on("response", on_response)
        original_close = context.close

        def close(*args, **kwargs):
            self.check(context, urls, viewport)
            return original_close(*args, **kwargs)

        context.close = close
        self.open.append((context, urls, viewport))

    def check(self, context, urls: list[str], viewport) -> None:
        if not urls:
            return
        pending = list(urls)
        urls.clear()  # checked once, even if the test closes the context after the teardown ran
        twin = self.new_context(
            storage_state=context.storage_state(), viewport=viewport, locale="id-ID", java_script_enabled=True
        )
        try:
            page = twin.new_page()
            for url in pending[:MAX_PAGES_PER_CONTEXT]:
                response = page.goto(url)
                if response is None or response.status != 200:
                    continue
                for violation in AXE.run(page).response["violations"]:
                    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                    self.problems.append(f"{url}: {violation['id']} ({violation['help']}) at {targets}")
        finally:
            twin.close()

    def finish(self) -> list[str]:
        for context, urls, viewport in self.open:
            try:
                self.check(context, urls, viewport)
            except Exception as error:  # a context the test already closed by other means
                if "closed" not in str(error):
                    raise
        return self.problems
