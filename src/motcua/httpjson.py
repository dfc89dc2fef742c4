"""JSON over HTTPS to an outside service (SMS gateway, Zalo, a payment gateway's API), with the
failures sorted into those worth retrying and those that are not."""

import json
import urllib.error
import urllib.request

TIMEOUT = 15


class HttpFailure(Exception):
    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


def post_json(url: str, payload: dict, headers: dict | None = None, timeout: float = TIMEOUT) -> dict:
    """POST `payload` as JSON and return the JSON object answered; HttpFailure otherwise."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (a configured https address)
            body = response.read()
    except urllib.error.HTTPError as error:
        # 4xx: the service refuses this request as it is; 5xx and 429: it may take it later.
        raise HttpFailure(f"HTTP {error.code} from {url}", permanent=400 <= error.code < 500 and error.code != 429)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise HttpFailure(f"{url}: {error}")
    try:
        answer = json.loads(body)
    except ValueError:
        raise HttpFailure(f"{url} did not answer in JSON")
    if not isinstance(answer, dict):
        raise HttpFailure(f"{url} answered {answer!r}")
    return answer
