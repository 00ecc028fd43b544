"""WhatsApp through the WhatsApp Business Platform's Cloud API: a template message (name,
language, components) POSTed to /{phone-number-id}/messages with a bearer token. Only a template
stored as APPROVED for the message's event and language is sent; otherwise TemplateNotApproved
(delivery then sends by SMS and says so). Without WHATSAPP_TOKEN the message is written to the log."""

from django.conf import settings

from ..events import TEXTS, template_category
from ..models import WhatsAppTemplate
from .base import GatewayError, TemplateNotApproved, log_message, post


def approved_template(event: str, language: str) -> WhatsAppTemplate:
    template = WhatsAppTemplate.objects.filter(event=event, language=language).first() if event else None
    if template is None:
        raise TemplateNotApproved(f"no WhatsApp template for {event or 'this message'} ({language})")
    if template.status != WhatsAppTemplate.Status.APPROVED:
        raise TemplateNotApproved(f"WhatsApp template {template.name} ({language}) is {template.status}")
    return template


def payload(message, template: WhatsAppTemplate) -> dict:
    """The Cloud API's template message: the body's parameters in the template's order; an
    authentication template also passes the code to its copy-code button."""
    params = message.params or {}
    names = TEXTS[message.event].params
    if any(name not in params for name in names):
        raise TemplateNotApproved(f"the message lacks the parameters of template {template.name}")
    components = [
        {"type": "body", "parameters": [{"type": "text", "text": str(params[name])} for name in names]}
    ]
    if template_category(message.event) == WhatsAppTemplate.Category.AUTHENTICATION:
        components.append(
            {
                "type": "button",
                "sub_type": "url",
                "index": "0",
                "parameters": [{"type": "text", "text": str(params[names[0]])}],
            }
        )
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.address,
        "type": "template",
        "biz_opaque_callback_data": str(message.key),
        "template": {
            "name": template.name,
            "language": {"code": template.language},
            "components": components,
        },
    }


class WhatsAppAdapter:
    channel = "whatsapp"
    session = None  # a requests.Session a batch's delivery sets, to reuse connections

    def send(self, message) -> str:
        if not message.address:
            raise GatewayError("recipient has no mobile number", retry=False)
        body = payload(message, approved_template(message.event, message.language))
        if not settings.WHATSAPP_TOKEN:
            return log_message(message, f"WhatsApp template {body['template']['name']}")
        url = f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        response = post(
            url,
            key=str(message.key),
            session=self.session,
            json=body,
            headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"},
        )
        try:
            return str(response.json()["messages"][0]["id"])[:100]
        except (ValueError, KeyError, IndexError, TypeError):
            return ""
