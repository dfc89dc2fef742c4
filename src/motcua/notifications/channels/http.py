"""JSON over HTTPS to a provider, with the failures sorted for retrying."""

import json
import urllib.error
import urllib.request

from motcua.notifications.channels import SendFailure

TIMEOUT = 15


def post_json(url: str, payload: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (configured https address)
            body = response.read()
    except urllib.error.HTTPError as error:
        # 4xx: the provider refuses this request as it is; 5xx: it may take it later.
        raise SendFailure(f"HTTP {error.code} from {url}", permanent=400 <= error.code < 500 and error.code != 429)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendFailure(f"{url}: {error}")
    try:
        answer = json.loads(body)
    except ValueError:
        raise SendFailure(f"{url} did not answer in JSON")
    if not isinstance(answer, dict):
        raise SendFailure(f"{url} answered {answer!r}")
    return answer
