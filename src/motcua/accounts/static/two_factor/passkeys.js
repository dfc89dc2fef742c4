// Once a passkey is registered, the page is read again: it lists the new key and, for a first
// factor, shows the recovery codes once.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
