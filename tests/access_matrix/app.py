from . import EVERYONE, Row

# The installable app's parts (families/views_app.py): open to anyone, the same for everyone, and they take no POST.
ROWS = [
    Row("service_worker", EVERYONE, anonymous=200),
    Row("web_manifest", EVERYONE, anonymous=200),
    Row("offline", EVERYONE, anonymous=200),
    Row("service_worker", EVERYONE, method="post", ok=405, anonymous=405),
    Row("web_manifest", EVERYONE, method="post", ok=405, anonymous=405),
    Row("offline", EVERYONE, method="post", ok=405, anonymous=405),
]
