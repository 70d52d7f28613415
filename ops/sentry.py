"""Optional error reporting: Sentry's SDK, only when SENTRY_DSN is set. No personal data is sent."""


def init(dsn: str, *, environment: str = "", release: str = "", traces_sample_rate: float = 0.0) -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,  # children's data: no user emails, cookies or request bodies
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
    )
    return True
