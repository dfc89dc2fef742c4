"""JSON over HTTPS to a provider (motcua.httpjson), its failures as SendFailure."""

from motcua.httpjson import HttpFailure
from motcua.httpjson import post_json as _post_json
from motcua.notifications.channels import SendFailure


def post_json(url: str, payload: dict, headers: dict | None = None) -> dict:
    try:
        return _post_json(url, payload, headers)
    except HttpFailure as failure:
        raise SendFailure(str(failure), permanent=failure.permanent) from failure
