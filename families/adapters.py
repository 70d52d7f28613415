from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are made only by accepting an invitation (families.views_accounts)."""

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account wrong-password limit counts per account *and* address.

        Keyed on the account alone, five wrong passwords from anyone, anywhere, every five minutes would keep
        the manager or the DSL out of their working day. Keyed on account + address, a stranger only locks
        themselves out; guessing from many addresses is slowed by the per-address limit, the password rules
        and, for the accounts that matter most, TOTP. The address is the client's as allauth sees it
        (ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER behind a proxy).
        """
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}@{self.get_client_ip(request)}"

    def login(self, request, user):
        super().login(request, user)
        # The "signed in" message is written in this same request: write it in the person's own language.
        if user.language:
            try:
                translation.activate(translation.get_supported_language_variant(user.language))
            except LookupError:
                pass
