from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Refuse, with a 400, any request whose path, query or form fields hold a NUL character.

    No text a person types contains one, PostgreSQL cannot store one, and letting it reach
    a query turns a malformed request into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._in(request.GET) or (request.method == "POST" and self._in(request.POST)):
            return HttpResponseBadRequest(_("Yêu cầu chứa ký tự không hợp lệ."), content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _in(values) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values.getlist(key)) for key in values)
