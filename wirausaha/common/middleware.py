class IndonesianFirstMiddleware:
    """Indonesian unless the person picked another language with the switch (a cookie): the
    browser's own language is not asked, since many phones in Indonesia are set to English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
