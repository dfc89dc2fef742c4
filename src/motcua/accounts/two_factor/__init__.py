"""Two factors for officials: TOTP (django-otp), passkeys and security keys (django-otp-webauthn)
and single-use recovery codes (django-otp's static device).

policy says who owes a second factor for a request (the roles the province chooses, the
superuser, every official outside the office networks); the middleware sends them to give it
before the protected areas; services enrol, verify and reset; the views are thin.
"""
