from motcua.notifications.channels import Channel, Receipt


class InAppChannel(Channel):
    """A notice on the portal (or in the back office): the Message row is the notice, shown
    on the person's notices page until read; "sending" it only marks it there."""

    name = "inapp"

    def address(self, *, user=None, dossier=None) -> str:
        return "" if user is None else str(user.pk)

    def build(self, message):
        return message

    def transmit(self, built, message) -> Receipt:
        return Receipt(delivered=True)
