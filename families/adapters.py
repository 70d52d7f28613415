from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are made only by accepting an invitation (families.views_accounts)."""

    def is_open_for_signup(self, request):
        return False

    def login(self, request, user):
        super().login(request, user)
        # The "signed in" message is written in this same request: write it in the person's own language.
        if user.language:
            try:
                translation.activate(translation.get_supported_language_variant(user.language))
            except LookupError:
                pass
