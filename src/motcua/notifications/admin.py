from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts import permissions
from motcua.admin_site import ReadOnlyModelAdmin, SiteModelAdmin, site
from motcua.dossiers.models import Dossier
from motcua.notifications import worker
from motcua.notifications.forms import MessageTemplateForm
from motcua.notifications.models import Message, MessageTemplate, State
from motcua.notifications.topics import TOPICS


@admin.register(MessageTemplate, site=site)
class MessageTemplateAdmin(SiteModelAdmin):
    """One set of wordings for the whole province: the province admin edits, agency admins read.
    Placeholders are checked on save (MessageTemplate.clean)."""

    form = MessageTemplateForm
    list_display = ["topic", "channel", "subject", "is_active", "updated_at"]
    list_filter = ["channel", "is_active", "topic"]
    search_fields = ["subject", "body"]

    def get_readonly_fields(self, request, obj=None):
        # Which topic and channel a template is for is fixed once it exists.
        return ["topic", "channel"] if obj is not None else []


@admin.register(Message, site=site)
class MessageAdmin(ReadOnlyModelAdmin):
    """What was sent to whom, how it went, and "send again" for what failed. Read only
    otherwise: messages are written by events, reminders and inbound questions."""

    list_display = ["created_at", "topic", "channel", "address", "dossier", "state", "attempts", "error"]
    list_filter = ["state", "channel", "topic"]
    search_fields = ["key", "address", "dossier__code", "provider_id"]
    date_hierarchy = "created_at"
    list_select_related = ["dossier", "user"]
    actions = ["send_again"]
    readonly_fields = [field.name for field in Message._meta.fields if field.name != "body"] + ["shown_body"]
    exclude = ["body"]

    @admin.display(description=_("nội dung"))
    def shown_body(self, message):
        topic = TOPICS.get(message.topic)
        if topic is not None and topic.secret:
            return _("(chứa liên kết hoặc mã bí mật, không hiển thị)")
        return message.body

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.may_administer(request.user, None):
            return queryset
        visible = permissions.visible_dossiers(request.user, Dossier.objects.all())
        users = permissions.administered_users(request.user, queryset.model._meta.get_field("user").related_model.objects.all())
        return queryset.filter(dossier__in=visible.values("pk")) | queryset.filter(
            dossier__isnull=True, user__in=users.values("pk")
        )

    @admin.action(description=_("Gửi lại các tin gửi không được"))
    def send_again(self, request, queryset):
        again = sum(worker.send_again(message) for message in queryset.filter(state=State.FAILED))
        skipped = queryset.count() - again
        self.message_user(
            request,
            ngettext("%(count)d tin được đưa lại vào hàng gửi.", "%(count)d tin được đưa lại vào hàng gửi.", again)
            % {"count": again},
        )
        if skipped:
            self.message_user(request, _("Chỉ gửi lại được tin ở trạng thái “Gửi không được”."), messages.WARNING)
