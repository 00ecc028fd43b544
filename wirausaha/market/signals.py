"""A licensing business or one of its certificates changed: its stored matches are refreshed after
the change is committed (licensing ranks lower and does not know the market)."""

from django.db.models.signals import post_save


def _business_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    from .actions.listings import refresh_business_later

    refresh_business_later(instance.pk)


def _item_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from .actions.listings import refresh_business_later

    refresh_business_later(instance.business_id)


def connect() -> None:
    from wirausaha.licensing.models import Business, ChecklistItem

    post_save.connect(_business_changed, sender=Business, dispatch_uid="market_business_changed")
    post_save.connect(_item_changed, sender=ChecklistItem, dispatch_uid="market_item_changed")
