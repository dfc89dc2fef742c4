import json
import sys
from pathlib import Path

from django.utils import timezone

from motcua.notifications.channels import Channel, Receipt


class FileChannel(Channel):
    """Development stand-in for an outward channel: what the channel would hand to its
    provider is written to a folder (an .eml for email, JSON for SMS and Zalo), or to the
    console when the folder is "-". Addresses, templates and fallbacks work as in
    production; nothing leaves the machine."""

    def __init__(self, inner: Channel, folder: str):
        self.inner = inner
        self.name = inner.name
        self.folder = folder

    def configured(self) -> bool:
        return True

    def address(self, **kwargs) -> str:
        return self.inner.address(**kwargs)

    def carries(self, template) -> bool:
        # What the real channel could not send is not written to a file either: the demo
        # chooses channels exactly as production does.
        return self.inner.carries(template)

    def build(self, message):
        return self.inner.build(message)

    def transmit(self, built, message) -> Receipt:
        if self.name == "email":
            content = built.message().as_bytes()
            suffix = "eml"
        else:
            content = json.dumps(built, ensure_ascii=False, indent=2, default=str).encode()
            suffix = "json"
        if self.folder == "-":
            sys.stdout.write(f"--- {self.name} → {message.address}\n{content.decode(errors='replace')}\n")
            sys.stdout.flush()
        else:
            folder = Path(self.folder)
            folder.mkdir(parents=True, exist_ok=True)
            # Named after the message, not the attempt: a message sent again after a crash
            # replaces its file, as a provider recognises the copy by its idempotency key.
            stamp = timezone.localtime(message.created_at).strftime("%Y%m%d-%H%M%S")
            (folder / f"{stamp}-{message.pk}-{self.name}.{suffix}").write_bytes(content)
        return Receipt(provider_id=f"file-{message.pk}", delivered=True)
