"""Who may reach every named URL. Each app adds a module here with a ROWS list; test_access_matrix walks them.

A row names a URL, how to build its arguments from the personas, who is allowed, and what they get.
Everyone else logged in gets 404 (DESIGN: "not yours" looks like "missing"); anonymous users are sent
to the login page unless the row says the page is public.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

PERSONAS = (
    "manager", "dsl", "key_person", "other_room_practitioner", "cook", "mother", "father", "grandmother", "nanny",
    "restricted_parent", "other_parent", "other_setting_staff",
)
EVERYONE = frozenset(PERSONAS)
SETTING_STAFF = frozenset({"manager", "dsl", "key_person", "other_room_practitioner", "cook"})
ALL_STAFF = SETTING_STAFF | {"other_setting_staff"}
ALFIE_STAFF = frozenset({"manager", "dsl", "key_person"})
ALFIE_FAMILY = frozenset({"mother", "father", "grandmother", "nanny"})  # every unrestricted link
ALFIE_CONTRIBUTORS = ALFIE_FAMILY  # every link in the personas may contribute
ALFIE_CONCERN_CARERS = frozenset({"mother", "father"})
ALFIE_PR = frozenset({"mother", "father"})  # unrestricted parental responsibility
MANAGER = frozenset({"manager"})
# Setting-level pages (no object in the URL): every manager reaches their own setting's page.
ANY_MANAGER = frozenset({"manager", "other_setting_staff"})
FAMILIES = frozenset({"mother", "father", "grandmother", "nanny", "other_parent"})


@dataclass
class Row:
    name: str
    allowed: frozenset
    kwargs: Callable = lambda p: {}
    method: str = "get"
    data: Callable = lambda p: {}
    ok: int = 200  # what an allowed persona gets
    denied: int = 404  # what everyone else logged in gets
    anonymous: int = 302  # 302 = sent to the login page
    overrides: dict = field(default_factory=dict)  # persona -> status, for the odd exception
    query: str = ""

    def expected(self, persona: str) -> int:
        if persona in self.overrides:
            return self.overrides[persona]
        return self.ok if persona in self.allowed else self.denied


def post_rows(rows, posts: dict) -> list:
    """POST twins of GET rows: same URL and (unless overridden) the same people allowed.

    `posts` maps each form view's name to what differs for its POST: `data` (default: an empty form, which an
    allowed persona gets back with its errors, 200), `ok`, `allowed`, `overrides`. Listing a view here is the
    statement "this is who may post to it"; test_access_matrix checks it and that a refused post changes nothing.
    """
    by_name = {row.name: row for row in rows if row.method == "get"}
    return [replace(by_name[name], method="post", **{"data": lambda p: {}, **extra}) for name, extra in posts.items()]
