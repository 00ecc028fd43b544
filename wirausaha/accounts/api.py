from ninja import Router

from .schemas import MeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut)
def me(request):
    """The account behind this session or token, with its role and scope."""
    return request.auth
