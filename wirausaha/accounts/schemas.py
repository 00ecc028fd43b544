from ninja import Schema


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_label: str
    scope_region: str | None
    organisation: str | None

    @staticmethod
    def resolve_name(user) -> str:
        return user.display_name

    @staticmethod
    def resolve_role_label(user) -> str:
        return str(user.get_role_display())

    @staticmethod
    def resolve_scope_region(user) -> str | None:
        return user.scope_region_id

    @staticmethod
    def resolve_organisation(user) -> str | None:
        return user.organisation.name if user.organisation_id else None
