"""Templates of messages: placeholders checked when saved, filled when a message is written.

Placeholders are `{name}` in the sense of Python's str.format, restricted to bare names the
topic offers: no attribute or index access, no conversion or format spec, so that a
template edited in the admin can only insert the values it was given. A literal brace is
written twice ({{ or }}).
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.notifications.topics import TOPICS

_formatter = Formatter()


def placeholders_in(text: str) -> list[str]:
    """The placeholder names in `text`, in order; ValueError when the braces do not parse."""
    return [name for _literal, name, _spec, _conversion in _formatter.parse(text or "") if name is not None]


def check_text(text: str, allowed) -> None:
    """Raise ValidationError (in Vietnamese) unless every placeholder of `text` is allowed."""
    try:
        parsed = list(_formatter.parse(text or ""))
    except ValueError:
        raise ValidationError(
            _("Dấu ngoặc nhọn không khớp. Viết {ten_truong} cho trường dữ liệu, {{ hoặc }} cho chính dấu ngoặc.")
        )
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise ValidationError(_("Trường {%(name)s} không được kèm định dạng (“:” hay “!”).") % {"name": name})
        if name not in allowed:
            raise ValidationError(
                _("Không có trường {%(name)s}. Các trường dùng được: %(allowed)s.")
                % {"name": name or "", "allowed": ", ".join(f"{{{key}}}" for key in allowed)}
            )


def check_template(template) -> None:
    """The admin's check of a MessageTemplate before it is saved."""
    topic = TOPICS.get(template.topic)
    if topic is None:
        raise ValidationError(_("Loại thông báo không hợp lệ."))
    errors = {}
    for field in ("subject", "body"):
        try:
            check_text(getattr(template, field), topic.placeholders)
        except ValidationError as error:
            errors[field] = error
    if not (template.body or "").strip():
        errors["body"] = ValidationError(_("Nội dung không được để trống."))
    if errors:
        raise ValidationError(errors)


def fill(text: str, context: dict) -> str:
    """`text` with its placeholders replaced; a value the context lacks reads as empty."""
    values = {name: str(context.get(name, "")) for name in placeholders_in(text)}
    return text.format_map(values)


def template_for(topic: str, channel: str):
    """The province's template, or None when the channel has none for this topic (or it
    was switched off)."""
    from motcua.notifications.models import MessageTemplate

    return MessageTemplate.objects.filter(topic=topic, channel=channel, is_active=True).first()


def ensure_templates(**kwargs) -> None:
    """Create the default template of every topic and channel that has none yet (after
    migrate). Templates the province edited are left as they are."""
    from motcua.notifications.models import MessageTemplate

    existing = set(MessageTemplate.objects.values_list("topic", "channel"))
    MessageTemplate.objects.bulk_create(
        MessageTemplate(topic=topic.key, channel=channel, subject=subject, body=body)
        for topic in TOPICS.values()
        for channel, (subject, body) in topic.defaults.items()
        if (topic.key, channel) not in existing
    )
