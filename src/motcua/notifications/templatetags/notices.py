from django import template

from motcua.notifications.models import Channel, Message

register = template.Library()


@register.inclusion_tag("notifications/_link.html")
def notices_link(user):
    """The link to one's notices, with the number not read yet."""
    unread = 0
    if user.is_authenticated:
        unread = Message.objects.filter(user=user, channel=Channel.INAPP, read_at__isnull=True).count()
    return {"unread": unread, "show": user.is_authenticated}
