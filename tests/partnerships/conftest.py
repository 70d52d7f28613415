import pytest


@pytest.fixture
def as_user(login):
    """as_user(user) -> a logged-in test client."""
    return login
