from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are made only by accepting an invitation (families.views_accounts)."""

    def is_open_for_signup(self, request):
        return False
