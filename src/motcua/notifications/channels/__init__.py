"""The channels messages travel on, behind one interface.

A channel builds what it would hand to its provider from a Message (`build`), hands it
over (`transmit`) and says whether it is set up at all (`configured`) and where a person
is reached on it (`address`). `transmit` returns a Receipt or raises SendFailure:
temporary failures are retried with back-off, permanent ones go to the next channel the
recipient accepts. When NOTIFY_FILE_DIR is set (development), every outward channel writes
what it built to that folder instead of sending it (see FileChannel).
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Receipt:
    provider_id: str = ""
    # True when the channel knows at once that the message reached the person (in-app
    # notices, files); others wait for the provider's callback.
    delivered: bool = False


class SendFailure(Exception):
    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


class Channel:
    name = ""

    def configured(self) -> bool:
        return True

    def address(self, *, user=None, dossier=None) -> str:
        """Where the recipient is reached on this channel, or "" when they are not."""
        raise NotImplementedError

    def carries(self, template) -> bool:
        """Whether a message of this template can go out on this channel: there is one, and
        it has something to say. A channel that cannot carry it is never chosen."""
        return template is not None and bool((template.body or "").strip())

    def build(self, message):
        raise NotImplementedError

    def transmit(self, built, message) -> Receipt:
        raise NotImplementedError

    def send(self, message) -> Receipt:
        return self.transmit(self.build(message), message)


def _registry() -> dict[str, Channel]:
    from motcua.notifications.channels.email import EmailChannel
    from motcua.notifications.channels.inapp import InAppChannel
    from motcua.notifications.channels.sms import SmsChannel
    from motcua.notifications.channels.zalo import ZaloChannel

    return {channel.name: channel for channel in (EmailChannel(), SmsChannel(), ZaloChannel(), InAppChannel())}


def get(name: str) -> Channel:
    channel = _registry()[name]
    if settings.NOTIFY_FILE_DIR and name != "inapp":
        from motcua.notifications.channels.files import FileChannel

        return FileChannel(channel, settings.NOTIFY_FILE_DIR)
    return channel


def enabled() -> list[str]:
    """The outward channels the province uses, in its default order of preference."""
    names = [name for name in settings.NOTIFY_CHANNELS if name in _registry() and name != "inapp"]
    return [name for name in names if settings.NOTIFY_FILE_DIR or _registry()[name].configured()]
