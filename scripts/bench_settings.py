"""Production settings for the benchmark, except static files: no manifest post-processing.

The vendored bootstrap bundle names a source map that is not shipped, which the manifest storage refuses
(see docs/diaries.md); the pages measured here do not depend on hashed static names.
"""

from config.settings import *  # noqa: F401,F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
