"""A second application of the province, for the single sign-on tests: a tiny WSGI app that
signs its users in through MotCua with Authlib (authorization code + PKCE S256, state and
nonce), verifies the ID token against MotCua's JWKS with joserfc, reads userinfo, and shows
who signed in. Started by the tests as a separate process:

    python relying_party.py ISSUER CLIENT_ID CLIENT_SECRET

It listens on a free port of 127.0.0.1 and prints that port on its first line of output.
Pages: / (who is signed in, with the claims as JSON), /dang-nhap (starts the sign-in),
/callback (MotCua's answer), /dang-xuat (RP-initiated logout at MotCua).
"""

import html
import json
import secrets
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

SCOPE = "openid profile email roles national_id"


class RelyingParty:
    def __init__(self, issuer: str, client_id: str, client_secret: str):
        self.issuer, self.client_id, self.client_secret = issuer, client_id, client_secret
        self.base = ""
        self.pending: dict[str, dict] = {}  # state → verifier and nonce of a sign-in under way
        self.sessions: dict[str, dict] = {}  # cookie → who signed in

    def metadata(self) -> dict:
        return requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10).json()

    def oauth(self) -> OAuth2Session:
        return OAuth2Session(
            self.client_id, self.client_secret, scope=SCOPE, redirect_uri=f"{self.base}/callback", code_challenge_method="S256"
        )

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        session = self.sessions.get(cookie["rp"].value) if "rp" in cookie else None
        if path == "/dang-nhap":
            return self.start_sign_in(start_response)
        if path == "/callback":
            return self.callback(environ, start_response)
        if path == "/dang-xuat" and session:
            return self.sign_out(cookie["rp"].value, session, start_response)
        if path == "/":
            if session:
                body = (
                    f"<p id='who'>Đã đăng nhập: {html.escape(session['userinfo'].get('name', ''))}</p>"
                    f"<pre id='claims'>{html.escape(json.dumps(session, ensure_ascii=False))}</pre>"
                    "<p><a href='/dang-xuat'>Đăng xuất</a></p>"
                )
            else:
                body = "<p id='who'>Chưa đăng nhập</p><p><a href='/dang-nhap'>Đăng nhập bằng MotCua</a></p>"
            return self.page(start_response, "200 OK", body)
        return self.page(start_response, "404 Not Found", "<p>Không có trang này</p>")

    def start_sign_in(self, start_response):
        verifier, nonce = generate_token(48), generate_token(20)
        url, state = self.oauth().create_authorization_url(self.metadata()["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
        self.pending[state] = {"verifier": verifier, "nonce": nonce}
        start_response("302 Found", [("Location", url)])
        return [b""]

    def callback(self, environ, start_response):
        query = dict(pair.split("=", 1) for pair in environ.get("QUERY_STRING", "").split("&") if "=" in pair)
        if "error" in query:
            return self.page(start_response, "200 OK", f"<p id='error'>MotCua trả lời: {html.escape(query['error'])}</p>")
        pending = self.pending.pop(query.get("state", ""), None)
        if pending is None:
            return self.page(start_response, "400 Bad Request", "<p id='error'>Sai state</p>")
        metadata = self.metadata()
        oauth = self.oauth()
        token = oauth.fetch_token(
            metadata["token_endpoint"],
            authorization_response=f"{self.base}/callback?{environ['QUERY_STRING']}",
            code_verifier=pending["verifier"],
        )
        keys = KeySet.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
        try:
            id_token = jwt.decode(token["id_token"], keys, algorithms=["RS256"])
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": metadata["issuer"]},
                aud={"essential": True, "value": self.client_id},
                nonce={"essential": True, "value": pending["nonce"]},
                sub={"essential": True},
            ).validate(id_token.claims)
        except JoseError as error:
            return self.page(start_response, "400 Bad Request", f"<p id='error'>ID token không hợp lệ: {html.escape(str(error))}</p>")
        userinfo = oauth.get(metadata["userinfo_endpoint"]).json()
        if userinfo.get("sub") != id_token.claims["sub"]:
            return self.page(start_response, "400 Bad Request", "<p id='error'>userinfo không khớp ID token</p>")
        key = secrets.token_urlsafe(16)
        self.sessions[key] = {"id_token": id_token.claims, "userinfo": userinfo, "raw_id_token": token["id_token"]}
        start_response("302 Found", [("Location", "/"), ("Set-Cookie", f"rp={key}; Path=/; HttpOnly")])
        return [b""]

    def sign_out(self, key, session, start_response):
        del self.sessions[key]
        query = urlencode({"id_token_hint": session["raw_id_token"], "post_logout_redirect_uri": f"{self.base}/", "client_id": self.client_id})
        start_response("302 Found", [("Location", f"{self.metadata()['end_session_endpoint']}?{query}")])
        return [b""]

    @staticmethod
    def page(start_response, status, body):
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        document = f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Hệ thống thử nghiệm</title></head><body><main><h1>Hệ thống văn bản (thử nghiệm)</h1>{body}</main></body></html>"
        return [document.encode()]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    issuer, client_id, client_secret = sys.argv[1:4]
    app = RelyingParty(issuer, client_id, client_secret)
    server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    app.base = f"http://127.0.0.1:{server.server_port}"
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
