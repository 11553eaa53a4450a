"""`{% import_map %}`: the page's import map, as JSON.

It maps the bare name "uplot" to its module, and, once static files are collected with hashed
names, each of our ES modules' plain URL (/static/js/editor.js, which is what `import
'./editor.js'` inside a hashed /static/js/app.<hash>.js resolves to) to its hashed URL, so every
module the page loads is a hashed file cached for a year and a new deploy is never mixed with a
stale cached module. (Django's hashed storage rewrites no JavaScript imports; JointJS is one
classic script, loaded by its hashed name.)
"""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: Escapes that keep the JSON from ending its <script> element early.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def imports() -> dict[str, str]:
    mapping = {"uplot": static("vendor/uplot/uPlot.esm.js")}
    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    for name in sorted(hashed):
        if name.startswith("js/") and name.endswith(".js") and not name.startswith("js/tests/"):
            mapping[f"{settings.STATIC_URL}{name}"] = staticfiles_storage.url(name)
    return mapping


@register.simple_tag
def import_map() -> SafeString:
    return mark_safe(json.dumps({"imports": imports()}, indent=None).translate(_SCRIPT_SAFE))
