"""What the registry's form pages show, read from their HTML."""

import re


def errors_in(response) -> dict[str, str]:
    """The per-field messages shown next to the fields: {field: message}."""
    html = response.content.decode()
    return dict(re.findall(r'<p class="field-error" id="id_(\w+?)_error">([^<]*)</p>', html))
