from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_LABELS
from notifications import events
from notifications.models import Channel


class PreferenceForm(forms.Form):
    """The person's choices; events are shown as what they want (the model keeps what they muted)."""

    events = forms.MultipleChoiceField(
        label=_("接收哪些事件"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("站外渠道"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("站内消息总会收到；邮件需要账号里有邮箱地址，机器人需要填写下面的地址。"),
    )
    digest = forms.BooleanField(
        label=_("每日汇总"), required=False, help_text=_("站外渠道每天只发一封汇总，不逐条发送。")
    )
    language = forms.ChoiceField(label=_("消息语言"), required=False)
    wecom_webhook = forms.URLField(
        label=_("企业微信机器人地址"), required=False, max_length=500, assume_scheme="https"
    )
    dingtalk_webhook = forms.URLField(
        label=_("钉钉机器人地址"), required=False, max_length=500, assume_scheme="https"
    )
    dingtalk_secret = forms.CharField(
        label=_("钉钉加签密钥"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("留空则保持原密钥不变。"),
    )
    clear_dingtalk_secret = forms.BooleanField(label=_("清除钉钉加签密钥"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = events.choices()
        self.fields["language"].choices = [("", _("系统默认（中文）")), *settings.LANGUAGES]

    @classmethod
    def initial_for(cls, pref) -> dict:
        muted = set(pref.muted_events or [])
        return {
            "events": [code for code, _label in events.choices() if code not in muted],
            "channels": pref.channels,
            "digest": pref.digest,
            "language": pref.language,
            "wecom_webhook": pref.wecom_webhook,
            "dingtalk_webhook": pref.dingtalk_webhook,
        }

    def changes(self) -> dict:
        data = self.cleaned_data
        wanted = set(data["events"])
        changes = {
            "muted_events": [code for code, _label in events.choices() if code not in wanted],
            "channels": data["channels"],
            "digest": data["digest"],
            "language": data["language"],
            "wecom_webhook": data["wecom_webhook"],
            "dingtalk_webhook": data["dingtalk_webhook"],
        }
        if data["clear_dingtalk_secret"]:
            changes["dingtalk_secret"] = ""
        elif data["dingtalk_secret"]:
            changes["dingtalk_secret"] = data["dingtalk_secret"]
        return changes


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(ROLE_LABELS.get(obj.name, obj.name))


class GroupWebhookForm(forms.Form):
    group = RoleChoiceField(label=_("角色"), queryset=Group.objects.order_by("name"))
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices[1:])
    name = forms.CharField(label=_("名称"), max_length=100)
    url = forms.URLField(label=_("Webhook 地址"), max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label=_("加签密钥"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("仅钉钉：机器人安全设置选了“加签”时填写。"),
    )
    events = forms.MultipleChoiceField(
        label=_("事件"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则发送全部事件。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = events.choices()
