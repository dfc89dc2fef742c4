from motcua.payments import checks


def test_an_unknown_gateway_is_an_error(settings):
    settings.PAYMENT_GATEWAY = "paypal"
    assert [e.id for e in checks.gateway_is_known(None)] == ["payments.E001"]


def test_the_sandbox_is_flagged_for_production(settings):
    settings.PAYMENT_GATEWAY = "sandbox"
    assert checks.gateway_is_known(None) == []
    assert [w.id for w in checks.no_sandbox_in_production(None)] == ["payments.W001"]


def test_an_unconfigured_vnpay_is_flagged_for_production(settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.VNPAY_HASH_SECRET = ""
    assert [w.id for w in checks.no_sandbox_in_production(None)] == ["payments.W002"]


def test_a_configured_vnpay_passes(vnpay):
    assert checks.no_sandbox_in_production(None) == []
